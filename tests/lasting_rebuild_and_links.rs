//! Progress that lasts, in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`) on tests/fixtures/rich served as a static host would:
//!
//! - ticks and notes survive a rebuild in which one item is reworded, one moved to
//!   another stage, one removed and one added; the removed one is announced once and
//!   kept in the export, the added and reworded ones are marked until dismissed; the new
//!   deployment reaches the reader through the service worker's update;
//! - a share link opens read-only in a fresh browser profile and imports after a
//!   confirmation; tampered, cut and outdated links are refused with a message and
//!   nothing in the console; imports merge, the later change of each item winning;
//! - axe-core finds nothing on the pages in these states.
//!
//! Without /usr/bin/chromium the tests are skipped loudly, except under CI.
#![cfg(feature = "serve")]

mod common;

use std::path::Path;

use serde_json::{Value, json};

use common::chromium::{self, Launch};
use common::progress::{Items, build, rework};
use common::tab::Tab;

/// The text of the download `name`, once it is whole.
async fn downloaded(tab: &Tab, name: &str) -> String {
    std::fs::read_to_string(tab.download(name).await).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn progress_lasts_through_a_rebuild_and_travels_by_link() {
    if !chromium::available() {
        return;
    }
    let site = common::site(&["rich"]);
    let server = common::http::build_and_serve(site.path());
    let base = server.base();
    let tab = Tab::launch(&base, Launch::default()).await;

    let outdated = before_the_rebuild(&tab).await;
    rework(site.path());
    build(site.path(), &base);
    after_the_rebuild(&tab).await;
    marks_after_the_rebuild(&tab).await;
    exports_after_the_rebuild(&tab).await;
    let link = sharing(&tab).await;

    // A fresh profile: nobody's progress but the link's.
    let other = Tab::launch(&base, Launch::default()).await;
    opening_links(&other, &link).await;
    refusing_links(&other, &link, &outdated).await;
    let export = tab.downloads().join("roadmap-progress.json");
    merging(&other, &link, &export).await;
    let errors = other.errors().await;
    assert!(errors.is_empty(), "console: {errors:#?}");
    other.close().await;
    tab.close().await;
}

/// Ticks and notes on three stages; returns a link made before the rebuild.
async fn before_the_rebuild(tab: &Tab) -> String {
    tab.open("stages/languages/").await;
    tab.status("Generators in Python", "done").await;
    tab.note("Generators in Python", "yield, then send()").await;
    tab.click("[data-kind=exercise] li input.task-list-item-checkbox")
        .await;
    tab.note(
        "Port the Python loader to Rust",
        "<img src=x onerror=\"window.pwned=1\"> & serde",
    )
    .await;
    tab.wait_for("#stage-note")
        .await
        .send_keys("Three languages in a month")
        .await
        .unwrap();
    // Kept as it was typed, with no button to press.
    let stored = tab.stored().await;
    let generators = stored["items"]
        .as_object()
        .unwrap()
        .values()
        .find(|e| e["text"] == "Generators in Python")
        .cloned()
        .unwrap();
    assert_eq!(generators["status"], "done");
    assert_eq!(generators["note"], "yield, then send()");
    assert!(generators["at"].as_f64().unwrap() > 1.7e12, "{generators}");
    assert_eq!(
        stored["stages"]["languages"]["note"],
        "Three languages in a month"
    );
    tab.assert_axe("a stage with notes open").await;

    tab.open("stages/data/").await;
    tab.status("Joins and GROUP BY", "done").await;
    tab.open("stages/basics/").await;
    tab.click("[data-kind=exercise] li input.task-list-item-checkbox")
        .await;
    assert_eq!(
        tab.item_state("Install Rust and Python").await["status"],
        "done"
    );
    tab.note("Install Rust and Python", "rustup and pyenv")
        .await;

    tab.open("").await;
    assert_eq!(
        tab.js("return document.querySelector('.overall-bar progress').value")
            .await,
        json!(4)
    );
    // The offline copy is in place before the site changes.
    tab.until(
        "the service worker",
        "return !!navigator.serviceWorker.controller",
    )
    .await;
    tab.open_tools().await;
    tab.share_link().await
}

/// The new deployment reaches the reader, who is told what was removed and changed.
async fn after_the_rebuild(tab: &Tab) {
    let version =
        "document.querySelector('script[data-items-version]').getAttribute('data-items-version')";
    let before = tab.js(&format!("return {version};")).await;
    // The service worker answers with the deployment it holds, finds the new one, and
    // the page offers to reload.
    tab.refresh().await;
    tab.wait_for(".update-notice").await;
    assert!(
        tab.text(".update-notice")
            .await
            .contains("A new version of this roadmap has been published")
    );
    tab.click(".update-notice button").await;
    tab.ready().await;
    tab.until(
        "the new deployment",
        &format!("return ({version}) !== {before}"),
    )
    .await;

    // The removed exercise is announced, once, with what the reader had recorded.
    tab.wait_for(".removed-notice").await;
    let notice = tab.text(".removed-notice").await;
    assert!(
        notice.starts_with("1 item you had done was removed from the roadmap."),
        "{notice}"
    );
    assert!(
        notice.contains("“Install Rust and Python” (Done, with a note, was in Basics"),
        "{notice}"
    );
    tab.until(
        "the marks",
        "return /1 new and 1 changed items in 1 stage since your last visit/.test(document.querySelector('[data-progress-overall] .marks-note').textContent)",
    )
    .await;
    assert_eq!(
        tab.text(".stage-card[data-stage=languages] .card-marks")
            .await,
        "2 new or changed"
    );
    assert!(
        tab.text(".removed-kept")
            .await
            .starts_with("Kept aside: 1 item")
    );
    tab.assert_axe("the overview after the rebuild").await;
}

/// Where the items went, with the reader's progress, and their marks until dismissed.
async fn marks_after_the_rebuild(tab: &Tab) {
    // The reworded item kept its status and note; the added one is new.
    tab.open("stages/languages/").await;
    assert_eq!(
        tab.item_state("Generators and iterators in Python").await,
        json!({ "status": "done", "note": "yield, then send()", "mark": "Changed", "readOnly": false })
    );
    assert_eq!(
        tab.item_state("Closures in JavaScript").await,
        json!({ "status": "todo", "note": null, "mark": "New", "readOnly": false })
    );
    assert_eq!(
        tab.item_state("Port the Python loader to Rust").await["status"],
        "done"
    );
    assert_eq!(
        tab.js("return document.getElementById('stage-note').value")
            .await,
        "Three languages in a month"
    );
    // Not announced again.
    assert_eq!(
        tab.js("return document.querySelectorAll('.removed-notice').length")
            .await,
        json!(0)
    );
    tab.assert_axe("a stage with marks").await;
    // The same in the dark theme, the reader's choice.
    tab.click(".theme-toggle").await;
    assert_eq!(
        tab.js("return document.documentElement.getAttribute('data-theme')")
            .await,
        "dark"
    );
    tab.assert_axe("a stage with marks, dark").await;
    tab.open("").await;
    tab.assert_axe("the overview after the rebuild, dark").await;
    tab.click(".theme-toggle").await;
    tab.open("stages/languages/").await;
    tab.click("[data-progress-stage] .marks-note button").await;
    tab.until(
        "the marks to go",
        "return !document.querySelector('.item-mark') && !document.querySelector('.marks-note')",
    )
    .await;

    // The moved item kept its status in its new stage, unmarked.
    tab.open("stages/markup/").await;
    assert_eq!(
        tab.item_state("Joins and GROUP BY").await,
        json!({ "status": "done", "note": null, "mark": null, "readOnly": false })
    );

    tab.open("").await;
    assert_eq!(
        tab.js("return !!document.querySelector('[data-progress-overall] .marks-note')")
            .await,
        json!(false),
        "dismissed on the stage page"
    );
    assert_eq!(
        tab.js("return document.querySelectorAll('.removed-notice').length")
            .await,
        json!(0),
        "listed once"
    );
    assert_eq!(
        tab.js("return document.querySelector('.overall-bar progress').value")
            .await,
        json!(3),
        "the removed item no longer counts"
    );
}

async fn exports_after_the_rebuild(tab: &Tab) {
    // The export keeps the removed item; my-roadmap.md lists everything.
    tab.open_tools().await;
    let buttons = tab.find_all(".progress-tools button").await;
    buttons[0].click().await.unwrap();
    let export: Value =
        serde_json::from_str(&downloaded(tab, "roadmap-progress.json").await).unwrap();
    assert_eq!(export["version"], 2);
    let removed: Vec<&Value> = export["removed"].as_object().unwrap().values().collect();
    assert_eq!(removed.len(), 1, "{export}");
    assert_eq!(removed[0]["text"], "Install Rust and Python");
    assert_eq!(removed[0]["status"], "done");
    assert_eq!(removed[0]["note"], "rustup and pyenv");
    buttons[1].click().await.unwrap();
    let mine = downloaded(tab, "my-roadmap.md").await;
    for line in [
        "# Rich \\<Roadmap\\> & \"Friends\": my progress",
        "3 of 22 done",
        "## Stage 1: Languages: Rust, Python & JavaScript",
        "> Three languages in a month",
        "- [x] Generators and iterators in Python\n\n  > yield, then send()",
        "- [ ] Closures in JavaScript",
        // The reader's own words, as typed.
        "  > <img src=x onerror=\"window.pwned=1\"> & serde",
        "## No longer in the roadmap",
        "- [x] Install Rust and Python (was in Basics",
    ] {
        assert!(mine.contains(line), "{line:?} in\n{mine}");
    }
}

/// Makes a link with notes; returns it.
async fn sharing(tab: &Tab) -> String {
    tab.open("").await;
    tab.open_tools().await;
    tab.click("#share-notes").await;
    let link = tab.share_link().await;
    let message = tab.text(".share-message").await;
    assert!(message.contains("with your notes"), "{message}");
    tab.assert_axe("the overview with a link made").await;
    assert!(
        link.starts_with(&format!("{}#progress=", tab.base)),
        "{link}"
    );
    link
}

async fn opening_links(tab: &Tab, link: &str) {
    tab.open_url(link).await;
    tab.wait_for(".shared-view .shared-count").await;
    assert_eq!(
        tab.text(".shared-count").await,
        "Shared progress: 3 of 20 done."
    );
    assert_eq!(tab.stored().await, Value::Null, "nothing of it is kept yet");
    tab.assert_axe("the shared view").await;

    // Read-only on every page of the tab, notes shown as text.
    tab.open("stages/languages/").await;
    tab.wait_for(".shared-view").await;
    assert_eq!(
        tab.item_state("Generators and iterators in Python").await,
        json!({ "status": "done", "note": "yield, then send()", "mark": null, "readOnly": true })
    );
    assert_eq!(
        tab.item_state("Port the Python loader to Rust").await["note"],
        "<img src=x onerror=\"window.pwned=1\"> & serde"
    );
    assert_eq!(
        tab.js("return [document.querySelectorAll('main img[src=x]').length, window.pwned === undefined]")
            .await,
        json!([0, true])
    );
    assert_eq!(
        tab.js("return document.getElementById('stage-note').value")
            .await,
        "Three languages in a month"
    );
    tab.assert_axe("a stage in the shared view").await;

    // Import, after a confirmation that says what it changes.
    tab.click(".shared-actions button").await;
    tab.wait_for(".shared-confirm:not([hidden])").await;
    let question = tab.text(".shared-confirm p").await;
    assert!(
        question.starts_with(
            "Importing merges this progress into yours: 3 items and your notes on 1 stage would change."
        ),
        "{question}"
    );
    assert_eq!(
        tab.stored().await,
        Value::Null,
        "not before it is confirmed"
    );
    tab.click(".shared-confirm button:not([hidden])").await;
    tab.wait_for(".share-imported").await;
    let stored = tab.stored().await;
    let items = stored["items"].as_object().unwrap();
    assert_eq!(
        items.values().filter(|e| e["status"] == "done").count(),
        3,
        "{stored}"
    );
    assert!(
        items.values().any(|e| e["note"] == "yield, then send()"
            && e["text"] == "Generators and iterators in Python")
    );
    assert_eq!(
        tab.item_state("Generators and iterators in Python").await["readOnly"],
        false,
        "the reader's own progress again"
    );
    assert_eq!(
        tab.js("return document.querySelectorAll('.item-mark').length")
            .await,
        json!(0),
        "a first visit marks nothing"
    );
}

/// Damaged, cut, forged and outdated links: a message, and nothing changes.
async fn refusing_links(tab: &Tab, link: &str, outdated: &str) {
    let stored = tab.stored().await;
    let (head, code) = link.split_once("#progress=").unwrap();
    let mid = code.len() / 2;
    let flipped = if &code[mid..=mid] == "A" { "B" } else { "A" };
    let cases = [
        (
            format!(
                "{head}#progress={}{flipped}{}",
                &code[..mid],
                &code[mid + 1..]
            ),
            "damaged",
        ),
        (
            format!("{head}#progress={}", &code[..code.len() - 5]),
            "damaged",
        ),
        (
            format!("{head}#progress=%3Cscript%3Ealert(1)%3C/script%3E"),
            "damaged",
        ),
        (format!("{head}#progress="), "damaged"),
        (outdated.to_string(), "another version of this roadmap"),
    ];
    for (url, why) in cases {
        // A new document each time: only a fragment changes otherwise.
        tab.open("stages/data/").await;
        tab.open_url(&url).await;
        tab.wait_for(".share-error").await;
        let message = tab.text(".share-error").await;
        assert!(message.contains(why), "{url}: {message}");
        assert!(
            message.contains("Your own progress is unchanged"),
            "{message}"
        );
        assert_eq!(
            tab.js("return !!document.querySelector('.shared-view')")
                .await,
            json!(false)
        );
        assert_eq!(tab.stored().await, stored, "{url}");
        assert_eq!(
            tab.js("return document.querySelector('select.item-status') ? document.querySelector('select.item-status').disabled : false")
                .await,
            json!(false),
            "the reader's own progress, editable"
        );
    }
    tab.assert_axe("a refused link").await;
}

/// Imports merge: the later change of each item wins, and the reader is told.
async fn merging(tab: &Tab, link: &str, export: &Path) {
    // A change made here after the link's.
    tab.open("stages/languages/").await;
    tab.status("Generators and iterators in Python", "doing")
        .await;

    tab.open_url(link).await;
    tab.click(".shared-actions button").await;
    tab.wait_for(".shared-confirm:not([hidden])").await;
    assert_eq!(
        tab.text(".shared-confirm p").await,
        "Importing would change nothing: your progress already has all of it (or changed it more recently)."
    );
    tab.click(".shared-actions button + button").await;

    // The first reader's export file: the same, plus the item kept aside there.
    tab.open("").await;
    tab.open_tools().await;
    tab.wait_for("#progress-import")
        .await
        .send_keys(export.to_str().unwrap())
        .await
        .unwrap();
    tab.until(
        "the import's report",
        "return /^Imported/.test(document.querySelector('.progress-message').textContent)",
    )
    .await;
    assert_eq!(
        tab.text(".progress-message").await,
        "Imported roadmap-progress.json: nothing changed; 1 item stays as here, changed here more recently; 1 item no longer in the roadmap kept aside."
    );
    assert!(
        tab.text(".removed-kept")
            .await
            .starts_with("Kept aside: 1 item")
    );
    tab.open("stages/languages/").await;
    assert_eq!(
        tab.item_state("Generators and iterators in Python").await["status"],
        "doing",
        "the later change"
    );
}
