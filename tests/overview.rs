//! The overview's first screen in a real headless Chromium, on a phone (390×844) and a
//! desktop (1280×900), light and dark: the roadmap before the tools, the plan behind
//! "Plan my dates" (one line once set, with "Change"), save/share/download in one
//! menu, no sideways scroll; and electives opt-in in the plan (tests/fixtures/tracks:
//! its optional Caching stage is dated only once the reader adds it).
#![cfg(feature = "serve")]

mod common;

use serde_json::{Value, json};

use common::chromium;
use common::plan::events;
use common::plan_page::PlanPage;
use common::tab::Tab;

/// A browser on the built site of `fixtures` (the Django roadmap for none), with its
/// server.
async fn open(fixtures: &[&str]) -> (Tab, common::http::Served, tempfile::TempDir) {
    let site = if fixtures.is_empty() {
        common::django()
    } else {
        common::site(fixtures)
    };
    Tab::on_site(site).await
}

/// Where things are on the overview, in CSS pixels from the top of the page.
const PLACES: &str = "
    var top = function (css) { var e = document.querySelector(css); if (!e) return null; var r = e.getBoundingClientRect(); return r.height || r.width ? Math.round(r.top + scrollY) : null; };
    var tools = document.querySelector('.overview-tools').getBoundingClientRect();
    return {
      hero_bottom: Math.round(document.querySelector('.hero').getBoundingClientRect().bottom + scrollY),
      tools_height: Math.round(tools.height),
      map: Array.from(document.querySelectorAll('.roadmap-map')).map(function (m) { var r = m.getBoundingClientRect(); return r.height ? Math.round(r.top + scrollY) : null; }).filter(function (t) { return t !== null; })[0],
      intro: top('.prose'),
      stages: top('.stage-list'),
      panel_shown: !document.getElementById('plan-panel').hidden,
      menu_open: document.querySelector('[data-reader-tools]').open,
      sideways: document.documentElement.scrollWidth - innerWidth
    };";

#[tokio::test(flavor = "current_thread")]
async fn the_first_screen_is_the_roadmap_on_a_phone_and_a_desktop() {
    if !chromium::available() {
        return;
    }
    // The Django roadmap, a branching one with tracks and an elective, and one of code,
    // tables, raw HTML and a title full of <&">.
    for fixtures in [&[][..], &["data-branching"], &["rich"]] {
        let (tab, _server, _site) = open(fixtures).await;
        for theme in ["light", "dark"] {
            for (w, h) in [(390, 844), (1280, 900)] {
                let what = format!("{fixtures:?} {w}x{h} {theme}");
                first_screen(&tab, theme, (w, h), &what).await;
            }
        }
        tab.close().await;
    }
}

/// The overview of the site `tab` is on, at `size` in `theme`: the title, one line of
/// tools, the map on the first screen, the introduction within two, no sideways scroll.
async fn first_screen(tab: &Tab, theme: &str, (w, h): (u32, u32), what: &str) {
    tab.set_viewport(w, h).await;
    tab.js(&format!(
        "localStorage.clear(); localStorage.setItem('roadsmith:theme', '{theme}'); return true"
    ))
    .await;
    tab.open("").await;
    tab.wait_for(".progress-tools").await;
    let at = tab.js(PLACES).await;
    let what = format!("{what}: {at}");
    let (h, hero) = (i64::from(h), at["hero_bottom"].as_i64().unwrap());
    // Nothing the reader did not ask for: one line of tools under the title.
    assert!(at["tools_height"].as_i64().unwrap() <= 60, "{what}");
    assert_eq!(at["panel_shown"], json!(false), "{what}");
    assert_eq!(at["menu_open"], json!(false), "{what}");
    assert!(at["sideways"].as_i64().unwrap() <= 0, "{what}");
    // The map right after them, on the first screen; the author's introduction within
    // two screens, the stages after it.
    let map = at["map"].as_i64().unwrap();
    assert!(map > hero && map - hero <= 120, "{what}");
    assert!(map < h - 100, "{what}");
    let intro = at["intro"].as_i64().unwrap();
    assert!(intro < 2 * h, "{what}");
    assert!(at["stages"].as_i64().unwrap() > intro, "{what}");
}

