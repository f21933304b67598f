//! What a build writes to make the site work offline and install as an app: `sw.js`
//! (the precache list and a version that follows the content), the manifest and its
//! icons, `accent` of site.toml; and `roadsmith serve`'s answer for `/sw.js`. The
//! browser side is in tests/lasting_offline.rs.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;
use tempfile::TempDir;

/// Width and height of a PNG file.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// tests/fixtures/rich built for a reader at `https://user.github.io/rich/`, and its
/// `public/`.
fn built_rich() -> (TempDir, PathBuf) {
    built_site(
        site(&["rich"]),
        &["--base-url", "https://user.github.io/rich/"],
    )
}

#[test]
fn a_build_writes_a_worker_that_precaches_the_site() {
    let (_site, public) = built_rich();
    let (version, list) = worker(&public);
    assert_eq!(version.len(), 16, "{version}");
    for wanted in [
        "./",
        "stages/languages/",
        "extras/",
        "print/",
        "404.html",
        "kit.js",
        "reader.js",
        "progress.js",
        "share.js",
        "match.js",
        "style.css",
        "roadmap.json",
        "search/meta.json",
        "manifest.webmanifest",
        "icon-192.png",
        "img/diagram.svg",
    ] {
        assert!(list.iter().any(|l| l == wanted), "{wanted} in {list:?}");
    }
    for unwanted in [
        "sw.js",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "index.html",
    ] {
        assert!(
            !list.iter().any(|l| l == unwanted),
            "{unwanted} in {list:?}"
        );
    }
    // Every file of the list is in the output, under the URL a reader uses.
    for entry in &list {
        let file = match entry.as_str() {
            "./" => public.join("index.html"),
            dir if dir.ends_with('/') => public.join(dir).join("index.html"),
            file => public.join(file),
        };
        assert!(file.is_file(), "{entry}");
    }
    // The worker's own code follows, and the worker is valid JavaScript.
    let sw = read(&public, "sw.js");
    assert!(sw.contains("self.registration.scope"));
    if let Ok(out) = std::process::Command::new("node")
        .arg("--check")
        .arg(public.join("sw.js"))
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_build_writes_the_manifest_and_its_icons() {
    let (_site, public) = built_rich();
    let manifest: Value = serde_json::from_str(&read(&public, "manifest.webmanifest")).unwrap();
    assert_eq!(manifest["name"], "Rich <Roadmap> & \"Friends\"");
    assert_eq!(manifest["short_name"], "Rich");
    assert_eq!(manifest["start_url"], "./");
    assert_eq!(manifest["scope"], "./");
    assert_eq!(manifest["display"], "standalone");
    // The default theme's --accent and --bg.
    assert_eq!(manifest["theme_color"], "#0b6e4f");
    assert_eq!(manifest["background_color"], "#ffffff");
    let icons = manifest["icons"].as_array().unwrap();
    assert!(
        icons
            .iter()
            .any(|i| i["purpose"] == "maskable" && i["sizes"] == "512x512")
    );
    for (file, size) in [("icon-192.png", 192), ("icon-512.png", 512)] {
        let bytes = std::fs::read(public.join(file)).unwrap();
        assert_eq!(png_size(&bytes), (size, size), "{file}");
    }
}

#[test]
fn pages_link_the_manifest_and_the_overview_has_the_items_version() {
    let (_site, public) = built_rich();
    let page = read(&public, "stages/languages/index.html");
    assert!(page.contains("<link rel=\"manifest\" href=\"/rich/manifest.webmanifest\">"));
    assert!(page.contains("<link rel=\"icon\" href=\"/rich/icon-192.png\" type=\"image/png\">"));
    assert!(
        !page.contains("data-items-version=\""),
        "on the overview only"
    );
    let overview = read(&public, "index.html");
    let roadmap: Value = roadmap_data(&public);
    let version = roadmap["items_version"].as_str().unwrap();
    assert!(
        overview.contains(&format!("data-items-version=\"{version}\"")),
        "the items' hash, as roadmap.json has it"
    );
}

#[test]
fn the_version_changes_with_the_content_and_only_with_it() {
    let site = site(&["rich"]);
    let public = site.path().join("public");
    let built = || {
        let out = build(site.path(), &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        worker(&public)
    };
    let (first, list) = built();
    let (again, same_list) = built();
    assert_eq!(first, again, "the same content, the same version");
    assert_eq!(list, same_list);
    let items = |public: &Path| {
        let page = read(public, "index.html");
        let at = page.find("data-items-version=\"").unwrap() + 20;
        page[at..at + 8].to_string()
    };
    let items_before = items(&public);

    // A paragraph: a new version, the same items.
    let stage = site.path().join("content/02-data.md");
    let text = std::fs::read_to_string(&stage).unwrap();
    std::fs::write(
        &stage,
        text.replace("Tables, queries", "Tables and queries"),
    )
    .unwrap();
    let (second, _) = built();
    assert_ne!(second, first);
    assert_eq!(items(&public), items_before);

    // An item: both change.
    let text = std::fs::read_to_string(&stage).unwrap();
    std::fs::write(
        &stage,
        text.replace("- TOML tables and arrays", "- TOML tables"),
    )
    .unwrap();
    let (third, _) = built();
    assert_ne!(third, second);
    assert_ne!(items(&public), items_before);
}

#[test]
fn accent_colours_the_app_and_a_wrong_one_is_named_with_its_line() {
    let site = site(&["rich"]);
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    // Before [markdown], where a key of the site goes.
    std::fs::write(&toml, format!("accent = \"#FFD23F\"\n{text}")).unwrap();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let manifest: Value = serde_json::from_str(&read(&public, "manifest.webmanifest")).unwrap();
    assert_eq!(manifest["theme_color"], "#ffd23f");

    let bad = text.replacen("\nlanguage = ", "\naccent = \"sunflower\"\nlanguage = ", 1);
    std::fs::write(&toml, bad).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("language = "))
        .unwrap()
        + 1;
    let out = build(site.path(), &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "site.toml:{line}: accent \"sunflower\" is not a colour"
        )),
        "{err}"
    );
    assert!(err.contains("accent = \"#0b6e4f\""), "{err}");
}

#[test]
fn a_file_of_the_site_by_the_same_name_wins() {
    let site = site(&["rich"]);
    let statics = site.path().join("static");
    std::fs::create_dir_all(&statics).unwrap();
    std::fs::write(
        statics.join("manifest.webmanifest"),
        "{\"name\": \"mine\"}\n",
    )
    .unwrap();
    std::fs::write(statics.join("sw.js"), "// my own worker\n").unwrap();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    assert_eq!(
        read(&public, "manifest.webmanifest"),
        "{\"name\": \"mine\"}\n"
    );
    assert_eq!(read(&public, "sw.js"), "// my own worker\n");
    assert!(public.join("icon-512.png").is_file(), "the others are made");
}

/// The preview answers `/sw.js` with a worker that removes itself: never a site's.
#[cfg(feature = "serve")]
#[test]
fn serve_answers_sw_js_with_a_worker_that_removes_itself() {
    let server = common::serve::Server::start();
    let response = http::get(&server.url("/sw.js"));
    assert_eq!(response.status, 200);
    assert!(
        response
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/javascript")),
        "{:?}",
        response.headers
    );
    assert_eq!(response.header("cache-control"), Some("no-store"));
    assert!(response.body.contains("self.registration.unregister()"));
    assert!(!response.body.contains("PRECACHE"));
}
