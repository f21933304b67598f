//! What the page keeps, in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`) on tests/fixtures/rich served as a static host would:
//!
//! - with storage disabled or full the roadmap says so and keeps working;
//! - progress stored by the earlier version of the format loads;
//! - scripts that run before reader.js can use `window.roadsmith`;
//! - a stage page notices by itself that its items changed since the last visit;
//! - axe-core finds nothing on the pages in these states.
//!
//! Without /usr/bin/chromium the tests are skipped loudly, except under CI.
#![cfg(feature = "serve")]

mod common;

use serde_json::{Value, json};

use common::chromium::{self, Launch};
use common::progress::{Items, PROGRESS_KEY, build, edit, rework};
use common::tab::Tab;

#[tokio::test(flavor = "multi_thread")]
async fn without_storage_the_roadmap_says_so_and_works() {
    if !chromium::available() {
        return;
    }
    let site = common::site(&["rich"]);
    let server = common::http::build_and_serve(site.path());
    let base = server.base();

    // Site data blocked: localStorage throws on every use.
    let blocked = Tab::launch(
        &base,
        Launch {
            prefs: Some(json!({ "profile.default_content_setting_values.cookies": 2 })),
            ..Launch::default()
        },
    )
    .await;
    blocked.open("").await;
    assert_eq!(
        blocked
            .js("try { localStorage.length; return 'kept'; } catch (e) { return e.name; }")
            .await,
        json!("SecurityError")
    );
    assert!(
        blocked
            .text(".storage-note")
            .await
            .contains("does not let the site keep anything")
    );
    blocked.assert_axe("the overview without storage").await;
    blocked.open("stages/languages/").await;
    blocked.status("Ownership in Rust", "done").await;
    blocked
        .until(
            "the stage bar",
            "return document.querySelector('[data-progress-stage] progress').value === 1",
        )
        .await;
    blocked
        .note("Ownership in Rust", "kept for this page")
        .await;
    blocked
        .wait_for("#search-input")
        .await
        .send_keys("Promises")
        .await
        .unwrap();
    blocked.wait_for("#search-results a.search-result").await;
    let errors = blocked.errors().await;
    assert!(errors.is_empty(), "console: {errors:#?}");
    blocked.close().await;

    // Storage full: what is ticked works on the page, and the reader is told.
    let tab = Tab::launch(&base, Launch::default()).await;
    tab.open("stages/languages/").await;
    // Fills what is left, in ever smaller pieces.
    tab.js("var n = 0; [1 << 20, 1 << 16, 1 << 12, 1 << 8, 16, 1].forEach(function (size) { var s = 'x'.repeat(size); try { for (;;) localStorage.setItem('fill' + n++, s); } catch (e) {} }); return true;")
        .await;
    tab.status("Ownership in Rust", "done").await;
    tab.until(
        "the storage note",
        "var n = document.querySelector('[data-progress-stage] .storage-note'); return !!n && /storage for the site is full/.test(n.textContent);",
    )
    .await;
    assert_eq!(
        tab.js("return document.querySelector('[data-progress-stage] progress').value")
            .await,
        json!(1)
    );
    tab.assert_axe("a stage with storage full").await;
    // Room again: the next change is kept, and the note goes.
    tab.js("Object.keys(localStorage).forEach(function (k) { if (k.indexOf('fill') === 0) localStorage.removeItem(k); }); return true;")
        .await;
    tab.status("Promises in JavaScript", "doing").await;
    tab.until(
        "the note to go",
        "return !document.querySelector('.storage-note')",
    )
    .await;
    assert_eq!(
        tab.stored().await["items"].as_object().map(|o| o.len()),
        Some(2)
    );
    let errors = tab.errors().await;
    assert!(errors.is_empty(), "console: {errors:#?}");
    tab.close().await;
}

