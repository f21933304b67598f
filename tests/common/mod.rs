//! Fixture sites for integration tests: copy a fixture into a temporary folder with the
//! repository's default theme, run the real binary on it, and look at what it wrote.
#![allow(dead_code)]

#[cfg(unix)]
pub mod actions;
#[cfg(feature = "serve")]
pub mod chromium;
pub mod http;
pub mod link_hosts;
pub mod plan;
#[cfg(feature = "serve")]
pub mod plan_page;
#[cfg(feature = "serve")]
pub mod progress;
#[cfg(all(unix, feature = "serve"))]
pub mod release;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(feature = "serve")]
pub mod tab;
pub mod updates;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The part of `html` from `start` to the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {html}"));
    let to = from + html[from..].find(end).unwrap();
    &html[from..to]
}

/// The value of `attr="..."` in `tag`.
pub fn attr<'a>(tag: &'a str, attr: &str) -> &'a str {
    let key = format!(" {attr}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{attr} in {tag}")) + key.len();
    &tag[start..start + tag[start..].find('"').unwrap()]
}

/// Markdown `text` with its inline links' targets taken out: the text a reader sees,
/// and the URLs, in order.
pub fn split_links(text: &str) -> (String, Vec<String>) {
    let mut plain = String::new();
    let mut urls = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        let end = rest[i..].find(')').map_or(rest.len(), |e| i + e);
        plain.push_str(&rest[..i]);
        urls.push(rest[i + 2..end].to_string());
        rest = &rest[(end + 1).min(rest.len())..];
    }
    plain.push_str(rest);
    (plain, urls)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A stylesheet of the repository's default theme as a build serves it: the `*.css`
/// parts of `themes/default/static/<name>.d/`, in name order.
pub fn default_theme_css(name: &str) -> String {
    let dir = repo()
        .join("themes/default/static")
        .join(format!("{name}.d"));
    let mut parts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "css"))
        .collect();
    parts.sort();
    parts
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The repository's own site, the Django roadmap (`site.toml`, `content/`, `themes/`), in
/// a temporary folder: for tests/django.rs only, the tests of that roadmap. Every other
/// test builds fixtures under tests/fixtures/, so that editing the roadmap breaks no
/// test of the tool.
pub fn django() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

/// A temporary site made of `tests/fixtures/<names>` laid over one another, plus the
/// repository's `themes/` when the fixtures bring none.
pub fn site(names: &[&str]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    }
    if !dir.path().join("themes").exists() {
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    }
    dir
}

/// The minimal fixture with its stages taken out (site.toml, the theme and the home
/// page stay), for a test to write a roadmap of its own into `content/`.
pub fn site_without_stages() -> TempDir {
    let dir = site(&["minimal"]);
    let content = dir.path().join("content");
    for entry in std::fs::read_dir(&content).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "_index.md" {
            std::fs::remove_file(path).unwrap();
        }
    }
    dir
}

/// A long roadmap: a stage for each number of `stages`, a week each, in
/// `content/<number, width digits>-stage.md` with the title "Stage number N", the slug
/// `sN` and the text `body(N)`; the home page's text is `home`.
pub fn long_site(
    stages: impl Iterator<Item = usize>,
    width: usize,
    body: impl Fn(usize) -> String,
    home: &str,
) -> TempDir {
    let dir = site_without_stages();
    let content = dir.path().join("content");
    for i in stages {
        std::fs::write(
            content.join(format!("{i:0width$}-stage.md")),
            format!(
                "+++\ntitle = \"Stage number {i}\"\nstage = {i}\nduration = \"1 week\"\nslug = \"s{i}\"\n+++\n{}",
                body(i)
            ),
        )
        .unwrap();
    }
    std::fs::write(
        content.join("_index.md"),
        format!("+++\ntitle = \"Long\"\ndescription = \"A long roadmap\"\n+++\n{home}"),
    )
    .unwrap();
    dir
}

