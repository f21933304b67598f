//! The dated study plan's form and dates in a real headless Chromium (Debian's
//! `chromium` and `chromium-driver`): plan.js against the Rust implementation of the
//! same rules (dates, lengths, the calendar's text), the form's errors, the dates on
//! every page and after a reload, the calendar download against `roadsmith export ics`,
//! skipped stages, being behind, the plan in the progress export, and axe-core on the
//! pages with a plan.
//!
//! tests/fixtures/rich's stages: Basics "3 days", Languages "2–4 weeks", Data "1.5
//! weeks", Raw HTML "1 month", Wrap-up "1 week"; `[plan] hours_per_week` is not set, so
//! the durations assume 10 hours a week.
#![cfg(feature = "serve")]

mod common;

use std::path::Path;

use fantoccini::key::Key;
use roadsmith::reader::ics;
use roadsmith::reader::plan::{Date, Pace};
use serde_json::{Value, json};

use common::chromium;
use common::plan::{events, ics};
use common::plan_page::{PlanPage, expected, start};
use common::tab::Tab;

#[tokio::test(flavor = "current_thread")]
async fn the_study_plan_in_a_real_browser() {
    if !chromium::available() {
        return;
    }
    let (b, _server, site) = start().await;
    let outcome = scenarios(&b, site.path()).await;
    b.close().await;
    outcome.unwrap_or_else(|e| panic!("{e}"));
}

async fn scenarios(b: &Tab, root: &Path) -> Result<(), String> {
    the_same_rules_as_rust(b).await;
    the_same_calendar_text_as_rust(b).await;
    the_form_says_what_is_wrong(b).await;
    a_plan_dates_every_stage_and_stays(b, root).await;
    the_calendar_download_parses_and_matches_the_cli(b, root).await;
    skipping_a_stage_moves_the_later_dates(b).await;
    a_month_ago_with_nothing_done_is_behind(b).await;
    the_plan_travels_with_the_progress_export(b).await;
    if let Some(axe) = chromium::axe_source() {
        let mut report = Vec::new();
        for page in ["", "stages/data/"] {
            b.open(page).await;
            // The plan set by the scenarios above is drawn before axe looks.
            b.until_is(
                "the dates",
                "return document.querySelector('[data-plan-dates=data]').hasAttribute('data-first-day')",
                json!(true),
            )
            .await;
            let violations = b.axe(&axe).await;
            eprintln!("axe /{page} with a plan: {} violations", violations.len());
            if !violations.is_empty() {
                report.push(format!(
                    "/{page}: {}",
                    serde_json::to_string_pretty(&violations).unwrap()
                ));
            }
        }
        // And with an error shown beside a field.
        b.open("").await;
        b.plan("2027-01-04", "0", "longest").await;
        b.wait_for("#plan-hours-error:not([hidden])").await;
        let violations = b.axe(&axe).await;
        eprintln!("axe / with an error: {} violations", violations.len());
        if !violations.is_empty() {
            report.push(serde_json::to_string_pretty(&violations).unwrap());
        }
        if !report.is_empty() {
            return Err(format!("axe-core violations:\n{}", report.join("\n")));
        }
    }
    Ok(())
}

/// plan.js's date arithmetic and lengths against Rust's, case by case: month and
/// year ends, leap days, impossible dates.
async fn the_same_rules_as_rust(b: &Tab) {
    b.open("").await;
    let adds: &[(&str, i64)] = &[
        ("2027-01-31", 1),
        ("2027-02-28", 1),
        ("2028-02-28", 1),
        ("2028-02-29", 1),
        ("2100-02-28", 1),
        ("2000-02-28", 1),
        ("2027-04-30", 1),
        ("2027-12-31", 1),
        ("2027-12-25", 11),
        ("2028-01-05", -11),
        ("2028-01-01", 366),
        ("2027-03-01", -1),
        ("1999-12-31", 146_097),
    ];
    for (from, n) in adds {
        let js = b
            .js(&format!(
                "var p = window.roadsmithPlan; return p.iso(p.parseDate('{from}') + {n})"
            ))
            .await;
        let rust = Date::parse(from).unwrap().add_days(*n).unwrap().to_string();
        assert_eq!(js, json!(rust), "{from} + {n}");
    }
    for text in [
        "2027-02-29",
        "1900-02-29",
        "2027-04-31",
        "2027-13-01",
        "2027-00-10",
        "0999-12-31",
        "2027-1-4",
        "",
        "2028-02-29",
        "2027-01-04",
    ] {
        let js = b
            .js(&format!(
                "return window.roadsmithPlan.parseDate('{text}') !== null"
            ))
            .await;
        assert_eq!(js, json!(Date::parse(text).is_ok()), "{text:?}");
    }
    for day in ["2027-01-04", "2027-01-10", "2026-12-02", "2028-02-29"] {
        let js = b
            .js(&format!(
                "var p = window.roadsmithPlan; return p.weekday(p.parseDate('{day}'))"
            ))
            .await;
        assert_eq!(js, json!(Date::parse(day).unwrap().weekday()), "{day}");
    }
    for (days, author, reader) in [
        (7.0, 10.0, 10.0),
        (10.5, 10.0, 10.0),
        (3.0, 10.0, 8.0),
        (17.5, 10.0, 3.5),
        (7.0, 10.0, 7.0),
        (3.0, 10.0, 80.0),
        (28.0, 7.5, 13.0),
    ] {
        let js = b
            .js(&format!(
                "return window.roadsmithPlan.stageDays({days}, {author}, {reader})"
            ))
            .await;
        let rust = roadsmith::reader::plan::stage_days(days, author, reader);
        assert_eq!(js, json!(rust), "{days} days at {author} for {reader}");
    }
}

