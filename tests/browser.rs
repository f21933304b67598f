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

use serde_json::{Value, json};

use common::chromium;
use common::http::Served;
use common::tab::Tab;
use tempfile::TempDir;

/// A browser on tests/fixtures/rich, with the server and the site it needs.
async fn start() -> (Tab, Served, TempDir) {
    start_site(&["rich"]).await
}

/// A browser on the site made of `fixtures` (see `common::site`).
async fn start_site(fixtures: &[&str]) -> (Tab, Served, TempDir) {
    Tab::on_site(common::site(fixtures)).await
}

/// axe-core's violations on `page`.
async fn axe_on(b: &Tab, source: &str, page: &str) -> Vec<Value> {
    b.open(page).await;
    b.axe(source).await
}

#[tokio::test(flavor = "current_thread")]
async fn the_reader_script_in_a_real_browser() {
    if !chromium::available() {
        return;
    }
    let (b, _server, _site) = start().await;
    let outcome = scenarios(&b).await;
    b.close().await;
    outcome.unwrap_or_else(|e| panic!("{e}"));
}

/// axe-core runs on these pages, whole (in the theme the toggle left).
const AXE_PAGES: &[&str] = &["", "stages/languages/", "stages/markup/", "print/"];

async fn scenarios(b: &Tab) -> Result<(), String> {
    ticking_persists_and_moves_the_bars(b).await;
    export_then_import_round_trips(b).await;
    search_finds_generators_in_the_languages_stage(b).await;
    the_theme_toggle_persists(b).await;
    if let Some(axe) = chromium::axe_source() {
        let mut report = Vec::new();
        for page in AXE_PAGES {
            let violations = axe_on(b, &axe, page).await;
            eprintln!("axe /{page}: {} violations", violations.len());
            if !violations.is_empty() {
                report.push(format!(
                    "/{page}: {}",
                    serde_json::to_string_pretty(&violations).unwrap()
                ));
            }
        }
        if !report.is_empty() {
            return Err(format!("axe-core violations:\n{}", report.join("\n")));
        }
    }
    Ok(())
}

async fn ticking_persists_and_moves_the_bars(b: &Tab) {
    b.open("").await;
    let languages_done = "return document.querySelector('.stage-card[data-stage=\"languages\"] .card-progress').getAttribute('data-done')";
    assert_eq!(b.js(languages_done).await, json!("0"));

    // Its first exercise, "Port the Python loader to Rust", and first topic.
    b.open("stages/languages/").await;
    let boxes = "[data-kind=exercise] li input.task-list-item-checkbox";
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
    b.js("var s = document.querySelector('[data-kind=topic] li select.item-status'); s.value = 'done'; s.dispatchEvent(new Event('change')); return true").await;

    b.refresh().await;
    let still = b.wait_for(boxes).await;
    assert_eq!(
        still.prop("checked").await.unwrap().as_deref(),
        Some("true"),
        "ticked after a reload"
    );
    assert_eq!(
        b.js("return document.querySelector('[data-kind=topic] li select.item-status').value")
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

async fn export_then_import_round_trips(b: &Tab) {
    b.open("").await;
    let before = b
        .js("return localStorage.getItem('roadsmith:progress:/')")
        .await;
    b.open_tools().await;
    let buttons = b.find_all(".progress-tools button").await;
    buttons[0].click().await.unwrap();
    let file = b.download("roadmap-progress.json").await;
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(
        exported["items"].as_object().map(|o| o.len()),
        Some(2),
        "{exported}"
    );

    b.js("localStorage.clear(); return true").await;
    b.refresh().await;
    b.wait_for(".progress-tools").await;
    b.open_tools().await;
    assert_eq!(
        b.js("return document.querySelector('.overall-bar progress').value")
            .await,
        json!(0)
    );
    let input = b.wait_for("#progress-import").await;
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
    let bad = b.downloads().join("bad.json");
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
async fn search_finds_generators_in_the_languages_stage(b: &Tab) {
    b.open("stages/basics/").await;
    b.wait_for("body").await.send_keys("/").await.unwrap();
    assert_eq!(
        b.js("return document.activeElement.id").await,
        json!("search-input"),
        "/ focuses the search"
    );
    let input = b.wait_for("#search-input").await;
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

async fn the_theme_toggle_persists(b: &Tab) {
    b.open("stages/languages/").await;
    let theme = "return document.documentElement.getAttribute('data-theme')";
    assert_eq!(
        b.js(theme).await,
        Value::Null,
        "follows the system at first"
    );
    b.click(".theme-toggle").await;
    let chosen = b.js(theme).await;
    assert!(
        chosen == json!("dark") || chosen == json!("light"),
        "{chosen}"
    );
    b.refresh().await;
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
    if !chromium::available() {
        return;
    }
    let (b, _server, _site) = start_site(&["tracks"]).await;
    let outcome = ready_to_start(&b).await;
    let axe = match (&outcome, chromium::axe_source()) {
        (Ok(()), Some(source)) => tracks_overview_has_no_axe_violations(&b, &source).await,
        _ => Ok(()),
    };
    b.close().await;
    outcome.and(axe).unwrap_or_else(|e| panic!("{e}"));
}

/// The slugs "Ready to start" lists, and its text.
async fn ready_list(b: &Tab) -> (Value, Value) {
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
async fn mark_all(b: &Tab, status: &str) {
    b.wait_for("li[data-item-id] select.item-status").await;
    b.js_with(
        "var status = arguments[0]; document.querySelectorAll('li[data-item-id] select.item-status').forEach(function (s) { s.value = status; s.dispatchEvent(new Event('change')); }); return true",
        vec![json!(status)],
    )
    .await;
}

/// Setup is where everything starts; finishing it (items done or skipped) readies both
/// tracks' first stages; the capstone waits for Django and React.
async fn ready_to_start(b: &Tab) -> Result<(), String> {
    b.open("").await;
    let (slugs, _) = ready_list(b).await;
    if slugs != json!(["setup"]) {
        return Err(format!("at first only Setup is ready: {slugs}"));
    }

    // Setup's exercise ticked with its checkbox, its two topics skipped.
    b.open("stages/setup/").await;
    mark_all(b, "skipped").await;
    b.wait_for("[data-kind=exercise] li input.task-list-item-checkbox")
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
    b.wait_for("[data-kind=exercise] li input.task-list-item-checkbox")
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
async fn tracks_overview_has_no_axe_violations(b: &Tab, source: &str) -> Result<(), String> {
    let mut report = Vec::new();
    for theme in ["light", "dark"] {
        b.open("").await;
        b.js_with(
            "localStorage.setItem('roadsmith:theme', arguments[0]); return true",
            vec![json!(theme)],
        )
        .await;
        let violations = axe_on(b, source, "").await;
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
