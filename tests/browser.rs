//! The reader script in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`): progress kept across reloads, progress bars, export and import,
//! search, the theme toggle, and axe-core's accessibility checks, on tests/fixtures/rich
//! served as a static host would; "Ready to start" and axe-core on the overview of
//! tests/fixtures/tracks, a roadmap with tracks, optional stages and prerequisites.
//!
//! Without /usr/bin/chromium the tests are skipped loudly, except under CI, where a
//! missing browser is a failure. axe-core comes from `npm ci --prefix tests/browser`.
#![cfg(feature = "serve")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const WAIT: Duration = Duration::from_secs(10);

/// `None` (after saying so) when the browser tests cannot run here.
fn browser_available() -> Option<()> {
    if Path::new(CHROMIUM).exists() {
        return Some(());
    }
    if std::env::var_os("CI").is_some() {
        panic!("{CHROMIUM} is missing under CI: apt-get install -y chromium chromium-driver");
    }
    eprintln!("\n!!!!! SKIPPED: {CHROMIUM} is not installed; browser tests did not run !!!!!\n");
    None
}

fn axe_source() -> Option<String> {
    let path = common::repo().join("tests/browser/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!(
                "{} is missing under CI: run npm ci --prefix tests/browser",
                path.display()
            )
        }
        Err(_) => {
            eprintln!(
                "\n!!!!! SKIPPED axe checks: run `npm ci --prefix tests/browser` to install axe-core !!!!!\n"
            );
            None
        }
    }
}

struct Browser {
    client: Client,
    driver: Child,
    base: String,
    downloads: PathBuf,
    _server: common::http::Served,
    _site: tempfile::TempDir,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

async fn start() -> Browser {
    start_site(&["rich"]).await
}

/// A browser on the site made of `fixtures` (see `common::site`).
async fn start_site(fixtures: &[&str]) -> Browser {
    let site = common::site(fixtures);
    // Serving the output folder from the start: the site is built for the server's port.
    let server = common::http::serve_dir(&site.path().join("public"));
    let base = server.base();
    let out = common::build(site.path(), &["--base-url", &base]);
    assert!(out.status.success(), "{}", common::stderr(&out));

    let (driver, port) = common::start_chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let downloads = site.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,900",
                // The theme scrolls smoothly; WebDriver clicks need the element in place.
                "--force-prefers-reduced-motion",
                format!("--user-data-dir={}", profile.path().display()),
            ],
            "prefs": {
                "download.default_directory": downloads.to_str().unwrap(),
                "download.prompt_for_download": false,
            },
        }),
    );
    caps.insert(
        "timeouts".into(),
        json!({"script": 10000, "pageLoad": 10000, "implicit": 0}),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with Chromium");
    Browser {
        client,
        driver,
        base,
        downloads,
        _server: server,
        _site: site,
        _profile: profile,
    }
}