/// plan.js's folding and escaping of the calendar's lines against Rust's.
async fn the_same_calendar_text_as_rust(b: &Tab) {
    let lines = [
        "SUMMARY:short".to_string(),
        format!("DESCRIPTION:{}", "a".repeat(200)),
        format!("SUMMARY:{}", "é".repeat(100)),
        format!("SUMMARY:a{}", "📐".repeat(60)),
        format!("SUMMARY:ab{}", "€".repeat(70)),
        "x".repeat(75),
        "x".repeat(76),
    ];
    for line in &lines {
        let js = b
            .js_with(
                "return window.roadsmithPlan.fold(arguments[0])",
                vec![json!(line)],
            )
            .await;
        let mut rust = String::new();
        ics::fold(line, &mut rust);
        assert_eq!(js, json!(rust), "{line}");
    }
    for text in [
        "Forms, ModelForms; and C:\\path",
        "one\ntwo\r\nthree\rfour",
        "bell\u{7}\ttab",
        "<Setup> & \"Tools\"",
    ] {
        let js = b
            .js_with(
                "return window.roadsmithPlan.escapeText(arguments[0])",
                vec![json!(text)],
            )
            .await;
        assert_eq!(js, json!(ics::escape(text)), "{text:?}");
    }
}

async fn the_form_says_what_is_wrong(b: &Tab) {
    b.open("").await;
    let form = b.wait_for("form.plan-form").await;
    // The start defaults to the coming Monday.
    assert_eq!(
        b.js("var p = window.roadsmithPlan; var d = p.parseDate(document.getElementById('plan-start').value); var t = new Date(); var today = Date.UTC(t.getFullYear(), t.getMonth(), t.getDate()) / 864e5; return [p.weekday(d), d - today >= 0 && d - today < 7]").await,
        json!([0, true])
    );
    assert_eq!(
        b.js("return document.getElementById('plan-hours').value")
            .await,
        json!("10"),
        "the author's hours"
    );
    assert_eq!(
        b.js("return document.getElementById('plan-pace-longest').checked")
            .await,
        json!(true)
    );
    b.plan("2027-01-04", "0", "longest").await;
    b.wait_for("#plan-hours-error:not([hidden])").await;
    assert_eq!(
        b.js("var i = document.getElementById('plan-hours'); return [document.getElementById('plan-hours-error').textContent, i.getAttribute('aria-invalid'), document.activeElement === i]").await,
        json!(["Hours per week must be a number from 1 to 80.", "true", true])
    );
    b.plan("", "8", "longest").await;
    b.wait_for("#plan-start-error:not([hidden])").await;
    assert_eq!(
        b.js("return [document.getElementById('plan-start-error').textContent, document.getElementById('plan-hours-error').hidden, document.activeElement.id]").await,
        json!(["Choose the day you start.", true, "plan-start"])
    );
    // 30 February typed into the date field (month, day, year in Chromium's "en").
    let start = b.wait_for("#plan-start").await;
    start.send_keys("02302027").await.unwrap();
    let state = b
        .js("var i = document.getElementById('plan-start'); return [i.value, i.validity.badInput]")
        .await;
    assert_eq!(state, json!(["", true]), "the browser has no such date");
    start.send_keys(&Key::Enter.to_string()).await.unwrap();
    b.until_is(
        "the impossible date's error",
        "return document.getElementById('plan-start-error').textContent",
        json!("That date does not exist: choose a day of the calendar."),
    )
    .await;
    // Nothing was planned: the weeks are still there.
    assert_eq!(
        b.js("return document.querySelector('[data-plan-dates=data]').textContent")
            .await,
        json!("Weeks 3–6")
    );
    drop(form);
}