pub fn roadsmith(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roadsmith"))
        .args(args)
        .output()
        .unwrap()
}

pub fn build(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    roadsmith(&args)
}

/// Builds `site` with `extra` arguments, which must succeed: the site and its `public/`.
pub fn built_site(site: TempDir, extra: &[&str]) -> (TempDir, PathBuf) {
    let out = build(site.path(), extra);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    (site, public)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// The roadmap's data of a language's folder as one value: the index `roadmap.json`
/// with each stage's and page's row replaced by its whole entry from the parts under
/// `roadmap/` (what a reader's script assembles with `roadsmith.roadmap()`).
#[allow(dead_code)]
pub fn roadmap_data(root: &Path) -> serde_json::Value {
    let mut index: serde_json::Value = serde_json::from_str(&read(root, "roadmap.json")).unwrap();
    let parts: Vec<serde_json::Value> = (index["parts"].as_array().unwrap().iter())
        .map(|p| serde_json::from_str(&read(root, p.as_str().unwrap())).unwrap())
        .collect();
    for list in ["stages", "pages"] {
        let rows = index[list].as_array().unwrap().clone();
        let whole: Vec<serde_json::Value> = (parts.iter())
            .flat_map(|p| p[list].as_array().cloned().unwrap_or_default())
            .map(|entry| entry_over_row(&rows, entry, index["url"].as_str().unwrap()))
            .collect();
        let rows = index[list].as_array().unwrap().len();
        assert_eq!(
            whole.len(),
            rows,
            "every {list} row has its entry in a part"
        );
        index[list] = serde_json::Value::Array(whole);
    }
    let stages = index["stages"].as_array_mut().unwrap();
    let slugs: Vec<String> = (stages.iter())
        .map(|s| s["slug"].as_str().unwrap().to_string())
        .collect();
    for (stage, items) in stages.iter_mut().zip(stage_items(root, &slugs)) {
        stage["items"] = items;
    }
    index
}

/// The items of the stages `slugs` (all, in order) from the search fragments (`[kind,
/// text, anchor, id, tracked?]`, a heading's without id), made objects with whole ids,
/// as `reader.js` does (`itemsAt`).
fn stage_items(root: &Path, slugs: &[String]) -> Vec<serde_json::Value> {
    let meta: serde_json::Value = serde_json::from_str(&read(root, "search/meta.json")).unwrap();
    let kinds = meta["kinds"].as_array().unwrap();
    let tracked = meta["tracked"].as_array().unwrap();
    let mut out = Vec::new();
    for first in meta["fragments"].as_array().unwrap() {
        let fragment = read(root, &format!("search/f-{first}.json"));
        let stages: Vec<serde_json::Value> = serde_json::from_str(&fragment).unwrap();
        for stage in stages {
            let slug = &slugs[out.len()];
            let items = (stage["e"].as_array().unwrap().iter())
                .filter(|e| e.as_array().unwrap().len() >= 4)
                .map(|e| {
                    let kind = &kinds[e[0].as_u64().unwrap() as usize];
                    // Said only when not as its kind is.
                    let tracked = e.get(4).map_or(tracked.contains(kind), |t| t == 1);
                    serde_json::json!({"id": whole_id(slug, &e[3]), "text": e[1], "kind": kind, "tracked": tracked})
                })
                .collect();
            out.push(serde_json::Value::Array(items));
        }
    }
    assert_eq!(out.len(), slugs.len(), "every stage is in a fragment");
    out
}

/// An item id as the reader's files write it within `slug`, whole again.
fn whole_id(slug: &str, id: &serde_json::Value) -> String {
    let id = id.as_str().unwrap();
    if id.contains('/') {
        id.to_string()
    } else {
        format!("{slug}/{id}")
    }
}

/// A part's entry laid over its index row, a page's items `[id, text, kind, tracked]`
/// made objects with whole ids again, as `reader.js` does (`entryOf`).
fn entry_over_row(
    rows: &[serde_json::Value],
    entry: serde_json::Value,
    url: &str,
) -> serde_json::Value {
    let slug = entry["slug"].as_str().unwrap().to_string();
    let row = (rows.iter().find(|r| r["slug"] == slug.as_str()))
        .unwrap_or_else(|| panic!("{slug}: a part's entry without its row"));
    let mut out = row.as_object().unwrap().clone();
    for (k, v) in entry.as_object().unwrap() {
        out.insert(k.clone(), v.clone());
    }
    // A page's items; a stage's are in its search fragment.
    let items: Vec<serde_json::Value> = (entry["items"].as_array().into_iter().flatten())
        .map(|i| serde_json::json!({"id": whole_id(&slug, &i[0]), "text": i[1], "kind": i[2], "tracked": i[3] == 1}))
        .collect();
    out.insert("items".into(), serde_json::Value::Array(items));
    // What the files leave out when it says nothing: no requirements, not optional, the
    // main track.
    if out.contains_key("order") {
        // A stage's URL: the index's and its path.
        out.insert("url".into(), format!("{url}stages/{slug}/").into());
        out.entry("requires").or_insert(serde_json::json!([]));
        out.entry("optional").or_insert(serde_json::json!(false));
        out.entry("track").or_insert(serde_json::Value::Null);
    }
    serde_json::Value::Object(out)
}

/// Makes a hand-made output folder look like an earlier build, which a build replaces
/// (it refuses other folders that hold files).
pub fn mark_as_built(public: &Path) {
    for mark in roadsmith::output::BUILD_MARKS {
        let path = public.join(mark);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "from an earlier build").unwrap();
    }
}