impl Browser {
    async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
        // The script has run once its header tools are in.
        self.wait_for(".reader-tools").await;
    }

    async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Polls `script` until it returns true.
    async fn until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT;
        while self.js(script).await != Value::Bool(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// axe-core's violations on `page`, leaving out the elements `exclude` selects.
    async fn axe(&self, source: &str, page: &str, exclude: &[&str]) -> Vec<Value> {
        self.open(page).await;
        self.client
            .execute(
                "var s = document.createElement('script'); s.textContent = arguments[0]; document.head.appendChild(s); return true;",
                vec![Value::String(source.to_string())],
            )
            .await
            .unwrap();
        let result = self
            .client
            .execute_async(
                "var done = arguments[arguments.length - 1];
                 axe.run({exclude: arguments[0]}, {resultTypes: ['violations']})
                   .then(function (r) { done(r.violations.map(function (v) {
                     return {id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.map(function (n) { return n.target.join(' '); })};
                   })); })
                   .catch(function (e) { done([{id: 'axe-error', help: String(e)}]); });",
                vec![json!(exclude)],
            )
            .await
            .unwrap();
        result.as_array().cloned().unwrap_or_default()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_reader_script_in_a_real_browser() {
    if browser_available().is_none() {
        return;
    }
    let b = start().await;
    let outcome = scenarios(&b).await;
    let _ = b.client.clone().close().await;
    drop(b);
    outcome.unwrap_or_else(|e| panic!("{e}"));
}

/// Violations that are bugs of the product, not of these tests, which the rich fixture
/// shows (the Django roadmap, with no code blocks or footnotes, did not): the rule, and
/// text every node of the violation has. Each is tolerated only while it is found: once
/// fixed, the test fails until its line here goes.
const KNOWN_VIOLATIONS: &[(&str, &[&str], &str)] = &[
    (
        "color-contrast",
        &["hl-"],
        "highlighted code: some token colours of the highlight stylesheets fall below 4.5:1",
    ),
    (
        "link-in-text-block",
        &["footnote-backref", "fnref"],
        "footnote back-links are told from the text around them by colour alone",
    ),
];

/// axe-core runs on these pages (in the theme the toggle left) with what it leaves out.
const AXE_PAGES: &[(&str, &[&str])] = &[
    ("", &[]),
    ("stages/languages/", &[]),
    ("stages/markup/", &[]),
    ("print/", &[]),
];

async fn scenarios(b: &Browser) -> Result<(), String> {
    ticking_persists_and_moves_the_bars(b).await;
    export_then_import_round_trips(b).await;
    search_finds_generators_in_the_languages_stage(b).await;
    the_theme_toggle_persists(b).await;
    if let Some(axe) = axe_source() {
        let mut report = Vec::new();
        let mut known_seen = vec![false; KNOWN_VIOLATIONS.len()];
        for (page, exclude) in AXE_PAGES {
            let mut violations = b.axe(&axe, page, exclude).await;
            eprintln!("axe /{page}: {} violations", violations.len());
            violations.retain(|v| {
                let nodes: Vec<&str> = v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let known = KNOWN_VIOLATIONS.iter().position(|(rule, marks, _)| {
                    v["id"] == *rule
                        && !nodes.is_empty()
                        && nodes.iter().all(|n| marks.iter().any(|m| n.contains(m)))
                });
                if let Some(k) = known {
                    known_seen[k] = true;
                    eprintln!(
                        "!!!!! KNOWN PRODUCT BUG on /{page}: {} ({} nodes): {} !!!!!",
                        KNOWN_VIOLATIONS[k].0,
                        nodes.len(),
                        KNOWN_VIOLATIONS[k].2
                    );
                }
                known.is_none()
            });
            if !violations.is_empty() {
                report.push(format!(
                    "/{page}: {}",
                    serde_json::to_string_pretty(&violations).unwrap()
                ));
            }
        }
        for ((rule, _, what), seen) in KNOWN_VIOLATIONS.iter().zip(known_seen) {
            if !seen {
                report.push(format!(
                    "the known violation {rule} ({what}) is gone: remove it from KNOWN_VIOLATIONS"
                ));
            }
        }
        if !report.is_empty() {
            return Err(format!("axe-core violations:\n{}", report.join("\n")));
        }
    }
    Ok(())
}

async fn ticking_persists_and_moves_the_bars(b: &Browser) {
    b.open("").await;
    let languages_done = "return document.querySelector('.stage-card[data-stage=\"languages\"] .card-progress').getAttribute('data-done')";
    assert_eq!(b.js(languages_done).await, json!("0"));

    // Its first exercise, "Port the Python loader to Rust", and first topic.
    b.open("stages/languages/").await;
    let boxes = "li[data-kind=exercise] input.task-list-item-checkbox";
    let first = b.wait_for(boxes).await;
    assert_eq!(
        first.attr("disabled").await.unwrap(),
        None,
        "the script enables the checkboxes"
    );
    first.click().await.unwrap();
    b.until(
        "the stage bar",
        "return document.querySelector('[data-progress-stage] progress').value === 1",
    )
    .await;
    // A topic marked "done" with its status menu.
    b.js("var s = document.querySelector('li[data-kind=topic] select.item-status'); s.value = 'done'; s.dispatchEvent(new Event('change')); return true").await;

    b.client.refresh().await.unwrap();
    b.wait_for(".reader-tools").await;
    let still = b.wait_for(boxes).await;
    assert_eq!(
        still.prop("checked").await.unwrap().as_deref(),
        Some("true"),
        "ticked after a reload"
    );
    assert_eq!(
        b.js("return document.querySelector('li[data-kind=topic] select.item-status').value")
            .await,
        json!("done")
    );

    b.open("").await;
    assert_eq!(
        b.js(languages_done).await,
        json!("2"),
        "the overview's stage bar moved"
    );
    assert_eq!(
        b.js("return document.querySelector('.overall-bar progress').value")
            .await,
        json!(2)
    );
}

async fn export_then_import_round_trips(b: &Browser) {
    b.open("").await;
    let before = b
        .js("return localStorage.getItem('roadsmith:progress:/')")
        .await;
    let buttons = b
        .client
        .find_all(Locator::Css(".progress-tools button"))
        .await
        .unwrap();
    buttons[0].click().await.unwrap();
    let file = b.downloads.join("roadmap-progress.json");
    let deadline = Instant::now() + WAIT;
    while !file.exists() {
        assert!(Instant::now() < deadline, "the export was not downloaded");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(
        exported["items"].as_object().map(|o| o.len()),
        Some(2),
        "{exported}"
    );

    b.js("localStorage.clear(); return true").await;
    b.client.refresh().await.unwrap();
    b.wait_for(".progress-tools").await;
    assert_eq!(
        b.js("return document.querySelector('.overall-bar progress').value")
            .await,
        json!(0)
    );
    let input = b
        .client
        .find(Locator::Css("#progress-import"))
        .await
        .unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
    b.until(
        "the import",
        "return document.querySelector('.overall-bar progress').value === 2",
    )
    .await;
    let after = b
        .js("return localStorage.getItem('roadsmith:progress:/')")
        .await;
    let items = |v: &Value| -> Value {
        serde_json::from_str::<Value>(v.as_str().unwrap_or("{}")).unwrap()["items"].clone()
    };
    assert_eq!(
        items(&before),
        items(&after),
        "import restores what export saved"
    );

    // A file that is not an export changes nothing.
    let bad = b.downloads.join("bad.json");
    std::fs::write(&bad, "{\"items\": 3}").unwrap();
    input.send_keys(bad.to_str().unwrap()).await.unwrap();
    b.until("the refusal", "return /not a progress export/.test(document.querySelector('.progress-message').textContent)").await;
    assert_eq!(
        b.js("return document.querySelector('.overall-bar progress').value")
            .await,
        json!(2)
    );
}

/// "Generators" is in one item only: "Generators in Python", a topic of Languages.
async fn search_finds_generators_in_the_languages_stage(b: &Browser) {
    b.open("stages/basics/").await;
    b.client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    assert_eq!(
        b.js("return document.activeElement.id").await,
        json!("search-input"),
        "/ focuses the search"
    );
    let input = b.client.find(Locator::Css("#search-input")).await.unwrap();
    input.send_keys("Generators").await.unwrap();
    let first = b.wait_for("#search-results a.search-result").await;
    let href = first.attr("href").await.unwrap().unwrap_or_default();
    assert!(href.starts_with("/stages/languages/"), "{href}");
    assert_eq!(
        b.js("return document.querySelector('#search-results mark').textContent")
            .await,
        json!("Generators")
    );
    // What the index says is shown as text, never as markup.
    b.js("document.querySelector('#search-input').value = '<img src=x onerror=alert(1)>'; document.querySelector('#search-input').dispatchEvent(new Event('input')); return true").await;
    b.until(
        "no results",
        "return /No results/.test(document.querySelector('#search-results').textContent)",
    )
    .await;
    assert_eq!(
        b.js("return document.querySelectorAll('#search-results img').length")
            .await,
        json!(0)
    );
    input.clear().await.unwrap();
    input.send_keys("Generators").await.unwrap();
    b.wait_for("#search-results a.search-result")
        .await
        .click()
        .await
        .unwrap();
    b.until(
        "the Languages stage",
        "return location.pathname === '/stages/languages/'",
    )
    .await;
}

async fn the_theme_toggle_persists(b: &Browser) {
    b.open("stages/languages/").await;
    let theme = "return document.documentElement.getAttribute('data-theme')";
    assert_eq!(
        b.js(theme).await,
        Value::Null,
        "follows the system at first"
    );
    b.client
        .find(Locator::Css(".theme-toggle"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let chosen = b.js(theme).await;
    assert!(
        chosen == json!("dark") || chosen == json!("light"),
        "{chosen}"
    );
    b.client.refresh().await.unwrap();
    b.wait_for(".reader-tools").await;
    assert_eq!(b.js(theme).await, chosen, "remembered after a reload");
    let dark_media = "return document.querySelector('link[href$=\"highlight-dark.css\"]').media";
    let expected = if chosen == json!("dark") {
        "all"
    } else {
        "not all"
    };
    assert_eq!(b.js(dark_media).await, json!(expected));
    let bg = b
        .js("return getComputedStyle(document.body).backgroundColor")
        .await;
    if chosen == json!("dark") {
        assert_eq!(bg, json!("rgb(15, 20, 22)"));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn ready_to_start_follows_progress_on_a_roadmap_with_tracks() {
    if browser_available().is_none() {
        return;
    }
    let b = start_site(&["tracks"]).await;
    let outcome = ready_to_start(&b).await;
    let axe = match (&outcome, axe_source()) {
        (Ok(()), Some(source)) => tracks_overview_has_no_axe_violations(&b, &source).await,
        _ => Ok(()),
    };
    let _ = b.client.clone().close().await;
    drop(b);
    outcome.and(axe).unwrap_or_else(|e| panic!("{e}"));
}

/// The slugs "Ready to start" lists, and its text.
async fn ready_list(b: &Browser) -> (Value, Value) {
    b.wait_for("[data-ready-to-start]:not([hidden]) .ready-list li")
        .await;
    let slugs = b
        .js("return Array.from(document.querySelectorAll('.ready-list li[data-stage]')).map(function (li) { return li.getAttribute('data-stage'); })")
        .await;
    let text = b
        .js("return document.querySelector('.ready-list').textContent")
        .await;
    (slugs, text)
}

/// Sets every tracked item of the open stage page to `status`.
async fn mark_all(b: &Browser, status: &str) {
    b.wait_for("li[data-tracked] select.item-status").await;
    b.client
        .execute(
            "var status = arguments[0]; document.querySelectorAll('li[data-tracked] select.item-status').forEach(function (s) { s.value = status; s.dispatchEvent(new Event('change')); }); return true",
            vec![json!(status)],
        )
        .await
        .unwrap();
}

/// Setup is where everything starts; finishing it (items done or skipped) readies both
/// tracks' first stages; the capstone waits for Django and React.
async fn ready_to_start(b: &Browser) -> Result<(), String> {
    b.open("").await;
    let (slugs, _) = ready_list(b).await;
    if slugs != json!(["setup"]) {
        return Err(format!("at first only Setup is ready: {slugs}"));
    }

    // Setup's exercise ticked with its checkbox, its two topics skipped.
    b.open("stages/setup/").await;
    mark_all(b, "skipped").await;
    b.wait_for("li[data-kind=exercise] input.task-list-item-checkbox")
        .await
        .click()
        .await
        .unwrap();
    b.open("").await;
    let (slugs, _) = ready_list(b).await;
    if slugs != json!(["python", "html-css"]) {
        return Err(format!("Setup finished, both tracks are ready: {slugs}"));
    }

    // Python begun: still ready, in progress. Django waits for it.
    b.open("stages/python/").await;
    b.wait_for("li[data-kind=exercise] input.task-list-item-checkbox")
        .await
        .click()
        .await
        .unwrap();
    b.open("").await;
    let (slugs, text) = ready_list(b).await;
    if slugs != json!(["python", "html-css"])
        || !text
            .as_str()
            .unwrap_or("")
            .contains("Stage 1: Python (in progress)")
    {
        return Err(format!("Python in progress: {slugs} {text}"));
    }

    // Both tracks done: Caching (optional, after Django) and the Capstone.
    for stage in ["python", "django", "html-css", "react"] {
        b.open(&format!("stages/{stage}/")).await;
        mark_all(b, "done").await;
    }
    b.open("").await;
    let (slugs, text) = ready_list(b).await;
    if slugs != json!(["caching", "capstone"])
        || !text
            .as_str()
            .unwrap_or("")
            .contains("Stage 5: Caching (optional)")
    {
        return Err(format!("after both tracks: {slugs} {text}"));
    }
    let link = b
        .js("return document.querySelector('.ready-list li[data-stage=capstone] a').getAttribute('href')")
        .await;
    if link != json!("/stages/capstone/") {
        return Err(format!("the entry links to its stage: {link}"));
    }
    Ok(())
}

/// axe-core on the overview with tracks, in the light theme and the dark one, with the
/// reader's progress drawn ("Ready to start" filled in).
async fn tracks_overview_has_no_axe_violations(b: &Browser, source: &str) -> Result<(), String> {
    let mut report = Vec::new();
    for theme in ["light", "dark"] {
        b.open("").await;
        b.client
            .execute(
                "localStorage.setItem('roadsmith:theme', arguments[0]); return true",
                vec![json!(theme)],
            )
            .await
            .unwrap();
        let violations = b.axe(source, "", &[]).await;
        let applied = b
            .js("return document.documentElement.getAttribute('data-theme')")
            .await;
        eprintln!("axe / of tracks ({theme}): {} violations", violations.len());
        if applied != json!(theme) {
            report.push(format!("the {theme} theme was not applied: {applied}"));
        }
        if !violations.is_empty() {
            report.push(format!(
                "{theme}: {}",
                serde_json::to_string_pretty(&violations).unwrap()
            ));
        }
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "axe-core violations on the tracks overview:\n{}",
            report.join("\n")
        ))
    }
}
