//! Progress that lasts, in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`) on tests/fixtures/rich served as a static host would:
//!
//! - ticks and notes survive a rebuild in which one item is reworded, one moved to
//!   another stage, one removed and one added; the removed one is announced once and
//!   kept in the export, the added and reworded ones are marked until dismissed; the new
//!   deployment reaches the reader through the service worker's update;
//! - a share link opens read-only in a fresh browser profile and imports after a
//!   confirmation; tampered, cut and outdated links are refused with a message and
//!   nothing in the console;
//! - with the server stopped, a visited site under a subpath reloads from the service
//!   worker, with search and progress;
//! - with storage disabled or full the roadmap says so and keeps working;
//! - `roadsmith serve` replaces a service worker an earlier build left at its address
//!   and never registers one;
//! - axe-core finds nothing on the pages in these states.
//!
//! Without /usr/bin/chromium the tests are skipped loudly, except under CI.
#![cfg(feature = "serve")]

mod common;

use std::path::Path;

use serde_json::{Value, json};

use common::chromium::{self, Launch};
use common::tab::Tab;

/// `item(text)`: the item whose text starts with `text`, in scripts run in the page.
const ITEM: &str = "function item(t) { return Array.from(document.querySelectorAll('li[data-item-id]')).find(function (l) { return l.textContent.replace(/\\s+/g, ' ').trim().indexOf(t) === 0; }); }";
const PROGRESS_KEY: &str = "roadsmith:progress:/";

/// What a reader does with an item, found by its text, and what the page keeps.
trait Items {
    async fn status(&self, item: &str, status: &str);
    async fn note(&self, item: &str, text: &str);
    async fn item_state(&self, item: &str) -> Value;
    async fn stored(&self) -> Value;
}

impl Items for Tab {
    /// Sets an item's status with its menu, as a reader does.
    async fn status(&self, item: &str, status: &str) {
        let script = format!(
            "{ITEM}\nvar s = item({}).querySelector('select.item-status'); s.value = {}; s.dispatchEvent(new Event('change')); return true;",
            json!(item),
            json!(status)
        );
        self.js(&script).await;
    }

    /// Opens an item's note with its button, as a reader does, and types `text` into
    /// it, key by key.
    async fn note(&self, item: &str, text: &str) {
        let toggle = format!("item({}).querySelector('.note-toggle')", json!(item));
        let expanded = self
            .js(&format!(
                "{ITEM}\nvar b = {toggle}; b.id = b.id || 'toggle-' + Date.now(); return b.getAttribute('aria-expanded');"
            ))
            .await;
        if expanded != json!("true") {
            let id = self.js(&format!("{ITEM}\nreturn {toggle}.id;")).await;
            self.click(&format!("#{}", id.as_str().unwrap())).await;
        }
        let field = self
            .js(&format!(
                "{ITEM}\nreturn {toggle}.getAttribute('aria-controls');"
            ))
            .await;
        self.wait_for(&format!("#{}", field.as_str().unwrap()))
            .await
            .send_keys(text)
            .await
            .unwrap();
    }

    async fn item_state(&self, item: &str) -> Value {
        self.js(&format!(
            "{ITEM}\nvar li = item({}); if (!li) return null; var m = li.querySelector(':scope > .item-mark'); var n = li.querySelector('textarea.item-note');
             return {{ status: li.querySelector('select.item-status').value, note: !n || n.hidden ? null : n.value,
                       mark: m ? m.textContent : null, readOnly: li.querySelector('select.item-status').disabled }};",
            json!(item)
        ))
        .await
    }

    async fn stored(&self) -> Value {
        let raw = self
            .js(&format!("return localStorage.getItem('{PROGRESS_KEY}');"))
            .await;
        raw.as_str()
            .map(|s| serde_json::from_str(s).unwrap())
            .unwrap_or(Value::Null)
    }
}

