//! `roadsmith serve` end to end: the real binary on a copy of tests/fixtures/serve-site,
//! a free loopback port, HTTP through tests/common/http.rs, a WebSocket client, and
//! (when Chromium is installed) a headless browser tab that must reload by itself.
#![cfg(feature = "serve")]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::copy_dir;
use common::http;
use common::serve::*;
use serde_json::Value;

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
fn an_edit_is_served_and_open_tabs_are_told_to_reload() {
    let server = Server::start();
    let mut live = server.live_socket();
    let first = live.next();
    assert_eq!(
        (first["generation"].as_u64(), first["error"].is_null()),
        (Some(1), true),
        "{first}"
    );

    // Editor leftovers never trigger a rebuild: the next state is the real edit's.
    for junk in [
        ".02-orm.md.swp",
        "02-orm.md~",
        "4913",
        ".#02-orm.md",
        "#02-orm.md#",
        "02-orm.md___jb_tmp___",
        ".DS_Store",
    ] {
        std::fs::write(server.site.join("content").join(junk), "junk").unwrap();
    }
    std::thread::sleep(Duration::from_millis(150));
    server.edit(
        "content/02-orm.md",
        "Original ORM text.",
        "Edited ORM text.",
    );
    let next = live.next();
    assert_eq!(
        (next["generation"].as_u64(), next["error"].is_null()),
        (Some(2), true),
        "{next}"
    );
    // The tab is told only once the new page is what the server returns.
    assert!(server.get("/stages/orm/").body.contains("Edited ORM text."));
    server.wait_for("(content/02-orm.md)", |s| s.stdout());
    let line = server
        .stdout()
        .lines()
        .find(|l| l.starts_with("Rebuilt in "))
        .unwrap()
        .to_string();
    assert!(line.ends_with(" ms (content/02-orm.md)"), "{line}");
}

/// An editor's save can reach the watcher in two batches of events (the file written,
/// then closed, with the writer held up in between): the second reads what the first
/// built. Nothing changed, so open tabs are not told to reload a second time.
#[test]
fn a_save_that_changes_nothing_reloads_nothing() {
    let server = Server::start();
    let mut live = server.live_socket();
    assert_eq!(live.next()["generation"].as_u64(), Some(1));
    let path = server.site.join("content/02-orm.md");
    let same = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &same).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    server.edit(
        "content/02-orm.md",
        "Original ORM text.",
        "Edited ORM text.",
    );
    let next = live.next();
    assert_eq!(next["generation"].as_u64(), Some(2), "{next}");
    assert!(server.get("/stages/orm/").body.contains("Edited ORM text."));
    server.wait_for("Rebuilt in ", |s| s.stdout());
    let rebuilt = server.stdout().matches("Rebuilt in ").count();
    assert_eq!(rebuilt, 1, "{}", server.stdout());
}

#[test]
fn a_broken_edit_shows_the_error_keeps_the_last_good_page_and_the_fix_recovers() {
    let server = Server::start();
    let mut live = server.live_socket();
    live.next();
    server.edit(
        "content/02-orm.md",
        "duration = \"2–3 weeks\"",
        "duration = \"2–3 fortnights\"",
    );
    let broken = live.next();
    let text = broken["error"]["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("content/02-orm.md:4: unreadable duration \"2–3 fortnights\""),
        "{broken}"
    );
    assert!(text.contains("hint: write it like"), "{text}");
    assert_eq!(broken["generation"].as_u64(), Some(1));
    server.wait_for("content/02-orm.md:4: unreadable duration", |s| s.stderr());

    // The last good page is still served, with the error for the overlay.
    let page = server.get("/stages/orm/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("2–3 weeks") && page.body.contains("unreadable duration"));
    assert!(
        server.get("/").body.contains("unreadable duration"),
        "every page carries the error"
    );

    server.edit("content/02-orm.md", "2–3 fortnights", "4 weeks");
    let fixed = live.next();
    assert_eq!(
        (fixed["generation"].as_u64(), fixed["error"].is_null()),
        (Some(2), true),
        "{fixed}"
    );
    let page = server.get("/stages/orm/");
    assert!(page.body.contains("4 weeks") && !page.body.contains("unreadable duration"));
}

#[test]
fn template_and_config_mistakes_do_not_stop_the_server() {
    let server = Server::start();
    let mut live = server.live_socket();
    live.next();
    let template = "themes/default/templates/stage.html";
    server.edit(template, "{% endblock %}", "{% endblok %}");
    let broken = live.next();
    let text = broken["error"]["text"].as_str().unwrap_or_default();
    assert!(text.contains(template), "{broken}");
    server.edit(template, "{% endblok %}", "{% endblock %}");
    // Mended as it was, the template changes no page: the tabs drop the error and do
    // not reload.
    let mended = live.next();
    assert_eq!(
        (mended["generation"].as_u64(), mended["error"].is_null()),
        (Some(1), true),
        "{mended}"
    );

    server.edit("site.toml", "[markdown]", "colour = 1\n[markdown]");
    let broken = live.next();
    assert!(
        broken["error"]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("site.toml:5"),
        "{broken}"
    );
    server.edit("site.toml", "colour = 1\n", "");
    let fixed = live.next();
    assert_eq!(
        (fixed["generation"].as_u64(), fixed["error"].is_null()),
        (Some(1), true),
        "{fixed}"
    );
    assert_eq!(server.get("/stages/orm/").status, 200);
}