async fn a_plan_dates_every_stage_and_stays(b: &Tab, root: &Path) {
    b.open("").await;
    b.plan("2027-01-04", "8", "longest").await;
    b.until_is(
        "the dates",
        "return document.querySelector('[data-plan-dates=data]').hasAttribute('data-first-day')",
        json!(true),
    )
    .await;
    let want = expected(root, "2027-01-04", 8.0, Pace::Longest);
    assert_eq!(b.card_dates().await, want);
    assert_eq!(want[2], json!(["data", "2027-02-12", "2027-02-25"]));
    // Written in the page's language, by Intl.DateTimeFormat.
    let shown = b
        .js("var f = new Intl.DateTimeFormat('en', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'}); return [document.querySelector('[data-plan-dates=data]').textContent, f.formatRange(new Date(Date.UTC(2027, 1, 12)), new Date(Date.UTC(2027, 1, 25)))]")
        .await;
    assert_eq!(shown[0], shown[1]);
    // The timeline, both drawings (wide and narrow): its grid in dates, the stage's link
    // named with its dates.
    assert_eq!(
        b.js("var dates = document.querySelector('[data-plan-dates=data]').textContent; return Array.prototype.map.call(document.querySelectorAll('svg.timeline'), function (svg) { var t = svg.querySelector('.timeline-grid text').textContent; return [t === 'week 0', svg.querySelector('a.timeline-stage[data-stage=data]').getAttribute('aria-label').indexOf(dates) > 0]; })").await,
        json!([[false, true], [false, true]])
    );
    // Another pace and other hours, against Rust again.
    b.plan("2027-12-20", "3.5", "shortest").await;
    let want = expected(root, "2027-12-20", 3.5, Pace::Shortest);
    b.until_is(
        "the new dates",
        "return document.querySelector('[data-plan-dates=basics]').getAttribute('data-first-day')",
        json!("2027-12-20"),
    )
    .await;
    assert_eq!(b.card_dates().await, want);
    b.plan("2027-01-04", "8", "middle").await;
    b.until_is("the middle pace", "return document.querySelector('[data-plan-dates=languages]').getAttribute('data-last-day')", expected(root, "2027-01-04", 8.0, Pace::Middle)[1][2].clone()).await;
    assert_eq!(
        b.card_dates().await,
        expected(root, "2027-01-04", 8.0, Pace::Middle)
    );
    b.plan("2027-01-04", "8", "longest").await;
    b.until_is(
        "the longest pace",
        "return document.querySelector('[data-plan-dates=data]').getAttribute('data-first-day')",
        json!("2027-02-12"),
    )
    .await;

    // A reload keeps the plan, in the form and on the cards.
    b.refresh().await;
    b.until_is(
        "the dates after a reload",
        "return document.querySelector('[data-plan-dates=data]').getAttribute('data-first-day')",
        json!("2027-02-12"),
    )
    .await;
    assert_eq!(
        b.js("return [document.getElementById('plan-start').value, document.getElementById('plan-hours').value, document.getElementById('plan-pace-longest').checked]").await,
        json!(["2027-01-04", "8", true])
    );
    // The stage page shows its own slice; the print page prints the plan.
    b.open("stages/data/").await;
    b.until_is(
        "the stage's dates",
        "return document.querySelector('.stage-header [data-plan-dates=data]').getAttribute('data-first-day')",
        json!("2027-02-12"),
    )
    .await;
    assert_eq!(
        b.js("return document.querySelector('form')").await,
        Value::Null,
        "the form is on the overview only"
    );
    b.open("print/").await;
    b.until_is(
        "the printed plan",
        "var s = document.querySelector('[data-plan-summary]'); return !s.hidden && /^Your plan: .*8 hours a week/.test(s.textContent)",
        json!(true),
    )
    .await;
    assert_eq!(
        b.js("return document.querySelectorAll('.print-stage [data-plan-dates][data-first-day]').length").await,
        json!(5)
    );
}

async fn the_calendar_download_parses_and_matches_the_cli(b: &Tab, root: &Path) {
    b.open("").await;
    b.open_plan().await;
    let button = b
        .wait_for(".plan-actions button:nth-child(2):not([hidden])")
        .await;
    assert_eq!(button.text().await.unwrap(), "Add to calendar");
    button.click().await.unwrap();
    let text = b.take_download("study-plan.ics").await;
    let events = events(&text);
    assert_eq!(events.len(), 5, "one event per stage");
    assert_eq!(events[2].start, "20270212");
    assert_eq!(events[2].url, format!("{}stages/data/", b.base));
    // The command line writes the same calendar for the same plan, DTSTAMP aside.
    let cli = ics(root, &["--start", "2027-01-04", "--hours-per-week", "8"]);
    let no_stamp = |t: &str| {
        t.split("\r\n")
            .filter(|l| !l.starts_with("DTSTAMP:"))
            .collect::<Vec<_>>()
            .join("\r\n")
    };
    assert_eq!(no_stamp(&text), no_stamp(&cli));
    assert!(
        b.js("return /study-plan\\.ics/.test(document.querySelector('.plan-status').textContent)")
            .await
            == json!(true)
    );
}

