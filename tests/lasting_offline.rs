//! Progress that lasts offline, in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`) on tests/fixtures/rich served as a static host would:
//!
//! - a first visit keeps only the shell and its page; from the second page on, a small
//!   site is kept whole: with the server stopped, a visited site under a subpath reloads
//!   from the service worker, with search, progress, the app's manifest and icons;
//! - `roadsmith serve` replaces a service worker an earlier build left at its address
//!   and never registers one.
//!
//! Without /usr/bin/chromium the tests are skipped loudly, except under CI.
#![cfg(feature = "serve")]

mod common;

use serde_json::{Value, json};

use common::chromium::{self, Launch};
use common::progress::{Items, build, edit};
use common::tab::Tab;

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

/// The first visit keeps the shell and what the page loaded, not the whole site; from
/// the second page on, every file of the list: the site is small.
async fn kept_from_the_second_page(tab: &Tab, public: &std::path::Path) {
    let (_, list) = common::worker(public);
    assert!(list.contains(&"stages/data/".to_string()), "{list:?}");
    let cached = "var done = arguments[0]; caches.keys().then(function (names) { return caches.open(names.filter(function (n) { return n.indexOf('roadsmith:') === 0; })[0]); })
       .then(function (c) { return c.keys(); }).then(function (keys) { done(keys.map(function (k) { return new URL(k.url).pathname; })); });";
    let first: Vec<String> = serde_json::from_value(tab.js_async(cached).await).unwrap();
    assert!(first.contains(&"/user/roadmap/".to_string()), "{first:?}");
    assert!(
        first.contains(&"/user/roadmap/style.css".to_string()),
        "{first:?}"
    );
    assert!(
        !first.contains(&"/user/roadmap/stages/data/".to_string()),
        "{first:?}"
    );
    tab.refresh().await;
    let mut kept = Vec::new();
    for _ in 0..100 {
        kept = serde_json::from_value(tab.js_async(cached).await).unwrap();
        if kept.len() >= list.len() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for entry in &list {
        let path = format!("/user/roadmap/{}", entry.trim_start_matches("./"));
        assert!(kept.contains(&path), "{path} in {kept:?}");
    }
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
    kept_from_the_second_page(&tab, &public).await;

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