/// Runs the real `git` in `dir` as on a clean CI machine (a fixed identity, no user or
/// system configuration, nothing inherited from a surrounding repository) and returns
/// its standard output; panics when git fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=roadsmith tests",
            "-c",
            "user.email=tests@roadsmith.invalid",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env(
            "GIT_CONFIG_GLOBAL",
            std::env::temp_dir().join("roadsmith-tests-no-gitconfig"),
        )
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        stderr(&out)
    );
    stdout(&out)
}

/// Makes `site` a git repository on `main` with everything committed, `public/`
/// ignored, and `public/` a worktree of it on a new, empty `gh-pages` branch: the
/// folder a build is published from on GitHub Pages' "Deploy from a branch".
pub fn gh_pages_worktree(site: &Path) {
    std::fs::write(site.join(".gitignore"), "public/\n").unwrap();
    git(site, &["init", "-q", "-b", "main"]);
    git(site, &["add", "--all"]);
    git(site, &["commit", "-q", "-m", "The roadmap"]);
    git(site, &["worktree", "add", "-q", "--detach", "public"]);
    let public = site.join("public");
    git(&public, &["checkout", "-q", "--orphan", "gh-pages"]);
    git(&public, &["rm", "-r", "-f", "-q", "."]);
}

/// Every file below `dir` with its bytes, to compare a folder before and after.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Every `href="..."` and `src="..."` value in `html`.
pub fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].to_string());
        }
    }
    out
}

/// Starts Debian's chromedriver on a free loopback port and waits (bounded) until it
/// listens. The caller kills the child when done.
pub fn start_chromedriver() -> (std::process::Child, u16) {
    use std::net::{TcpListener, TcpStream};
    use std::time::{Duration, Instant};
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromedriver is installed (apt-get install -y chromium-driver)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start listening"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, port)
}

/// `sw.js`'s version and precache list.
pub fn worker(public: &Path) -> (String, Vec<String>) {
    let text = read(public, "sw.js");
    let value = |prefix: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("{prefix} in sw.js"))
            .trim_end_matches(';')
            .to_string()
    };
    let version: String = serde_json::from_str(&value("var VERSION = ")).unwrap();
    let list: Vec<String> = serde_json::from_str(&value("var PRECACHE = ")).unwrap();
    (version, list)
}
