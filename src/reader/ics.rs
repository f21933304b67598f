//! A dated plan as an iCalendar file (RFC 5545): one all-day event per stage, which a
//! calendar imports and, imported again, updates (the same UID for the same stage of
//! the same site). The default theme's `plan.js` writes the same file in the browser.
//!
//! Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character);
//! backslashes, semicolons, commas and line breaks in text are escaped.

use super::Roadmap;
use super::plan::{Date, Dated};
use crate::i18n::Words;

/// The calendar of `roadmap` dated by `dated` (one entry per stage, in order; `None`
/// for a stage the plan leaves out), stamped with `stamp` (`YYYYMMDDTHHMMSSZ`, when
/// the file was made).
pub fn calendar(roadmap: &Roadmap, dated: &[Option<Dated>], stamp: &str, words: &Words) -> String {
    let mut out = String::new();
    let mut line = |l: &str| fold(l, &mut out);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//roadsmith//study plan//EN");
    line("CALSCALE:GREGORIAN");
    line(&format!("X-WR-CALNAME:{}", escape(&roadmap.title)));
    let planned = roadmap.stages.iter().zip(dated);
    for (stage, when) in planned.filter_map(|(s, d)| Some((s, d.as_ref()?))) {
        let duration = words.text("js.calendar_duration", &[("duration", &stage.duration)]);
        let description = match &stage.summary {
            Some(summary) => format!("{summary}\n{duration}"),
            None => duration,
        };
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape(&stage.url)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", when.start.basic()));
        line(&format!("DTEND;VALUE=DATE:{}", when.end.basic()));
        line(&format!(
            "SUMMARY:{}",
            escape(&words.text(
                "js.calendar_event",
                &[
                    ("number", &stage.number.to_string()),
                    ("title", &stage.title)
                ]
            ))
        ));
        line(&format!("DESCRIPTION:{}", escape(&description)));
        line(&format!("URL:{}", stage.url));
        // Study time is not a meeting: the days stay free in the calendar.
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// `YYYYMMDDTHHMMSSZ` of a moment given in seconds since 1970-01-01 UTC.
pub fn stamp(unix_seconds: u64) -> String {
    let (date, secs) = Date::from_unix(unix_seconds);
    format!(
        "{}T{:02}{:02}{:02}Z",
        date.basic(),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// TEXT as iCalendar writes it: `\` `;` `,` escaped with a backslash, line breaks as
/// `\n`, other control characters (which TEXT cannot hold) left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` to `out` folded at 75 octets, each piece ending in CRLF and each
/// continuation starting with a space (counted in its 75).
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold(line, &mut out);
        out
    }

    #[test]
    fn short_lines_are_left_alone() {
        assert_eq!(folded("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
        let max = "x".repeat(75);
        assert_eq!(folded(&max), format!("{max}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets() {
        let line = format!("DESCRIPTION:{}", "a".repeat(200));
        let out = folded(&line);
        let pieces: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0].len(), 75);
        assert_eq!(pieces[1].len(), 75);
        assert!(pieces[1].starts_with(' ') && pieces[2].starts_with(' '));
        // Unfolding (a CRLF and the space after it go) gives the line back.
        assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
    }

    #[test]
    fn folding_never_splits_a_character() {
        // "é" is 2 octets, "📐" 4: no piece may end inside one.
        for line in [
            format!("SUMMARY:{}", "é".repeat(100)),
            format!("SUMMARY:a{}", "📐".repeat(60)),
            format!("SUMMARY:ab{}", "€".repeat(70)),
        ] {
            let out = folded(&line);
            let pieces: Vec<&str> = out.split_terminator("\r\n").collect();
            for (i, piece) in pieces.iter().enumerate() {
                assert!(piece.len() <= 75, "{} octets: {piece}", piece.len());
                let last = i + 1 == pieces.len();
                assert!(last || piece.len() >= 72, "folded early: {piece}");
            }
            assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("Forms, ModelForms; and C:\\path"),
            "Forms\\, ModelForms\\; and C:\\\\path"
        );
        assert_eq!(
            escape("one\ntwo\r\nthree\rfour"),
            "one\\ntwo\\nthree\\nfour"
        );
        assert_eq!(escape("bell\u{7}\ttab"), "bell\ttab");
        assert_eq!(escape("<Setup> & \"Tools\""), "<Setup> & \"Tools\"");
    }

    #[test]
    fn stamps_are_utc() {
        assert_eq!(stamp(0), "19700101T000000Z");
        assert_eq!(stamp(1_796_385_600 + 3_723), "20261204T130203Z");
    }
}
