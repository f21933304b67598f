//! One tab of the headless Chromium (tests/common/chromium.rs) on a served site, as the
//! browser tests use it: what a reader does (open a page, click, type) and what a test
//! reads back (a script's value, an element's text, a download), each waiting as long
//! as a page may take by itself ([`WAIT`]) and panicking with what it waited for, so a
//! test states only what it checks.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::elements::Element;
use serde_json::{Value, json};

use super::chromium::{self, Chromium, Launch, WAIT};

pub struct Tab {
    /// The session underneath, its WebDriver client for what no test needed twice yet.
    pub chromium: Chromium,
    /// The site's address, ending in `/`, below which [`Tab::open`] takes its paths.
    pub base: String,
    downloads: tempfile::TempDir,
}

impl Tab {
    /// The site in `site` built for a server on loopback that serves it, and a fresh
    /// browser on it; the server and the folder live as long as the test keeps them.
    pub async fn on_site(site: tempfile::TempDir) -> (Tab, super::http::Served, tempfile::TempDir) {
        let server = super::http::build_and_serve(site.path());
        let tab = Tab::launch(&server.base(), Launch::default()).await;
        (tab, server, site)
    }

    /// A fresh browser (its own profile and downloads folder) on the site at `base`.
    pub async fn launch(base: &str, options: Launch<'_>) -> Tab {
        let downloads = tempfile::tempdir().unwrap();
        let chromium = chromium::launch(Launch {
            downloads: Some(downloads.path()),
            ..options
        })
        .await;
        Tab {
            chromium,
            base: base.to_string(),
            downloads,
        }
    }

    /// Opens `path` below the site and waits until its scripts have set the page up.
    pub async fn open(&self, path: &str) {
        self.open_url(&format!("{}{path}", self.base)).await;
    }

    /// [`Tab::open`] for a whole URL: another site, or a link with a fragment.
    pub async fn open_url(&self, url: &str) {
        self.goto(url).await;
        self.ready().await;
    }

    /// Goes to `url` and waits for its load only: for pages without the reader's
    /// scripts (scripts off, the offline page, `serve`'s preview).
    pub async fn goto(&self, url: &str) {
        self.chromium
            .client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }

    /// Reloads the page, and waits as [`Tab::open`] does.
    pub async fn refresh(&self) {
        self.chromium.client.refresh().await.unwrap();
        self.ready().await;
    }

    /// Waits until reader.js has put in its header tools and progress.js its controls
    /// on the tracked items. A page's load covers both when the test navigates, but not
    /// a reload a page does by itself (a click on "Reload to see it", a link followed).
    pub async fn ready(&self) {
        // reader.js adds the search, then the toggle, in one go.
        self.wait_for(".reader-tools .theme-toggle").await;
        self.until(
            "progress.js",
            "return !document.querySelector('li[data-item-id][data-tracked], [data-tracked] li[data-item-id]') || !!document.querySelector('.item-controls')",
        )
        .await;
    }

