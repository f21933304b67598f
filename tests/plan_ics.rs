//! The dated study plan as a calendar: `roadsmith export ics` through the real binary,
//! its calendar read back by a real iCalendar parser (the `icalendar` crate): the dates
//! of every stage one after another or in study order, lines folded and escaped as RFC
//! 5545 asks, hours per week and pace, a file reproducible with `SOURCE_DATE_EPOCH`, and
//! what it refuses to plan.
//!
//! tests/fixtures/rich's stages: Basics "3 days", Languages "2–4 weeks", Data "1.5
//! weeks", Raw HTML "1 month", Wrap-up "1 week"; `[plan] hours_per_week` is not set, so
//! the durations assume 10 hours a week.

mod common;

use common::plan::*;
use common::*;

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

/// Electives are opt-in: tests/fixtures/tracks's optional Caching (1 week, after
/// Django) is left out of the dates unless `--include-optional` adds it, and then comes
/// after what it requires, before the capstone's week.
#[test]
fn optional_stages_are_dated_only_when_included() {
    let site = site(&["tracks"]);
    let titles = |e: &[Event]| e.iter().map(|e| e.summary.clone()).collect::<Vec<_>>();
    let end = |e: &[Event]| e.iter().map(|e| e.end.clone()).max().unwrap();
    let plain = events(&ics(site.path(), &["--start", "2027-01-04"]));
    assert_eq!(plain.len(), 6, "{:?}", titles(&plain));
    assert!(!titles(&plain).iter().any(|t| t.contains("Caching")));
    // 7 + 14 + 21 + 14 + 14 + 7 days from 4 January.
    assert_eq!(end(&plain), "20270322");
    for extra in [
        &["--include-optional"][..],
        &["--include-optional", "caching"],
    ] {
        let args = [&["--start", "2027-01-04"][..], extra].concat();
        let with = events(&ics(site.path(), &args));
        assert_eq!(with.len(), 7, "{extra:?}");
        let at = |word: &str| with.iter().find(|e| e.summary.contains(word)).unwrap();
        let (caching, django) = (at("Caching"), at("Django"));
        assert!(caching.start >= django.end, "{caching:?} after {django:?}");
        assert_eq!(end(&with), "20270329", "{extra:?}: a week more");
    }
    let root = site.path().to_str().unwrap();
    let out = roadsmith(&[
        "export",
        "ics",
        "--root",
        root,
        "--start",
        "2027-01-04",
        "--include-optional",
        "python",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(
            "\"python\", which is not an optional stage: its optional stages are caching"
        ),
        "{}",
        stderr(&out)
    );
}

/// An optional stage that a planned stage requires is planned too: here a second
/// elective requires tests/fixtures/tracks's optional Caching, and only it is added.
#[test]
fn an_optional_stage_a_planned_one_requires_is_planned() {
    let site = site(&["tracks"]);
    std::fs::write(
        site.path().join("content/07-cdn.md"),
        "+++\ntitle = \"CDN\"\nstage = 7\nduration = \"1 week\"\noptional = true\nrequires = [\"caching\"]\n+++\nEdge caches.\n",
    )
    .unwrap();
    let events = events(&ics(
        site.path(),
        &["--start", "2027-01-04", "--include-optional", "cdn"],
    ));
    assert_eq!(events.len(), 8);
    let at = |word: &str| events.iter().find(|e| e.summary.contains(word)).unwrap();
    assert!(at("Caching").end <= at("CDN").start);
}