/// Version 1 of the stored progress, `{ version: 1, site, items: { id: status } }`,
/// loads as it is, and the first visit with it marks nothing.
#[tokio::test(flavor = "multi_thread")]
async fn progress_stored_by_the_earlier_version_loads() {
    if !chromium::available() {
        return;
    }
    let site = common::site(&["rich"]);
    let server = common::http::build_and_serve(site.path());
    let base = server.base();
    let roadmap: Value = common::roadmap_data(&site.path().join("public"));
    let id = |text: &str| -> String {
        roadmap["stages"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["items"].as_array().unwrap())
            .find(|i| i["text"] == text)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let old = json!({
        "version": 1,
        "site": "/",
        "items": {
            id("Ownership in Rust"): "done",
            id("Promises in JavaScript"): "doing",
            // An item of a roadmap that changed since: no text to follow it by.
            "languages/0badc0de": "done",
        }
    });
    let tab = Tab::launch(&base, Launch::default()).await;
    tab.open("stages/languages/").await;
    // As the earlier version left it: its progress, nothing else.
    tab.js(&format!(
        "localStorage.clear(); localStorage.setItem('{PROGRESS_KEY}', {}); return true;",
        json!(old.to_string())
    ))
    .await;
    tab.open("stages/languages/").await;
    assert_eq!(
        tab.item_state("Ownership in Rust").await,
        json!({ "status": "done", "note": null, "mark": null, "readOnly": false })
    );
    assert_eq!(
        tab.item_state("Promises in JavaScript").await["status"],
        "doing"
    );
    tab.until(
        "the unknown item kept aside",
        "return !!document.querySelector('.removed-notice')",
    )
    .await;
    assert!(
        tab.text(".removed-notice")
            .await
            .starts_with("1 item you had done was removed from the roadmap.")
    );
    let stored = tab.stored().await;
    assert_eq!(stored["version"], 2);
    assert_eq!(
        stored["items"][id("Ownership in Rust")]["text"],
        "Ownership in Rust",
        "texts are filled in for the next change"
    );
    assert!(stored["removed"]["languages/0badc0de"].is_object());
    assert_eq!(
        tab.js("return document.querySelectorAll('.item-mark').length")
            .await,
        json!(0)
    );
    tab.close().await;
}

/// window.roadsmith for the theme's other scripts (a dated plan, say): one that runs
/// before reader.js (a plain script in the page; reader.js is deferred) registers with
/// it at once and reads progress from DOMContentLoaded on.
#[tokio::test(flavor = "multi_thread")]
async fn scripts_before_reader_js_can_use_window_roadsmith() {
    if !chromium::available() {
        return;
    }
    let site = common::site(&["rich"]);
    // Raw HTML is on in the rich fixture: a script in the page, run as it is parsed.
    edit(
        site.path(),
        "01-languages.md",
        "Three languages side by side.",
        "Three languages side by side.\n\n<script>\nvar r = window.roadsmith; window.changes = 0;\nr.onChange(function () { window.changes++; });\nr.exportPart('probe', { save: function () { return 42; }, load: function (v) { window.loaded = v; } });\ndocument.addEventListener('DOMContentLoaded', function () { window.early = [typeof r.status, r.status('languages/00000000'), r.base]; });\n</script>\n",
    );
    let server = common::http::build_and_serve(site.path());
    let base = server.base();
    let tab = Tab::launch(&base, Launch::default()).await;
    tab.open("stages/languages/").await;
    assert_eq!(
        tab.js("return window.early").await,
        json!(["function", "todo", "/"])
    );
    tab.status("Ownership in Rust", "done").await;
    assert!(tab.js("return window.changes").await.as_u64().unwrap() >= 1);
    let export: Value = serde_json::from_str(
        tab.js("return roadsmith.exportText()")
            .await
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(export["probe"], 42);
    let errors = tab.errors().await;
    assert!(errors.is_empty(), "console: {errors:#?}");
    tab.close().await;
}

/// A stage page finds out by itself that the roadmap changed (only the overview carries
/// the items' hash): its own items are not those of the last visit.
#[tokio::test(flavor = "multi_thread")]
async fn a_stage_page_notices_that_its_items_changed() {
    if !chromium::available() {
        return;
    }
    let site = common::site(&["rich"]);
    // A worker of the site's own that keeps nothing: every load is the new build.
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/sw.js"), "// no offline copy\n").unwrap();
    let server = common::http::build_and_serve(site.path());
    let base = server.base();
    let tab = Tab::launch(&base, Launch::default()).await;
    tab.open("stages/languages/").await;
    tab.status("Generators in Python", "done").await;
    tab.until(
        "the first look at the roadmap",
        "return !!localStorage.getItem('roadsmith:seen:/')",
    )
    .await;

    rework(site.path());
    build(site.path(), &base);
    tab.open("stages/languages/").await;
    tab.until(
        "the marks",
        "return document.querySelectorAll('.item-mark').length === 2",
    )
    .await;
    assert_eq!(
        tab.item_state("Generators and iterators in Python").await,
        json!({ "status": "done", "note": null, "mark": "Changed", "readOnly": false })
    );
    // The overview knows it already: nothing more to follow there.
    tab.open("").await;
    assert!(
        tab.text("[data-progress-overall] .marks-note")
            .await
            .starts_with("1 new and 1 changed items in 1 stage")
    );
    tab.close().await;
}
