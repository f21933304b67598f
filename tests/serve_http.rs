//! What `roadsmith serve` answers, end to end: the real binary on a copy of
//! tests/fixtures/serve-site, a free loopback port, HTTP through tests/common/http.rs.
//! Pages with their content types and the live-reload script (which `build` never
//! writes), the site's 404 page, no request that reads outside the site, nothing for
//! other host names (the live-reload socket included), and the output folders of killed
//! servers removed by the next one to start.
#![cfg(feature = "serve")]

mod common;

use std::path::Path;
use std::process::Command;

use common::copy_dir;
use common::http;
use common::serve::*;

#[test]
fn pages_are_served_with_their_content_types_and_the_live_script() {
    let server = Server::start();
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("Welcome to the fixture roadmap."));
    assert!(
        home.body.contains("data-roadsmith-live"),
        "no live-reload script in {}",
        home.body
    );
    assert!(home.body.find("data-roadsmith-live") < home.body.find("</body>"));

    let stage = server.get("/stages/orm/");
    assert_eq!(stage.status, 200);
    assert!(stage.body.contains("Original ORM text."));
    // While serving, links point at the local server, not the published site.
    assert!(
        stage
            .body
            .contains(&format!("href=\"{}\"", server.url("/stages/orm/")))
    );

    let css = server.get("/style.css");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css"))
    );
    assert!(!css.body.contains("roadsmith-live"));
    let sitemap = server.get("/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    assert!(
        sitemap
            .header("content-type")
            .is_some_and(|t| t.contains("xml")),
        "{:?}",
        sitemap.headers
    );
    assert_eq!(
        server.get("/robots.txt").header("content-type"),
        Some("text/plain")
    );
}

#[test]
fn build_output_has_no_live_script() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    let status = Command::new(env!("CARGO_BIN_EXE_roadsmith"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", common::stderr(&status));
    for page in ["index.html", "404.html", "stages/orm/index.html"] {
        let html = std::fs::read_to_string(dir.path().join("public").join(page)).unwrap();
        assert!(
            html.contains("</body>")
                && !html.contains("roadsmith-live")
                && !html.contains("__roadsmith"),
            "{page}"
        );
    }
}
#[test]
fn requests_never_read_outside_the_served_site() {
    let server = Server::start();
    // Targets for an escape: the site's sources and the server's private folder.
    std::fs::write(server.site.join("secret.txt"), "TOP-SECRET").unwrap();
    std::fs::write(
        server.site.parent().unwrap().join("tmp/secret.txt"),
        "TOP-SECRET",
    )
    .unwrap();
    for path in [
        "/../x",
        "/%2e%2e/x",
        "/..%2fx",
        "/%2e%2e%2fsite.toml",
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/%2e%2e/site/secret.txt",
        "/stages/../../secret.txt",
        "/..%5csecret.txt",
        "/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/..\\..\\secret.txt",
        "/%252e%252e/secret.txt",
    ] {
        // Byte for byte: a client library would normalise or refuse these paths.
        let r = http::raw_get(server.port, path);
        assert!(matches!(r.status, 400 | 404), "{path}: status {}", r.status);
        assert!(
            !r.body.contains("TOP-SECRET") && !r.body.contains("base_url"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn other_names_for_the_server_get_nothing() {
    // DNS rebinding: a page on attacker.example makes its name resolve to 127.0.0.1 and
    // reads what the preview answers to it.
    let server = Server::start();
    let port = server.port;
    let as_host = |path: &str, host: &str| {
        let host = format!("{host}:{port}");
        http::request(&http::agent(), &server.url(path), &[("Host", &host)]).unwrap()
    };
    assert_eq!(as_host("/", "localhost").status, 200);
    for path in ["/", "/roadmap.json", "/stages/"] {
        let r = as_host(path, "attacker.example");
        assert_eq!(r.status, 421, "{path}");
        assert!(
            !r.body.contains("<html") && !r.body.contains("stages"),
            "{path}"
        );
    }
    // The live-reload socket, which carries build errors, refuses it too.
    use tungstenite::client::IntoClientRequest;
    let mut request = format!("ws://127.0.0.1:{port}/__roadsmith/live")
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("Host", format!("attacker.example:{port}").parse().unwrap());
    let stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    match tungstenite::client(request, stream) {
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
            assert_eq!(response.status().as_u16(), 421)
        }
        Ok(_) => panic!("the live-reload socket opened for attacker.example"),
        Err(e) => panic!("no answer to the handshake: {e}"),
    }
}

/// The output folders of servers: `roadsmith-serve-*` in the temporary folder.
fn output_folders(tmp: &Path) -> std::collections::BTreeSet<std::path::PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("roadsmith-serve-")
        })
        .collect()
}

/// A server killed before it could clean up leaves its folder; the next server to
/// start removes it, and never the folder of a server still running (each holds a lock
/// on a file in its folder, which the system drops when the process ends).
#[test]
fn a_starting_server_removes_the_folders_of_killed_servers_only() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(Path::new(FIXTURE), &site);
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();

    let mut killed = Server::launch(&site, &tmp);
    let killed_folder = output_folders(&tmp);
    assert_eq!(killed_folder.len(), 1, "{killed_folder:?}");
    let running = Server::launch(&site, &tmp);
    let both = output_folders(&tmp);
    assert_eq!(both.len(), 2, "a running server's folder is kept: {both:?}");
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    assert_eq!(output_folders(&tmp), both, "killed: no chance to clean up");

    let next = Server::launch(&site, &tmp);
    let now = output_folders(&tmp);
    assert!(now.is_disjoint(&killed_folder), "{now:?}");
    assert!(now.is_superset(&(&both - &killed_folder)), "{now:?}");
    assert_eq!(now.len(), 2, "{now:?}");
    assert_eq!(running.get("/").status, 200);
    assert_eq!(next.get("/").status, 200);
}

#[test]
fn a_missing_page_gets_the_sites_404_page() {
    let server = Server::start();
    let r = server.get("/no/such/page/");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.body.contains("Page not found") && r.body.contains("data-roadsmith-live"));
}