/// The rich fixture built into `site/public` for the server at `base`.
fn build(site: &Path, base: &str) {
    let out = common::build(site, &["--base-url", base]);
    assert!(out.status.success(), "{}", common::stderr(&out));
}

fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join("content").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The author's edit: "Generators in Python" reworded, "Joins and `GROUP BY`" moved
/// from Data to Raw HTML, the exercise "Install Rust and Python" removed, "Closures in
/// JavaScript" added.
fn rework(site: &Path) {
    edit(
        site,
        "01-languages.md",
        "- Generators in Python\n",
        "- Generators and iterators in Python\n",
    );
    edit(
        site,
        "01-languages.md",
        "- Promises in JavaScript\n",
        "- Promises in JavaScript\n- Closures in JavaScript\n",
    );
    edit(site, "02-data.md", "- Joins and `GROUP BY`\n", "");
    edit(
        site,
        "03-markup.md",
        "- A [link inside a topic](02-data.md#topics)\n",
        "- A [link inside a topic](02-data.md#topics)\n- Joins and `GROUP BY`\n",
    );
    edit(site, "00-basics.md", "- [ ] Install Rust and Python\n", "");
}

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
    tab.click("li[data-kind=exercise] input.task-list-item-checkbox")
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
    tab.click("li[data-kind=exercise] input.task-list-item-checkbox")
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
    tab.click(".share-tools button").await;
    tab.until(
        "the link",
        "return document.getElementById('share-link').value.indexOf('#progress=') > 0",
    )
    .await;
    tab.js("return document.getElementById('share-link').value")
        .await
        .as_str()
        .unwrap()
        .to_string()
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
    tab.click("#share-notes").await;
    tab.click(".share-tools button").await;
    tab.until(
        "the link",
        "return document.getElementById('share-link').value.indexOf('#progress=') > 0",
    )
    .await;
    let message = tab.text(".share-message").await;
    assert!(message.contains("with your notes"), "{message}");
    tab.assert_axe("the overview with a link made").await;
    let link = tab
        .js("return document.getElementById('share-link').value")
        .await
        .as_str()
        .unwrap()
        .to_string();
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