    /// The first element `css` selects, once it is there.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.chromium.wait_for(css).await
    }

    /// Every element `css` selects now.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.chromium
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// Opens the overview's "Save & share" menu, as a reader does (the
    /// progress and share tools are in it).
    pub async fn open_tools(&self) {
        let closed = "var d = document.querySelector('[data-reader-tools]'); return !!d && !d.open";
        if self.js(closed).await == Value::Bool(true) {
            self.click("[data-reader-tools] > summary").await;
        }
    }

    /// Makes a share link with the open "Save & share" menu's button, as a reader does;
    /// returns it once made.
    pub async fn share_link(&self) -> String {
        self.click(".share-tools button").await;
        self.until(
            "the link",
            "return document.getElementById('share-link').value.indexOf('#progress=') > 0",
        )
        .await;
        let link = self.js("return document.getElementById('share-link').value");
        link.await.as_str().unwrap().to_string()
    }

    /// Waits for the element `css` selects, and clicks it.
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// What `script` (a function body) returns.
    pub async fn js(&self, script: &str) -> Value {
        self.js_with(script, vec![]).await
    }

    /// What `script` returns given `args` (its `arguments`): for values that would need
    /// escaping inside the script's text.
    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        self.chromium
            .client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// What `script` passes to its last argument, the callback, for what a page does
    /// later (a fetch, the service worker, the cache).
    pub async fn js_async(&self, script: &str) -> Value {
        self.chromium
            .client
            .execute_async(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Polls `script` until it returns true; panics naming `what` it waited for.
    pub async fn until(&self, what: &str, script: &str) {
        self.until_is(what, script, json!(true)).await;
    }

    /// Polls `script` until it returns `want`; panics naming `what` it waited for.
    pub async fn until_is(&self, what: &str, script: &str, want: Value) {
        if let Err(got) = self.poll(script, &want).await {
            panic!("timed out waiting for {what}: last {got}, expected {want}");
        }
    }

    /// Polls `script` until it returns `want`: for a test that gathers what differs
    /// instead of stopping at the first; the last value seen when it never does.
    pub async fn poll(&self, script: &str, want: &Value) -> Result<(), Value> {
        self.chromium.until(script, want).await
    }

    /// Types `query` into the search of the page open now, as a reader does, and waits
    /// until it has answered (its count is written).
    pub async fn type_search(&self, query: &str) {
        let script = format!(
            "document.querySelector('#search-count').textContent = '';
             var i = document.querySelector('#search-input'); i.value = {};
             i.dispatchEvent(new Event('input')); return true;",
            json!(query)
        );
        self.js(&script).await;
        self.until(
            &format!("the results of {query:?}"),
            "return document.querySelector('#search-count').textContent !== ''",
        )
        .await;
    }

    /// The text of the first element `css` selects, its white space collapsed as a
    /// reader sees it; empty when there is none.
    pub async fn text(&self, css: &str) -> String {
        let script = format!(
            "var e = document.querySelector({}); return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null;",
            json!(css)
        );
        self.js(&script)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Makes the page's viewport `width` x `height` CSS pixels: the window is sized, then
    /// sized again by what its frame took (which depends on Chromium's headless mode).
    pub async fn set_viewport(&self, width: u32, height: u32) {
        let (w, h) = (i64::from(width), i64::from(height));
        let mut size = (w, h);
        for _ in 0..3 {
            let (x, y) = (u32::try_from(size.0), u32::try_from(size.1));
            self.chromium
                .client
                .set_window_size(x.unwrap(), y.unwrap())
                .await
                .unwrap();
            let got = self.settled_viewport().await;
            if got == (w, h) {
                return;
            }
            size = (size.0 + w - got.0, size.1 + h - got.1);
        }
        panic!(
            "the viewport is not {width}x{height}: {:?}",
            self.settled_viewport().await
        );
    }

    /// The viewport's size once two looks 50 ms apart agree: on a busy machine the page
    /// may report its old size for a moment after the window is resized.
    async fn settled_viewport(&self) -> (i64, i64) {
        let inner = "return [window.innerWidth, window.innerHeight]";
        let look = async || {
            let got = self.js(inner).await;
            (got[0].as_i64().unwrap(), got[1].as_i64().unwrap())
        };
        let mut last = look().await;
        for _ in 0..20 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let now = look().await;
            if now == last {
                break;
            }
            last = now;
        }
        last
    }

    /// The folder downloads land in, without a prompt; a test may put files there to
    /// import them.
    pub fn downloads(&self) -> &Path {
        self.downloads.path()
    }

    /// The file `name` downloaded, once it is whole. Chromium saves another download of
    /// the same name as "name (1).ext": remove this one first to wait for that.
    pub async fn download(&self, name: &str) -> PathBuf {
        let file = self.downloads().join(name);
        let partial = |dir: &Path| {
            std::fs::read_dir(dir)
                .unwrap()
                .any(|e| e.unwrap().path().extension() == Some("crdownload".as_ref()))
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let size = std::fs::metadata(&file).map_or(0, |m| m.len());
            if size > 0 && !partial(self.downloads()) {
                return file;
            }
            assert!(Instant::now() < deadline, "{name} was not downloaded");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// axe-core's violations on the page open now (see [`Chromium::axe`]).
    pub async fn axe(&self, source: &str) -> Vec<Value> {
        self.chromium
            .axe(source)
            .await
            .unwrap_or_else(|e| panic!("axe-core: {e}"))
    }

    /// Panics with axe-core's violations on the page open now, `what` it shows; does
    /// nothing when axe-core is not installed (said loudly by `axe_source`).
    pub async fn assert_axe(&self, what: &str) {
        let Some(source) = chromium::axe_source() else {
            return;
        };
        let violations = self.axe(&source).await;
        eprintln!("axe, {what}: {} violations", violations.len());
        assert!(
            violations.is_empty(),
            "axe-core, {what}: {}",
            serde_json::to_string_pretty(&violations).unwrap()
        );
    }

    /// The console's errors since the last look: uncaught exceptions and
    /// `console.error` (a failed request is a test's own business).
    pub async fn errors(&self) -> Vec<Value> {
        self.chromium
            .console()
            .await
            .into_iter()
            .filter(|e| e["level"] == "SEVERE" && e["source"] != "network")
            .collect()
    }

    /// Ends the session; dropping the tab does too, also when a test panics.
    pub async fn close(self) {
        let _ = self.chromium.client.clone().close().await;
    }
}