#[test]
fn a_failed_first_build_still_serves_the_error_and_recovers() {
    let server = Server::start_with(|site| {
        let stage = site.join("content/03-deploy.md");
        let text = std::fs::read_to_string(&stage)
            .unwrap()
            .replace("1 week", "soon");
        std::fs::write(stage, text).unwrap();
    });
    let page = server.get("/stages/deploy/");
    assert_eq!(page.status, 500);
    assert!(
        page.body.contains("unreadable duration \\\"soon\\\"")
            && page.body.contains("data-roadsmith-live"),
        "{}",
        page.body
    );
    server.edit("content/03-deploy.md", "soon", "1 week");
    wait_until("the fixed site", || {
        server.get("/stages/deploy/").status == 200
    });
}

#[test]
fn stage_files_can_be_added_renamed_and_deleted() {
    let server = Server::start();
    let content = server.site.join("content");
    std::fs::write(
        content.join("04-extra.md"),
        "+++\ntitle = \"Extra\"\nstage = 4\nduration = \"1 week\"\n+++\n\nExtra stage.\n",
    )
    .unwrap();
    wait_until("the new stage", || {
        server.get("/stages/extra/").body.contains("Extra stage.")
    });
    std::fs::rename(content.join("03-deploy.md"), content.join("03-ship.md")).unwrap();
    wait_until("the renamed stage", || {
        server.get("/stages/ship/").status == 200
    });
    assert_eq!(server.get("/stages/deploy/").status, 404);
    std::fs::remove_file(content.join("04-extra.md")).unwrap();
    wait_until("the deleted stage to go", || {
        server.get("/stages/extra/").status == 404
    });
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

/// A real tab: it reloads by itself on an edit, shows the overlay on a mistake, and
/// clears it once the mistake is fixed.
#[tokio::test(flavor = "multi_thread")]
async fn a_browser_tab_reloads_and_shows_the_error_overlay() {
    if !common::chromium::available() {
        return;
    }
    let server = Server::start();
    let browser = common::chromium::launch(common::chromium::Launch::default()).await;
    let client = browser.client.clone();

    let result = async {
        client.goto(&server.url("/stages/orm/")).await.unwrap();
        let body = "var b = document.getElementById('stage-body'); return b ? b.textContent : '';";
        let overlay = "var o = document.getElementById('roadsmith-error-overlay'); return o ? o.textContent : null;";
        poll(&client, body, |v| {
            v.as_str().is_some_and(|t| t.contains("Original ORM text."))
        })
        .await;
        client
            .execute("window.__notReloaded = true; return null;", vec![])
            .await
            .unwrap();

        server.edit(
            "content/02-orm.md",
            "Original ORM text.",
            "Text the tab must show by itself.",
        );
        poll(&client, body, |v| {
            v.as_str()
                .is_some_and(|t| t.contains("Text the tab must show by itself."))
        })
        .await;
        let marker = client
            .execute("return window.__notReloaded === true;", vec![])
            .await
            .unwrap();
        assert_eq!(marker, Value::Bool(false), "the tab reloaded");

        server.edit(
            "content/02-orm.md",
            "duration = \"2–3 weeks\"",
            "duration = \"a while\"",
        );
        poll(&client, overlay, |v| {
            v.as_str()
                .is_some_and(|t| t.contains("unreadable duration \"a while\""))
        })
        .await;

        server.edit("content/02-orm.md", "a while", "2 weeks");
        poll(&client, overlay, Value::is_null).await;
        poll(
            &client,
            "return document.querySelector('.duration').textContent;",
            |v| v == "2 weeks",
        )
        .await;
    };
    result.await;
    client.close().await.unwrap();
}

/// Runs `script` in the tab until `done` accepts its result, within the deadline.
async fn poll(client: &fantoccini::Client, script: &str, done: impl Fn(&Value) -> bool) {
    let deadline = Instant::now() + WAIT;
    let mut last = Value::Null;
    while Instant::now() < deadline {
        // A script may fail while the tab is reloading; try again.
        if let Ok(value) = client.execute(script, vec![]).await {
            if done(&value) {
                return;
            }
            last = value;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out running {script:?} in the browser; last result {last}");
}

/// The serve-site fixture with 250 more stages of a week each after its three: a
/// duration edit of the ORM stage moves them all, past `IN_PARTS_PAST` pages.
fn long_serve_site(site: &Path) {
    add_stages(site, 250);
}

/// `count` stages of a week each after the fixture's three.
fn add_stages(site: &Path, count: usize) {
    for i in 4..4 + count {
        std::fs::write(
            site.join(format!("content/{i:04}-s{i}.md")),
            format!("+++\ntitle = \"Stage {i}\"\nstage = {i}\nduration = \"1 week\"\nslug = \"s{i}\"\n+++\nText {i}.\n"),
        )
        .unwrap();
    }
}

/// A save that moves every stage is published in two parts: first with the saved
/// stage's page and the overview (`partial`), then with the rest, naming the pages of
/// the first part `unchanged` since it, so tabs on them do not reload again.
#[test]
fn a_save_that_moves_every_stage_is_served_page_first() {
    let server = Server::start_with(long_serve_site);
    let mut live = server.live_socket();
    assert_eq!(live.next()["generation"].as_u64(), Some(1));
    let far = server.get("/stages/s200/").body;
    server.edit("content/02-orm.md", "2–3 weeks", "4–5 weeks");

    let first = live.next();
    assert_eq!(
        (first["generation"].as_u64(), first["partial"].as_bool()),
        (Some(2), Some(true)),
        "{first}"
    );
    assert!(server.get("/stages/orm/").body.contains("4–5 weeks"));
    let whole = live.next();
    assert_eq!(
        (whole["generation"].as_u64(), whole["partial"].as_bool()),
        (Some(3), Some(false)),
        "{whole}"
    );
    assert_eq!(
        whole["unchanged"],
        serde_json::json!({ "since": 2, "paths": ["/", "/stages/orm/"] })
    );
    assert_ne!(server.get("/stages/s200/").body, far, "the far stage moved");
    // The terminal says both times.
    server.wait_for("(content/02-orm.md; its page served after ", |s| s.stdout());
    // A save of few pages is published whole, at once.
    server.edit(
        "content/02-orm.md",
        "Original ORM text.",
        "Edited ORM text.",
    );
    let next = live.next();
    assert_eq!(
        (next["generation"].as_u64(), next["partial"].as_bool()),
        (Some(4), Some(false)),
        "{next}"
    );
    assert!(next["unchanged"].is_null(), "{next}");
}

/// In a real tab: on the saved stage's page, a save written in two parts reloads the
/// tab once, with the first part; on a far stage's page, with the second; on a saved
/// page whose script fetched data (the fixture's deploy stage reads roadmap.json, as the
/// default theme's plan does), with both, as the second wrote the data anew.
#[tokio::test(flavor = "multi_thread")]
async fn a_tab_reloads_once_for_a_save_written_in_two_parts() {
    if !common::chromium::available() {
        return;
    }
    // 1,000 stages, so that the second part (every page lists every stage in this
    // fixture's theme) takes longer than the tab's reload: some 2 s in a debug build.
    let server = Server::start_with(|site| add_stages(site, 1000));
    let browser = common::chromium::launch(common::chromium::Launch::default()).await;
    let client = browser.client.clone();
    let weeks = "var w = document.querySelector('.stage-weeks'); return w ? w.textContent : '';";
    let duration = "var d = document.querySelector('.duration'); return d ? d.textContent : '';";
    let mark = "window.__notReloaded = true; return null;";
    let marked = "return window.__notReloaded === true;";

    client.goto(&server.url("/stages/orm/")).await.unwrap();
    poll(&client, duration, |v| v == "2–3 weeks").await;
    client.execute(mark, vec![]).await.unwrap();
    let rebuilt = server.stdout().matches("Rebuilt in ").count();
    server.edit("content/02-orm.md", "2–3 weeks", "4–5 weeks");
    poll(&client, duration, |v| v == "4–5 weeks").await;
    client.execute(mark, vec![]).await.unwrap();
    // The second part is published once the server says it rebuilt; a tab that was to
    // reload would do so within moments of it.
    wait_until("the second part", || {
        server.stdout().matches("Rebuilt in ").count() > rebuilt
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let still = client.execute(marked, vec![]).await.unwrap();
    assert_eq!(still, Value::Bool(true), "the saved page reloaded twice");

    client.goto(&server.url("/stages/s200/")).await.unwrap();
    poll(&client, weeks, |v| {
        v.as_str().is_some_and(|t| !t.is_empty())
    })
    .await;
    let before = client.execute(weeks, vec![]).await.unwrap();
    client.execute(mark, vec![]).await.unwrap();
    server.edit("content/02-orm.md", "4–5 weeks", "1 week");
    poll(&client, weeks, |v| *v != before).await;
    let reloaded = client.execute(marked, vec![]).await.unwrap();
    assert_eq!(reloaded, Value::Bool(false), "the far stage's tab reloaded");

    // Whether the tab reloads between the parts or after both, it ends up showing the
    // data the second part wrote, not what it read after the first.
    client.goto(&server.url("/stages/deploy/")).await.unwrap();
    let read = "return document.documentElement.getAttribute('data-read-duration');";
    poll(&client, read, |v| v == "1 week").await;
    server.edit("content/03-deploy.md", "1 week", "2 weeks");
    poll(&client, read, |v| v == "2 weeks").await;
    assert_eq!(client.execute(duration, vec![]).await.unwrap(), "2 weeks");
    client.close().await.unwrap();
}