#[tokio::test(flavor = "current_thread")]
async fn plan_my_dates_opens_the_form_and_a_plan_is_one_line() {
    if !chromium::available() {
        return;
    }
    let (tab, _server, _site) = open(&["rich"]).await;
    tab.set_viewport(390, 844).await;
    tab.open("").await;
    let toggle = "[data-plan-toggle]";
    let state = format!(
        "var t = document.querySelector('{toggle}'); return [t.textContent, t.getAttribute('aria-expanded'), document.getElementById('plan-panel').hidden]"
    );
    assert_eq!(
        tab.js(&state).await,
        json!(["Plan my dates", "false", true])
    );
    tab.click(toggle).await;
    assert_eq!(
        tab.js(&state).await,
        json!(["Plan my dates", "true", false])
    );
    assert_eq!(
        tab.js("return document.activeElement.id").await,
        json!("plan-start")
    );
    tab.plan("2027-01-04", "8", "longest").await;
    // The form closes; the line says the plan's standing and its end, with "Change".
    tab.until_is("the plan's line", &state, json!(["Change", "false", true]))
        .await;
    let line = tab.text(".overview-tools .plan-status").await;
    assert!(line.contains("The plan ends on"), "{line}");
    assert_eq!(
        tab.js("return document.activeElement.getAttribute('data-plan-toggle') !== null")
            .await,
        json!(true),
        "focus stays on the line"
    );
    let height = "return Math.round(document.querySelector('.overview-tools').getBoundingClientRect().height)";
    assert!(
        tab.js(height).await.as_i64().unwrap() <= 120,
        "the plan's line on a phone"
    );
    // The menu holds what a reader takes away, shares, exports and imports.
    tab.open_tools().await;
    let menu = tab.text("[data-reader-tools]").await;
    for words in [
        "Checklist (Markdown)",
        "Printable version",
        "Export progress",
        "Import progress",
        "Download my checklist",
        "Copy a link to my progress",
    ] {
        assert!(menu.contains(words), "{words} in {menu}");
    }
    if let Some(axe) = chromium::axe_source() {
        let violations = tab.axe(&axe).await;
        assert!(violations.is_empty(), "{violations:#?}");
    }
    tab.close().await;
}

/// tests/fixtures/tracks at 10 hours a week from 4 January 2027, ranges at their
/// longest: Setup 7 days, Python 14, Django 21, HTML & CSS 14, React 14, the optional
/// Caching 7 (after Django), the Capstone 7 (after Django and React).
#[tokio::test(flavor = "current_thread")]
async fn optional_stages_join_the_plan_only_when_added() {
    if !chromium::available() {
        return;
    }
    let (tab, _server, _site) = open(&["tracks"]).await;
    tab.open("").await;
    tab.plan("2027-01-04", "10", "longest").await;
    let days = "var d = function (slug) { var n = document.querySelector('.stage-card [data-plan-dates=' + slug + ']'); return [n.textContent, n.getAttribute('data-first-day'), n.getAttribute('data-last-day')]; }; return {caching: d('caching'), django: d('django'), capstone: d('capstone')}";
    tab.until(
        "the dates",
        "return !!document.querySelector('[data-plan-dates=capstone][data-last-day]')",
    )
    .await;
    let before = tab.js(days).await;
    assert_eq!(
        before["caching"],
        json!(["Optional: not in your plan", null, null])
    );
    assert_eq!(before["capstone"][2], json!("2027-03-21"), "{before}");
    let add = "[data-plan-skip=caching]:not([hidden])";
    assert_eq!(
        tab.text(&format!("{add} label")).await,
        "Add to my plan: stage 5, Caching"
    );
    tab.click(&format!("{add} input")).await;
    tab.until(
        "Caching in the plan",
        "return !!document.querySelector('[data-plan-dates=caching][data-first-day]')",
    )
    .await;
    let after = tab.js(days).await;
    let first = |v: &Value, k: &str, i: usize| v[k][i].as_str().unwrap().to_string();
    assert!(
        first(&after, "caching", 1) > first(&after, "django", 2),
        "{after}"
    );
    assert_eq!(
        after["capstone"][2],
        json!("2027-03-28"),
        "a week later: {after}"
    );
    // Kept with the plan, and in the calendar.
    tab.refresh().await;
    tab.until_is(
        "the elective after a reload",
        "var i = document.querySelector('[data-plan-skip=caching] input'); return !!i && i.checked",
        json!(true),
    )
    .await;
    tab.open_plan().await;
    tab.click("[data-plan-calendar]").await;
    let calendar = events(&tab.take_download("study-plan.ics").await);
    assert_eq!(calendar.len(), 7, "{calendar:?}");
    tab.close().await;
}