async fn skipping_a_stage_moves_the_later_dates(b: &Tab) {
    b.open("").await;
    let before = b.card_dates().await;
    let skip = b
        .wait_for("[data-plan-skip=languages]:not([hidden]) input")
        .await;
    skip.click().await.unwrap();
    b.until_is(
        "the skip",
        "return document.querySelector('[data-plan-dates=languages]').textContent",
        json!("Skipped in your plan"),
    )
    .await;
    // Its duration in both drawings of the timeline says so.
    assert_eq!(
        b.js("return Array.prototype.map.call(document.querySelectorAll('a.timeline-stage[data-stage=languages] + text.timeline-duration'), function (t) { return t.textContent; })").await,
        json!(["skipped", "skipped"])
    );
    let after = b.card_dates().await;
    // Languages took 35 days at 8 hours a week: Data starts 35 days earlier, on the
    // day Languages would have started.
    assert_eq!(after[2][1], before[1][1]);
    assert_eq!(after[2], json!(["data", "2027-01-08", "2027-01-21"]));
    assert_eq!(after[0], before[0], "earlier stages stay");
    // The calendar leaves the skipped stage out.
    b.open_plan().await;
    b.click(".plan-actions button:nth-child(2)").await;
    let events = events(&b.take_download("study-plan.ics").await);
    assert_eq!(events.len(), 4);
    assert!(events.iter().all(|e| !e.summary.starts_with("Stage 1:")));
    // Kept with the plan.
    b.refresh().await;
    b.until_is(
        "the skip after a reload",
        "var i = document.querySelector('[data-plan-skip=languages] input'); return !!i && i.checked",
        json!(true),
    )
    .await;
    b.js("document.querySelector('[data-plan-skip=languages] input').click(); return true")
        .await;
    b.until_is(
        "the stage back",
        "return document.querySelector('[data-plan-dates=data]').getAttribute('data-first-day')",
        json!("2027-02-12"),
    )
    .await;
}

async fn a_month_ago_with_nothing_done_is_behind(b: &Tab) {
    b.open("").await;
    let start = b
        .js("var p = window.roadsmithPlan; var t = new Date(); return p.iso(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate()) / 864e5 - 30)")
        .await;
    b.plan(start.as_str().unwrap(), "10", "longest").await;
    b.until_is(
        "the standing",
        "return document.querySelector('.plan-status').getAttribute('data-standing')",
        json!("behind"),
    )
    .await;
    assert_eq!(
        b.js("var s = document.querySelector('.plan-status'); return [s.getAttribute('data-days'), /^30 days behind\\. The plan ends on /.test(s.textContent), s.getAttribute('role')]").await,
        json!(["30", true, "status"])
    );
    // A plan that starts today with nothing done is on track.
    let today = b
        .js("var p = window.roadsmithPlan; var t = new Date(); return p.iso(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate()) / 864e5)")
        .await;
    b.plan(today.as_str().unwrap(), "10", "longest").await;
    b.until_is(
        "on track",
        "return document.querySelector('.plan-status').textContent.indexOf('On track.') === 0",
        json!(true),
    )
    .await;
    b.plan("2027-01-04", "8", "longest").await;
    b.until_is(
        "the plan back",
        "return document.querySelector('[data-plan-dates=data]').getAttribute('data-first-day')",
        json!("2027-02-12"),
    )
    .await;
}

async fn the_plan_travels_with_the_progress_export(b: &Tab) {
    b.open("").await;
    b.open_tools().await;
    b.wait_for(".progress-tools button")
        .await
        .click()
        .await
        .unwrap();
    let text = b.take_download("roadmap-progress.json").await;
    let exported: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        exported["plan"],
        json!({"start": "2027-01-04", "hours": 8, "pace": "longest", "skipped": [], "added": []})
    );
    b.js("localStorage.clear(); return true").await;
    b.refresh().await;
    assert_eq!(
        b.js("return document.querySelector('[data-plan-dates=data]').textContent")
            .await,
        json!("Weeks 3–6"),
        "no plan: weeks"
    );
    let file = b.downloads().join("progress.json");
    std::fs::write(&file, &text).unwrap();
    b.wait_for("#progress-import")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    b.until_is(
        "the imported plan",
        "return document.querySelector('[data-plan-dates=data]').getAttribute('data-first-day')",
        json!("2027-02-12"),
    )
    .await;
    assert_eq!(
        b.js("return document.getElementById('plan-hours').value")
            .await,
        json!("8")
    );
}
