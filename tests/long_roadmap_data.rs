//! A long roadmap's data comes in parts (`roadmap.json`, an index, and `roadmap/`, 16
//! stages a part, with the stages' items in their search fragments), and in a real
//! Chromium each feature fetches only what it needs: a first visit nothing of it (and
//! the service worker keeps only that page and the shell), the plan the index, catching
//! up after a rebuild the parts and fragments of the stages that changed, an import
//! those of the stages it names, a share link every one; and a page visited reads
//! offline.
#![cfg(feature = "serve")]

mod common;

use serde_json::{Value, json};

use common::chromium::{self, Launch};
use common::progress::{Items, build, edit};
use common::tab::Tab;

const STAGES: usize = 300;

/// A site of `n` stages, a week each, with a topic and an exercise each.
fn long_site(n: usize) -> tempfile::TempDir {
    let body = |i: usize| {
        format!("Stage {i}.\n\n## Topics\n\n- Topic {i}\n\n## Exercises\n\n- [ ] Exercise {i}\n")
    };
    common::long_site(0..n, 3, body, "A long roadmap.\n")
}

/// The paths of the roadmap's data (with the search files) this page fetched, in
/// order.
async fn data_fetched(tab: &Tab) -> Vec<String> {
    let got = tab
        .js("return performance.getEntriesByType('resource').map(function (e) { return new URL(e.name).pathname; })
               .filter(function (p) { return /^\\/(roadmap(\\.json|\\/)|search\\/)/.test(p); })")
        .await;
    serde_json::from_value(got).unwrap()
}

/// The paths the service worker's cache holds.
async fn cached(tab: &Tab) -> Vec<String> {
    let got = tab
        .js_async(
            "var done = arguments[0]; caches.keys().then(function (names) { return caches.open(names.filter(function (n) { return n.indexOf('roadsmith:') === 0; })[0]); })
               .then(function (c) { return c.keys(); }).then(function (keys) { done(keys.map(function (k) { return new URL(k.url).pathname; })); });",
        )
        .await;
    serde_json::from_value(got).unwrap()
}

/// `parts` of the built index: the part of stage `i` is `parts[i / 16]`.
fn part_of(public: &std::path::Path, stage: usize) -> String {
    let index: Value = serde_json::from_str(&common::read(public, "roadmap.json")).unwrap();
    format!("/{}", index["parts"][stage / 16].as_str().unwrap())
}

/// The search fragment holding stage `i`'s items: the last of `fragments` in
/// `search/meta.json` that starts at `i` or before.
fn fragment_of(public: &std::path::Path, stage: u64) -> String {
    let meta: Value = serde_json::from_str(&common::read(public, "search/meta.json")).unwrap();
    let first = (meta["fragments"].as_array().unwrap().iter())
        .map(|f| f.as_u64().unwrap())
        .take_while(|&f| f <= stage)
        .last()
        .unwrap();
    format!("/search/f-{first}.json")
}

const META: &str = "/search/meta.json";

#[tokio::test(flavor = "multi_thread")]
async fn each_feature_fetches_only_the_parts_of_the_roadmap_it_needs() {
    if !chromium::available() {
        return;
    }
    let site = long_site(STAGES);
    let server = common::http::build_and_serve(site.path());
    let base = server.base();
    let tab = Tab::launch(&base, Launch::default()).await;
    first_visit(&tab).await;
    overview_and_plan(&tab).await;
    import(&tab, &site.path().join("public")).await;
    catching_up(&tab, site.path(), &base).await;
    sharing(&tab, &base, &site.path().join("public")).await;
    // Offline, the page visited reads from the worker's copy.
    tab.until(
        "the overview kept",
        "return !!navigator.serviceWorker.controller",
    )
    .await;
    let (stage, first) = ("stages/s150/", "/stages/s150/");
    tab.open(stage).await;
    let mut kept = Vec::new();
    for _ in 0..50 {
        kept = cached(&tab).await;
        if kept.iter().any(|p| p == first) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(kept.iter().any(|p| p == first), "{kept:?}");
    server.stop();
    tab.refresh().await;
    assert!(tab.text("h1").await.starts_with("Stage number 150"));
    tab.close().await;
}

/// A first visit: nothing of the roadmap's data, and the worker keeps this page and
/// what it loaded, not the site.
async fn first_visit(tab: &Tab) {
    tab.open("stages/s150/").await;
    tab.until(
        "the service worker",
        "return !!navigator.serviceWorker.controller",
    )
    .await;
    tab.until(
        "what the reader saw, kept",
        "return !!localStorage.getItem('roadsmith:seen:/')",
    )
    .await;
    assert_eq!(data_fetched(tab).await, Vec::<String>::new());
    let mut kept = Vec::new();
    for _ in 0..50 {
        kept = cached(tab).await;
        if kept.contains(&"/stages/s150/".to_string()) && kept.contains(&"/reader.js".to_string()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(kept.contains(&"/stages/s150/".to_string()), "{kept:?}");
    assert!(kept.contains(&"/style.css".to_string()), "{kept:?}");
    assert!(
        !kept
            .iter()
            .any(|p| p.starts_with("/stages/") && p != "/stages/s150/"),
        "no other page: {kept:?}"
    );
    tab.status("Topic 150", "done").await;
}

/// The overview: the index, to know every stage's items from now on; the plan: the
/// index alone.
async fn overview_and_plan(tab: &Tab) {
    tab.open("").await;
    tab.until(
        "the whole roadmap seen",
        "var s = JSON.parse(localStorage.getItem('roadsmith:seen:/') || 'null'); return !!s && s.whole === true",
    )
    .await;
    assert_eq!(data_fetched(tab).await, ["/roadmap.json"]);
    tab.js("localStorage.setItem('roadsmith:plan:/', JSON.stringify({start: '2020-01-06', hours: 10, pace: 'longest', skipped: []})); return true")
        .await;
    tab.refresh().await;
    tab.wait_for(".plan-status[data-standing]").await;
    assert_eq!(data_fetched(tab).await, ["/roadmap.json"]);
}

/// An import names an item of stage 10 by an id it no longer has: only that stage's
/// part and fragment are fetched to follow it.
async fn import(tab: &Tab, public: &std::path::Path) {
    let report = tab
        .js_async(
            "var done = arguments[0]; var r = window.roadsmith;
             r.merge(r.clean({items: {'s10/00000000': {status: 'done', at: 1, text: 'Topic 10'}}})).then(function (report) {
               done([report.changed.length, r.status(r.storedIds().filter(function (id) { return id.indexOf('s10/') === 0; })[0])]);
             });",
        )
        .await;
    assert_eq!(report, json!([1, "done"]));
    let mut fetched = data_fetched(tab).await;
    fetched.sort();
    let mut want = [
        "/roadmap.json".to_string(),
        part_of(public, 10),
        META.to_string(),
        fragment_of(public, 10),
    ];
    want.sort();
    assert_eq!(fetched, want);
}

/// The author rewords the item the reader did, and one of a stage never opened: the
/// overview fetches the index and those two stages' parts and fragments, follows the
/// reader's item and marks it changed.
async fn catching_up(tab: &Tab, site: &std::path::Path, base: &str) {
    let public = site.join("public");
    let fragments = [fragment_of(&public, 150), fragment_of(&public, 250)];
    let before: Vec<String> = (fragments.iter())
        .map(|f| common::read(&public, f.trim_start_matches('/')))
        .collect();
    tab.js_async(
        "var done = arguments[0]; navigator.serviceWorker.getRegistrations().then(function (rs) {
           return Promise.all(rs.map(function (r) { return r.unregister(); }));
         }).then(function () { return caches.keys(); }).then(function (names) {
           return Promise.all(names.map(function (n) { return caches.delete(n); }));
         }).then(function () { done(true); });",
    )
    .await;
    edit(
        site,
        "150-stage.md",
        "- Topic 150\n",
        "- Topic 150 in depth\n",
    );
    edit(site, "250-stage.md", "- Topic 250\n", "- Topic 250 again\n");
    build(site, base);
    for (f, before) in fragments.iter().zip(&before) {
        assert_ne!(
            &common::read(&public, f.trim_start_matches('/')),
            before,
            "{f} holds the reworded item"
        );
    }
    tab.open("").await;
    tab.until(
        "the reworded item followed",
        "var d = JSON.parse(localStorage.getItem('roadsmith:progress:/'));
         return Object.keys(d.items).some(function (id) { return d.items[id].text === 'Topic 150 in depth' && d.items[id].status === 'done'; })",
    )
    .await;
    let mut fetched = data_fetched(tab).await;
    fetched.sort();
    let mut want = vec![
        "/roadmap.json".to_string(),
        part_of(&public, 150),
        part_of(&public, 250),
        META.to_string(),
        fragments[0].clone(),
        fragments[1].clone(),
    ];
    want.sort();
    assert_eq!(
        fetched, want,
        "the index and the two changed stages' parts and fragments"
    );
    // What's new: the reworded item of the stage the reader opened.
    let marks = tab.js("return window.roadsmith.marks()").await;
    let marks = marks.as_object().unwrap();
    assert_eq!(marks.len(), 1, "{marks:?}");
    let (id, mark) = marks.iter().next().unwrap();
    assert!(id.starts_with("s150/"), "{id}");
    assert_eq!(mark, "changed");
}

/// A share link counts every tracked item: every part and fragment; opened, it shows
/// the progress.
async fn sharing(tab: &Tab, base: &str, public: &std::path::Path) {
    tab.open_tools().await;
    let link = tab.share_link().await;
    let fetched = data_fetched(tab).await;
    let parts = fetched
        .iter()
        .filter(|p| p.starts_with("/roadmap/"))
        .count();
    assert_eq!(parts, STAGES.div_ceil(16));
    let meta: Value = serde_json::from_str(&common::read(public, "search/meta.json")).unwrap();
    let fragments = fetched
        .iter()
        .filter(|p| p.starts_with("/search/f-"))
        .count();
    assert_eq!(fragments, meta["fragments"].as_array().unwrap().len());
    let other = Tab::launch(base, Launch::default()).await;
    other.open_url(&link).await;
    other
        .until(
            "the shared progress",
            "var n = document.querySelector('.overall-bar .progress-note'); return !!n && /2 of 600 done/.test(n.textContent)",
        )
        .await;
    other.close().await;
}