/// The manifest's start URL and its large icon as the browser decodes it: the icon's
/// status, type, size, whether its corner is the manifest's theme colour, and whether a
/// mark crosses its middle.
async fn large_icon(tab: &Tab) -> Value {
    tab.js_async(
        "var done = arguments[0]; var at = document.querySelector('link[rel=manifest]').href;
         fetch(at).then(function (r) { return r.json(); }).then(function (m) {
           return fetch(new URL(m.icons[3].src, at)).then(function (i) {
             return i.blob().then(createImageBitmap).then(function (b) {
               var c = new OffscreenCanvas(b.width, b.height).getContext('2d');
               c.drawImage(b, 0, 0);
               var hex = function (x, y) { var p = c.getImageData(x, y, 1, 1).data;
                 return '#' + [p[0], p[1], p[2]].map(function (v) { return (v < 16 ? '0' : '') + v.toString(16); }).join(''); };
               var marked = false;
               for (var x = 0; x < b.width; x++) { if (hex(x, b.height / 2) !== hex(0, 0)) { marked = true; } }
               done([m.start_url, i.status, i.headers.get('content-type'), b.width, b.height, hex(0, 0) === m.theme_color, marked]);
             });
           });
         }).catch(function (e) { done(String(e)); });"
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_under_a_subpath_from_the_service_worker() {
    if !chromium::available() {
        return;
    }
    let site = common::site(&["rich"]);
    let public = site.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}/user/roadmap/");
    let server = common::http::serve_dir_at(listener, &public, "/user/roadmap/");
    build(site.path(), &base);
    let tab = Tab::launch(&base, Launch::default()).await;

    tab.open("").await;
    tab.until(
        "the service worker",
        "return !!navigator.serviceWorker.controller",
    )
    .await;
    assert_eq!(
        tab.js_async(
            "var done = arguments[0]; navigator.serviceWorker.getRegistration().then(function (r) { done(r.scope); });"
        )
        .await,
        json!(base),
        "scoped to the base path"
    );
    // Every file of the list is in the cache.
    let (_, list) = common::worker(&public);
    assert!(list.contains(&"stages/data/".to_string()), "{list:?}");
    let cached = tab
        .js_async(
            "var done = arguments[0]; caches.keys().then(function (names) { return caches.open(names.filter(function (n) { return n.indexOf('roadsmith:') === 0; })[0]); })
               .then(function (c) { return c.keys(); }).then(function (keys) { done(keys.length); });"
        )
        .await;
    assert_eq!(cached, json!(list.len()));

    server.stop();
    assert!(
        common::http::request(&common::http::agent(), &base, &[]).is_err(),
        "the server is gone"
    );

    tab.refresh().await;
    assert!(tab.text("h1").await.contains("Rich"));
    // A page never visited, search, progress.
    tab.open("stages/data/").await;
    assert!(tab.text("h1").await.starts_with("Data"));
    tab.status("Joins and GROUP BY", "done").await;
    tab.refresh().await;
    assert_eq!(tab.item_state("Joins and GROUP BY").await["status"], "done");
    tab.wait_for("#search-input")
        .await
        .send_keys("Generators")
        .await
        .unwrap();
    let first = tab.wait_for("#search-results a.search-result").await;
    let href = first.attr("href").await.unwrap().unwrap_or_default();
    assert_eq!(href, "/user/roadmap/stages/languages/#topics");
    first.click().await.unwrap();
    tab.ready().await;
    assert!(tab.text("h1").await.starts_with("Languages"));
    // The app's manifest and icons too.
    assert_eq!(
        large_icon(&tab).await,
        json!(["./", 200, "image/png", 512, 512, true, true])
    );
    // A page outside the list, without a network.
    tab.goto(&format!("{base}nowhere/")).await;
    assert_eq!(tab.text("h1").await, "You are offline");
    tab.close().await;
}

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
    let roadmap: Value =
        serde_json::from_str(&common::read(&site.path().join("public"), "roadmap.json")).unwrap();
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

/// An earlier build's service worker at the address `roadsmith serve` takes over is
/// replaced, and the preview's pages register none.
#[tokio::test(flavor = "multi_thread")]
async fn serve_replaces_an_old_service_worker_and_registers_none() {
    if !chromium::available() {
        return;
    }
    let site = common::site(&["rich"]);
    let server = common::http::build_and_serve(site.path());
    let (port, base) = (server.port, server.base());
    let tab = Tab::launch(&base, Launch::default()).await;
    tab.open("").await;
    tab.until(
        "the service worker",
        "return !!navigator.serviceWorker.controller",
    )
    .await;
    server.stop();

    edit(
        site.path(),
        "_index.md",
        "title = \"",
        "title = \"Previewed: ",
    );
    let tmp = tempfile::tempdir().unwrap();
    let preview = common::serve::Server::launch_on(site.path(), tmp.path(), port);
    tab.goto(&base).await;
    tab.until(
        "the preview's own page",
        "return !!document.querySelector('script[data-roadsmith-live]') && /Previewed/.test(document.querySelector('h1').textContent)",
    )
    .await;
    tab.until(
        "no worker left",
        "return document.readyState === 'complete' && !navigator.serviceWorker.controller",
    )
    .await;
    let registrations = "var done = arguments[0]; navigator.serviceWorker.getRegistrations().then(function (r) { done(r.length); });";
    assert_eq!(tab.js_async(registrations).await, json!(0));
    tab.refresh().await;
    tab.until(
        "the page to load",
        "return document.readyState === 'complete'",
    )
    .await;
    assert_eq!(
        tab.js_async(registrations).await,
        json!(0),
        "the preview registers none"
    );
    drop(preview);
    tab.close().await;
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
