//! The dated study plan: `roadsmith export ics` through the real binary, its calendar
//! read back by a real iCalendar parser (the `icalendar` crate), the pages without
//! JavaScript, and plan.js in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`) against the Rust implementation of the same rules.
//!
//! tests/fixtures/rich's stages: Basics "3 days", Languages "2–4 weeks", Data "1.5
//! weeks", Raw HTML "1 month", Wrap-up "1 week"; `[plan] hours_per_week` is not set, so
//! the durations assume 10 hours a week.

mod common;

use std::path::Path;

use common::*;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

const SLUGS: [&str; 5] = ["basics", "languages", "data", "markup", "wrap-up"];

fn ics(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["export", "ics", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = roadsmith(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// One parsed event: (start, end, summary, description, url, uid).
#[derive(Debug, PartialEq)]
struct Event {
    start: String,
    end: String,
    summary: String,
    description: String,
    url: String,
    uid: String,
}

fn date(d: Option<DatePerhapsTime>) -> String {
    match d {
        Some(DatePerhapsTime::Date(d)) => d.format("%Y%m%d").to_string(),
        other => panic!("not an all-day date: {other:?}"),
    }
}

/// The calendar as a real parser reads it, after checking what RFC 5545 asks of
/// its lines: CRLF ends, no line over 75 octets.
fn events(text: &str) -> Vec<Event> {
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
    for line in text.split_terminator("\r\n") {
        assert!(!line.contains('\n'), "a bare LF: {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let calendar: Calendar = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(Event {
                start: date(e.get_start()),
                end: date(e.get_end()),
                summary: e.get_summary().unwrap_or_default().to_string(),
                description: e.get_description().unwrap_or_default().to_string(),
                url: e.property_value("URL").unwrap_or_default().to_string(),
                uid: e.property_value("UID").unwrap_or_default().to_string(),
            }),
            _ => None,
        })
        .collect()
}

fn dates(events: &[Event]) -> Vec<(&str, &str)> {
    events
        .iter()
        .map(|e| (e.start.as_str(), e.end.as_str()))
        .collect()
}

#[test]
fn export_ics_dates_every_stage_one_after_another() {
    let site = site(&["rich"]);
    let text = ics(site.path(), &["--start", "2027-01-04"]);
    let events = events(&text);
    // At the author's pace, ranges at their longest: 3, 28, 10.5 -> 11, 28 and 7 days.
    assert_eq!(
        dates(&events),
        [
            ("20270104", "20270107"),
            ("20270107", "20270204"),
            ("20270204", "20270215"),
            ("20270215", "20270315"),
            ("20270315", "20270322"),
        ]
    );
    assert!(text.contains("DTSTART;VALUE=DATE:20270104\r\nDTEND;VALUE=DATE:20270107\r\n"));
    let basics = &events[0];
    assert_eq!(basics.summary, "Stage 0: Basics: <Setup> & \"Tools\"");
    assert_eq!(
        basics.description,
        "Editors, shells & <angle brackets>\nDuration: 3 days"
    );
    assert_eq!(basics.url, "https://example.com/rich/stages/basics/");
    assert_eq!(events[2].description, "Duration: 1.5 weeks", "no summary");
    // Commas are escaped in the file, and read back as commas.
    assert!(text.contains("SUMMARY:Stage 1: Languages: Rust\\, Python & JavaScript\r\n"));
    assert_eq!(
        events[1].summary,
        "Stage 1: Languages: Rust, Python & JavaScript"
    );
    // The same stage of the same site keeps its UID; every stage has its own.
    let again = self::events(&ics(
        site.path(),
        &["--start", "2030-06-03", "--pace", "shortest"],
    ));
    let uids = |e: &[Event]| e.iter().map(|e| e.uid.clone()).collect::<Vec<_>>();
    assert_eq!(uids(&events), uids(&again));
    let mut distinct = uids(&events);
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 5);
}

/// The minimal fixture with stage 0 (1 week) requiring stage 1 (2–3 weeks): in study
/// order stage 1 comes first.
fn stage_1_first() -> tempfile::TempDir {
    let site = site(&["minimal"]);
    let edit = |rel: &str, from: &str, to: &str| {
        let path = site.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "content/00-first.md",
        "duration = \"1 week\"\n",
        "duration = \"1 week\"\nrequires = [\"second\"]\n",
    );
    edit(
        "content/01-second.md",
        "duration = \"2–3 weeks\"\n",
        "duration = \"2–3 weeks\"\nrequires = []\n",
    );
    site
}

