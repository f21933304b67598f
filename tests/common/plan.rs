//! The dated study plan's calendar as the tests read it: `roadsmith export ics` through
//! the real binary, its events as a real iCalendar parser (the `icalendar` crate) reads
//! them back; and the minimal fixture in a study order that differs from its stage
//! numbers.

use std::path::Path;

use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

use super::{roadsmith, site, stderr, stdout};

pub fn ics(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["export", "ics", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = roadsmith(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// One parsed event: (start, end, summary, description, url, uid).
#[derive(Debug, PartialEq)]
pub struct Event {
    pub start: String,
    pub end: String,
    pub summary: String,
    pub description: String,
    pub url: String,
    pub uid: String,
}

fn date(d: Option<DatePerhapsTime>) -> String {
    match d {
        Some(DatePerhapsTime::Date(d)) => d.format("%Y%m%d").to_string(),
        other => panic!("not an all-day date: {other:?}"),
    }
}

/// The calendar as a real parser reads it, after checking what RFC 5545 asks of
/// its lines: CRLF ends, no line over 75 octets.
pub fn events(text: &str) -> Vec<Event> {
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
/// The minimal fixture with stage 0 (1 week) requiring stage 1 (2–3 weeks): in study
/// order stage 1 comes first.
pub fn stage_1_first() -> tempfile::TempDir {
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
