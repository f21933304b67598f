//! `roadsmith serve` while the author edits, end to end: the real binary on a copy of
//! tests/fixtures/serve-site, a WebSocket client, and (when Chromium is installed) a
//! headless browser tab that must reload by itself. Edits are served and announced once
//! (editor leftovers and saves that change nothing reload nothing), mistakes in content,
//! templates and site.toml show the error and keep the last good page until fixed,
//! stage files come and go, and a save that moves every stage is served page first, in
//! two parts, with each tab reloading once.
#![cfg(feature = "serve")]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::serve::*;
use serde_json::Value;

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
    // The watcher may see the new name before the old one goes: in between, both
    // files say `stage = 3`, an error served in place of every page.
    wait_until("the old name to go", || {
        server.get("/stages/deploy/").status == 404
    });
    std::fs::remove_file(content.join("04-extra.md")).unwrap();
    wait_until("the deleted stage to go", || {
        server.get("/stages/extra/").status == 404
    });
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