/// In a roadmap that branches the plan dates one stage at a time, each after what it
/// requires: here stage 0 requires stage 1, so stage 1 comes first.
#[test]
fn the_plan_follows_the_study_order_of_a_branching_roadmap() {
    let site = stage_1_first();
    let events = events(&ics(site.path(), &["--start", "2027-01-04"]));
    // Stage 1 (2–3 weeks, 21 days at the longest) first, then stage 0 (7 days).
    assert_eq!(
        dates(&events),
        [("20270125", "20270201"), ("20270104", "20270125")]
    );
    assert!(events[0].summary.starts_with("Stage 0:"));
}

/// A summary long enough to fold, with what TEXT escapes and characters of 2 to 4
/// octets, comes back whole through the parser.
#[test]
fn long_text_folds_and_reads_back_whole() {
    let site = site(&["rich"]);
    let summary = "Tables, queries; C:\\data\\ and configuration: ünïcödé, €, 📐 and a long \
                   tail of words to fold the line more than once, twice over";
    let file = site.path().join("content/02-data.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let toml_summary = summary.replace('\\', "\\\\");
    std::fs::write(
        &file,
        text.replacen(
            "stage = 2\n",
            &format!("stage = 2\nsummary = \"{toml_summary}\"\n"),
            1,
        ),
    )
    .unwrap();
    let text = ics(site.path(), &["--start", "2027-01-04"]);
    assert!(text.contains("\r\n "), "folded");
    // As written in the file, unfolded: each of , ; \ after a backslash.
    assert!(
        text.replace("\r\n ", "")
            .contains("DESCRIPTION:Tables\\, queries\\; C:\\\\data\\\\ and"),
        "{text}"
    );
    let events = events(&text);
    assert_eq!(
        events[2].description,
        format!("{summary}\nDuration: 1.5 weeks")
    );
}

#[test]
fn hours_and_pace_change_the_lengths_and_dates_cross_year_ends() {
    let site = site(&["rich"]);
    // 8 hours a week: 3.75 -> 4, 35, 13.125 -> 14, 35, 8.75 -> 9 days.
    let slow = events(&ics(
        site.path(),
        &["--start", "2027-01-04", "--hours-per-week", "8"],
    ));
    assert_eq!(
        dates(&slow),
        [
            ("20270104", "20270108"),
            ("20270108", "20270212"),
            ("20270212", "20270226"),
            ("20270226", "20270402"),
            ("20270402", "20270411"),
        ]
    );
    // The shortest of "2–4 weeks" is 14 days; from late December into a leap year.
    let quick = events(&ics(
        site.path(),
        &["--start", "2027-12-20", "--pace", "shortest"],
    ));
    assert_eq!(
        dates(&quick),
        [
            ("20271220", "20271223"),
            ("20271223", "20280106"),
            ("20280106", "20280117"),
            ("20280117", "20280214"),
            ("20280214", "20280221"),
        ]
    );
    // The middle of "2–4 weeks" is 3 weeks.
    let middle = events(&ics(
        site.path(),
        &["--start", "2027-01-04", "--pace", "middle"],
    ));
    assert_eq!(dates(&middle)[1], ("20270107", "20270128"));

    // [plan] hours_per_week = 5: the durations assume 5 hours, so at 10 a reader needs
    // half the days (3 days -> 1.5 -> 2).
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[plan]\nhours_per_week = 5\n")).unwrap();
    let half = events(&ics(
        site.path(),
        &["--start", "2027-01-04", "--hours-per-week", "10"],
    ));
    assert_eq!(dates(&half)[0], ("20270104", "20270106"));
    assert_eq!(dates(&half)[1], ("20270106", "20270120"));
}

#[test]
fn export_ics_writes_a_file_and_is_reproducible_with_source_date_epoch() {
    let site = site(&["rich"]);
    let file = site.path().join("plan.ics");
    let run = || {
        assert_cmd::Command::new(env!("CARGO_BIN_EXE_roadsmith"))
            .args(["export", "ics", "--start", "2027-01-04", "-o"])
            .arg(&file)
            .arg("--root")
            .arg(site.path())
            .env("SOURCE_DATE_EPOCH", "1796385600")
            .assert()
            .success();
        std::fs::read_to_string(&file).unwrap()
    };
    let first = run();
    assert!(first.contains("DTSTAMP:20261204T120000Z\r\n"), "{first}");
    assert_eq!(first, run());
    assert_eq!(events(&first).len(), 5);
}

#[test]
fn export_ics_refuses_what_it_cannot_plan() {
    let site = site(&["rich"]);
    let root = site.path().to_str().unwrap();
    for (args, says) in [
        (
            &["--start", "2027-02-29"][..],
            "2027-02-29 is not a day of the calendar",
        ),
        (&["--start", "4 Jan 2027"][..], "YYYY-MM-DD"),
        (
            &["--start", "2027-01-04", "--hours-per-week", "0"][..],
            "from 1 to 80",
        ),
        (
            &["--start", "2027-01-04", "--hours-per-week", "81"][..],
            "from 1 to 80",
        ),
        (
            &["--start", "2027-01-04", "--pace", "fast"][..],
            "shortest, middle, longest",
        ),
        (&["--start", "9999-12-01"][..], "past the year 9999"),
    ] {
        let mut all = vec!["export", "ics", "--root", root];
        all.extend_from_slice(args);
        let out = roadsmith(&all);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

/// Without JavaScript: week numbers as before; the form is in the page but shown only
/// once the page runs scripts (checked in Chromium with scripts off, below).
#[test]
fn without_javascript_the_pages_show_weeks_and_no_form() {
    let site = site(&["rich"]);
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.path().join("public");
    let overview = read(&public, "index.html");
    assert!(overview.contains(
        "<section class=\"plan\" aria-labelledby=\"plan-title\" data-plan data-hours-per-week=\"10\">"
    ));
    assert!(overview.contains("The durations assume 10 hours a week."));
    let css = read(&public, "reader.css");
    assert!(css.contains(".plan {\n  display: none;\n}"), "{css}");
    assert!(css.contains(".js .plan {\n  display: block;"), "{css}");
    assert!(
        overview.contains("<span class=\"stage-weeks\" data-plan-dates=\"data\">Weeks 3–6</span>")
    );
    assert!(
        overview.contains("about 9–11 weeks"),
        "the total as a person says it"
    );
    assert!(overview.contains("<script src=\"/rich/plan.js\" defer></script>"));
    let stage = read(&public, "stages/data/index.html");
    assert!(stage.contains("data-plan-dates=\"data\">Weeks 3–6</span>"));
    assert!(stage.contains(">1.5 weeks</span>"), "the author's wording");
    let json: serde_json::Value = serde_json::from_str(&read(&public, "roadmap.json")).unwrap();
    assert_eq!(json["hours_per_week"], 10.0);
    assert_eq!(json["weeks_label"], "about 9–11 weeks");
    // The exact figures, and each stage's days at the author's pace.
    assert!((json["weeks_max"].as_f64().unwrap() - (3.0 / 7.0 + 10.5)).abs() < 1e-9);
    let days: Vec<(f64, f64)> = json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["days_min"].as_f64().unwrap(),
                s["days_max"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            (3.0, 3.0),
            (14.0, 28.0),
            (10.5, 10.5),
            (28.0, 28.0),
            (7.0, 7.0)
        ]
    );
    assert!(public.join("plan.js").is_file());
    assert_eq!(SLUGS.len(), json["stages"].as_array().unwrap().len());
}

#[cfg(feature = "serve")]
mod browser {
    use fantoccini::key::Key;
    use roadsmith::reader::ics;
    use roadsmith::reader::plan::{Date, Pace, Plan, schedule};
    use serde_json::{Value, json};

    use super::common::chromium::{self, Launch};
    use super::common::tab::Tab;
    use super::*;

    /// What these tests do on the plan's pages, beside what any reader does.
    trait PlanPage {
        async fn card_dates(&self) -> Value;
        async fn plan(&self, start: &str, hours: &str, pace: &str);
        async fn take_download(&self, name: &str) -> String;
    }

    impl PlanPage for Tab {
        /// Each stage card's (slug, first day, last day) as plan.js wrote them.
        async fn card_dates(&self) -> Value {
            self.js("return Array.from(document.querySelectorAll('.stage-card [data-plan-dates]')).map(function (n) { return [n.getAttribute('data-plan-dates'), n.getAttribute('data-first-day'), n.getAttribute('data-last-day')]; })").await
        }

        /// Fills the overview's form and sends it with the Enter key.
        async fn plan(&self, start: &str, hours: &str, pace: &str) {
            self.js(&format!(
                "document.getElementById('plan-start').value = '{start}'; document.getElementById('plan-pace-{pace}').click(); return true"
            ))
            .await;
            let input = self.wait_for("#plan-hours").await;
            input.clear().await.unwrap();
            input.send_keys(hours).await.unwrap();
            input.send_keys(&Key::Enter.to_string()).await.unwrap();
        }

        /// The download `name`, taken away: the calendar is downloaded again under the
        /// same name.
        async fn take_download(&self, name: &str) -> String {
            let file = self.download(name).await;
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::remove_file(&file).unwrap();
            text
        }
    }

    /// The Rust schedule of the same plan: (slug, first day, last day) per stage.
    fn expected(root: &Path, start: &str, hours: f64, pace: Pace) -> Value {
        let roadmap = roadsmith::site::export::roadmap(root).unwrap();
        let plan = Plan {
            start: Date::parse(start).unwrap(),
            hours_per_week: hours,
            pace,
        };
        let dated = schedule(&roadmap, &plan).unwrap();
        json!(
            roadmap
                .stages
                .iter()
                .zip(dated)
                .map(|(s, d)| json!([
                    s.slug,
                    d.start.to_string(),
                    d.end.add_days(-1).unwrap().to_string()
                ]))
                .collect::<Vec<_>>()
        )
    }

    /// A browser on tests/fixtures/rich, with its server and the site (its folder the
    /// one `export ics` reads).
    async fn start() -> (Tab, common::http::Served, tempfile::TempDir) {
        let site = common::site(&["rich"]);
        let server = common::http::serve_dir(&site.path().join("public"));
        let base = server.base();
        // The site's own base_url is the server's, so `export ics` names the same URLs.
        let toml = site.path().join("site.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, text.replace("https://example.com/rich/", &base)).unwrap();
        let out = common::build(site.path(), &[]);
        assert!(out.status.success(), "{}", common::stderr(&out));
        let tab = Tab::launch(&base, Launch::default()).await;
        (tab, server, site)
    }

    /// With scripts off, the overview shows no form and the stages their weeks.
    #[tokio::test(flavor = "current_thread")]
    async fn without_javascript_there_is_no_form() {
        if !chromium::available() {
            return;
        }
        let site = common::site(&["rich"]);
        let server = common::http::build_and_serve(site.path());
        let tab = Tab::launch(
            &server.base(),
            Launch {
                args: &["--blink-settings=scriptEnabled=false"],
                ..Launch::default()
            },
        )
        .await;
        // Without scripts: what WebDriver sees, not what a script in the page reads.
        tab.goto(&tab.base).await;
        let form = tab
            .wait_for("form.plan-form")
            .await
            .is_displayed()
            .await
            .unwrap();
        let weeks = tab
            .wait_for("[data-plan-dates=data]")
            .await
            .text()
            .await
            .unwrap();
        let tools = tab.find_all(".reader-tools *").await.len();
        tab.close().await;
        assert_eq!(tools, 0, "scripts did not run");
        assert!(!form, "the form is hidden");
        assert_eq!(weeks, "Weeks 3–6");
    }

    /// Stage 0 requires stage 1, so stage 1 is dated first and stage 0 last: the plan
    /// starts on stage 1's first day and ends on stage 0's last, in what the overview
    /// says, on its timeline and on the print page.
    #[tokio::test(flavor = "current_thread")]
    async fn a_plan_in_study_order_starts_and_ends_where_that_order_does() {
        if !chromium::available() {
            return;
        }
        let site = stage_1_first();
        let server = common::http::build_and_serve(site.path());
        let tab = Tab::launch(&server.base(), Launch::default()).await;
        tab.open("").await;
        // Without a plan its buttons are hidden (a .button hidden by a script too).
        let shown = "return ['[data-plan-calendar]', '[data-plan-clear]'].map(function (s) { return getComputedStyle(document.querySelector(s)).display; })";
        assert_eq!(tab.js(shown).await, json!(["none", "none"]));
        // Starting in the future: "Your plan starts on ...".
        tab.js("localStorage.setItem('roadsmith:plan:/', JSON.stringify({start: '2099-01-05', hours: 10, pace: 'longest', skipped: []})); return true")
            .await;
        tab.refresh().await;
        tab.wait_for(".plan-status[data-standing]").await;
        // Stage 1 (21 days) from 5 Jan, then stage 0 (7 days) to 1 Feb.
        let got = tab
            .js("var f = new Intl.DateTimeFormat('en', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'});
                 var bar = function (slug) { var r = document.querySelector('a.timeline-stage[data-stage=' + slug + '] rect.timeline-min'); return [Number(r.getAttribute('x')), Number(r.getAttribute('x')) + Number(r.getAttribute('width'))]; };
                 var svg = document.querySelector('svg.timeline');
                 return [document.querySelector('.plan-status').textContent === 'Your plan starts on ' + f.format(new Date(Date.UTC(2099, 0, 5))) + '. The plan ends on ' + f.format(new Date(Date.UTC(2099, 1, 1))) + '.',
                         document.querySelector('[data-plan-dates=second]').getAttribute('data-first-day'),
                         document.querySelector('[data-plan-dates=first]').getAttribute('data-last-day'),
                         Math.abs(bar('second')[0] - Number(svg.getAttribute('data-chart-left'))) < 0.01,
                         Math.abs(bar('first')[1] - Number(svg.getAttribute('data-chart-right'))) < 0.01]")
            .await;
        assert_eq!(got, json!([true, "2099-01-05", "2099-02-01", true, true]));
        assert_eq!(tab.js(shown).await, json!(["flex", "flex"]));
        tab.open("print/").await;
        tab.wait_for("[data-plan-summary]:not([hidden])").await;
        let summary = tab
            .js("var f = new Intl.DateTimeFormat('en', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'}); return [document.querySelector('[data-plan-summary]').textContent, f.formatRange(new Date(Date.UTC(2099, 0, 5)), new Date(Date.UTC(2099, 1, 1)))]")
            .await;
        let (text, range) = (summary[0].as_str().unwrap(), summary[1].as_str().unwrap());
        assert!(text.contains(range), "{text} holds {range}");
        tab.close().await;
    }

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
        // The timeline: its grid in dates, the stage's link named with its dates.
        assert_eq!(
            b.js("var t = document.querySelector('.timeline-grid text').textContent; return [t === 'week 0', document.querySelector('a.timeline-stage[data-stage=data]').getAttribute('aria-label').indexOf(document.querySelector('[data-plan-dates=data]').textContent) > 0]").await,
            json!([false, true])
        );
        // Another pace and other hours, against Rust again.
        b.plan("2027-12-20", "3.5", "shortest").await;
        let want = expected(root, "2027-12-20", 3.5, Pace::Shortest);
        b.until_is("the new dates", "return document.querySelector('[data-plan-dates=basics]').getAttribute('data-first-day')", json!("2027-12-20")).await;
        assert_eq!(b.card_dates().await, want);
        b.plan("2027-01-04", "8", "middle").await;
        b.until_is("the middle pace", "return document.querySelector('[data-plan-dates=languages]').getAttribute('data-last-day')", expected(root, "2027-01-04", 8.0, Pace::Middle)[1][2].clone()).await;
        assert_eq!(
            b.card_dates().await,
            expected(root, "2027-01-04", 8.0, Pace::Middle)
        );
        b.plan("2027-01-04", "8", "longest").await;
        b.until_is("the longest pace", "return document.querySelector('[data-plan-dates=data]').getAttribute('data-first-day')", json!("2027-02-12")).await;

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
            b.js(
                "return /study-plan\\.ics/.test(document.querySelector('.plan-status').textContent)"
            )
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
        let after = b.card_dates().await;
        // Languages took 35 days at 8 hours a week: Data starts 35 days earlier, on the
        // day Languages would have started.
        assert_eq!(after[2][1], before[1][1]);
        assert_eq!(after[2], json!(["data", "2027-01-08", "2027-01-21"]));
        assert_eq!(after[0], before[0], "earlier stages stay");
        // The calendar leaves the skipped stage out.
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
        b.until_is("the plan back", "return document.querySelector('[data-plan-dates=data]').getAttribute('data-first-day')", json!("2027-02-12")).await;
    }

    async fn the_plan_travels_with_the_progress_export(b: &Tab) {
        b.open("").await;
        b.wait_for(".progress-tools button")
            .await
            .click()
            .await
            .unwrap();
        let text = b.take_download("roadmap-progress.json").await;
        let exported: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            exported["plan"],
            json!({"start": "2027-01-04", "hours": 8, "pace": "longest", "skipped": []})
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
}
