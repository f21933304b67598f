//! The duration grammar: "1 week", "1.5 weeks", "2–3 weeks", "10 days", "1 month",
//! "2 wks", "10d", "1.5 mo".
//!
//! ```text
//! duration = amount unit
//! amount   = number | number ("–" | "-" | "to") number
//! number   = digits [ "." digits ]
//! unit     = "d" | "day" | "days" | "w" | "wk" | "wks" | "week" | "weeks"
//!          | "mo" | "mos" | "month" | "months"
//! ```
//! A month counts as 4 weeks and a day as 1/7 week. Case and spacing are free; the
//! space between amount and unit may be left out ("10d"). `roadsmith import` reads its
//! lengths with the same [`Duration::parse`] and [`unit_weeks`].

use std::fmt;

use serde::Serialize;

/// How long a stage takes, in weeks: a single value or a range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duration {
    /// The text as the author wrote it, shown to readers.
    pub text: String,
    pub weeks_min: f64,
    pub weeks_max: f64,
}

/// Longest duration accepted, in weeks: a guard against typos like "1000000 weeks".
const MAX_WEEKS: f64 = 1000.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationError(pub String);

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub const DURATION_HINT: &str = "write it like \"1 week\", \"1.5 weeks\", \"2–3 weeks\", \"2 to 3 weeks\", \"10 days\" or \"1 month\" (short units too: \"2 wks\", \"3 wk\", \"1w\", \"10d\", \"1.5 mo\", \"2 mos\")";

impl Duration {
    pub fn parse(text: &str) -> Result<Duration, DurationError> {
        let unreadable = || DurationError(format!("unreadable duration \"{text}\""));
        let lower = text.trim().to_lowercase();
        let amount = lower.trim_end_matches(char::is_alphabetic);
        let unit = &lower[amount.len()..];
        let per_unit = unit_weeks(unit).ok_or_else(unreadable)?;
        let amount = amount.trim();
        let (min, max) = match split_range(amount) {
            Some((a, b)) => (
                number(a).ok_or_else(unreadable)?,
                number(b).ok_or_else(unreadable)?,
            ),
            None => {
                let n = number(amount).ok_or_else(unreadable)?;
                (n, n)
            }
        };
        if min > max {
            return Err(DurationError(format!(
                "duration \"{text}\" runs backwards: {} is more than {}",
                fmt_number(min),
                fmt_number(max)
            )));
        }
        if min <= 0.0 {
            return Err(DurationError(format!(
                "duration \"{text}\" must be longer than zero"
            )));
        }
        let (weeks_min, weeks_max) = (min * per_unit, max * per_unit);
        if weeks_max > MAX_WEEKS {
            return Err(DurationError(format!(
                "duration \"{text}\" is longer than {MAX_WEEKS} weeks"
            )));
        }
        Ok(Duration {
            text: text.trim().to_string(),
            weeks_min,
            weeks_max,
        })
    }
}

/// The unit a duration is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
}

/// A duration as written (`"2–3 weeks"`, `"10d"`): its amounts and unit, for saying it
/// in another language; `None` outside the grammar.
pub fn written(text: &str) -> Option<(f64, f64, Unit)> {
    let d = Duration::parse(text).ok()?;
    let lower = text.trim().to_lowercase();
    let amount = lower.trim_end_matches(char::is_alphabetic);
    let per_unit = unit_weeks(&lower[amount.len()..])?;
    let unit = match per_unit {
        w if w < 1.0 => Unit::Day,
        w if w > 1.0 => Unit::Month,
        _ => Unit::Week,
    };
    Some((d.weeks_min / per_unit, d.weeks_max / per_unit, unit))
}

/// Weeks in one `unit` of the grammar ("wk", "days", "mo"...), `None` for any other word.
pub fn unit_weeks(unit: &str) -> Option<f64> {
    match unit {
        "d" | "day" | "days" => Some(1.0 / 7.0),
        "w" | "wk" | "wks" | "week" | "weeks" => Some(1.0),
        "mo" | "mos" | "month" | "months" => Some(4.0),
        _ => None,
    }
}

/// `"2–3"`, `"2-3"`, `"2 to 3"` -> `("2", "3")`.
fn split_range(amount: &str) -> Option<(&str, &str)> {
    for sep in ['–', '-'] {
        if let Some((a, b)) = amount.split_once(sep) {
            return Some((a.trim(), b.trim()));
        }
    }
    amount.split_once(" to ").map(|(a, b)| (a.trim(), b.trim()))
}

/// Digits with an optional decimal part; no signs, exponents or "inf".
fn number(s: &str) -> Option<f64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    let digits = |p: &str| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit());
    if digits(int) && digits(frac) {
        s.parse().ok()
    } else {
        None
    }
}

/// 15.0 -> "15", 2.5 -> "2.5", 0.42857 -> "0.4".
pub fn fmt_number(n: f64) -> String {
    let rounded = (n * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// A roadmap's total as a person would say it: whole weeks, "about" when the exact
/// figures are not whole ("about 9–11 weeks" for 8.93–10.93), and days below a week.
/// The exact figures are `weeks_min` and `weeks_max` of `roadmap.json`.
pub fn total_label(min: f64, max: f64) -> String {
    let whole = |x: f64| (x - x.round()).abs() < 1e-9;
    if max <= 0.0 {
        return "0 weeks".into();
    }
    // Below a week, days: "3 days" reads better than "about 0 weeks".
    let (min, max, one, many) = if max < 1.0 - 1e-9 {
        (min * 7.0, max * 7.0, "day", "days")
    } else {
        (min, max, "week", "weeks")
    };
    let about = if whole(min) && whole(max) {
        ""
    } else {
        "about "
    };
    let (a, b) = ((min.round() as u64).max(1), (max.round() as u64).max(1));
    let unit = if b == 1 { one } else { many };
    if a == b {
        format!("{about}{a} {unit}")
    } else {
        format!("{about}{a}–{b} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(text: &str) -> (f64, f64) {
        let d = Duration::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (d.weeks_min, d.weeks_max)
    }

    #[test]
    fn single_values() {
        assert_eq!(weeks("1 week"), (1.0, 1.0));
        assert_eq!(weeks("1.5 weeks"), (1.5, 1.5));
        assert_eq!(weeks("2 weeks"), (2.0, 2.0));
        assert_eq!(weeks("14 days"), (2.0, 2.0));
        assert_eq!(weeks("1 day"), (1.0 / 7.0, 1.0 / 7.0));
        assert_eq!(weeks("1 month"), (4.0, 4.0));
        assert_eq!(weeks("1.5 Months"), (6.0, 6.0));
        assert_eq!(weeks("  3   weeks "), (3.0, 3.0));
    }

    #[test]
    fn ranges() {
        assert_eq!(weeks("2–3 weeks"), (2.0, 3.0));
        assert_eq!(weeks("2-3 weeks"), (2.0, 3.0));
        assert_eq!(weeks("2 – 3 weeks"), (2.0, 3.0));
        assert_eq!(weeks("2 to 3 weeks"), (2.0, 3.0));
        assert_eq!(weeks("1.5-2.5 weeks"), (1.5, 2.5));
        assert_eq!(weeks("1–2 months"), (4.0, 8.0));
        assert_eq!(weeks("3 to 3 days"), (3.0 / 7.0, 3.0 / 7.0));
    }

    #[test]
    fn abbreviations_and_no_space() {
        assert_eq!(weeks("2 wks"), (2.0, 2.0));
        assert_eq!(weeks("1 wk"), (1.0, 1.0));
        assert_eq!(weeks("10d"), (10.0 * (1.0 / 7.0), 10.0 * (1.0 / 7.0)));
        assert_eq!(weeks("1.5 mo"), (6.0, 6.0));
        assert_eq!(weeks("2-6wk"), (2.0, 6.0));
        assert_eq!(weeks("1–3 d"), (1.0 / 7.0, 3.0 / 7.0));
    }

    #[test]
    fn the_hint_shows_every_unit_and_only_what_parses() {
        let examples: Vec<&str> = DURATION_HINT.split('"').skip(1).step_by(2).collect();
        for e in &examples {
            assert!(
                Duration::parse(e).is_ok(),
                "the hint's {e:?} does not parse"
            );
        }
        let units: Vec<&str> = examples
            .iter()
            .map(|e| &e[e.trim_end_matches(char::is_alphabetic).len()..])
            .collect();
        for unit in [
            "week", "weeks", "wks", "wk", "w", "d", "days", "month", "mo", "mos",
        ] {
            assert!(
                units.contains(&unit),
                "the hint has no example in {unit:?}: {units:?}"
            );
        }
    }

    #[test]
    fn keeps_the_text_for_readers() {
        assert_eq!(Duration::parse(" 2–3 weeks ").unwrap().text, "2–3 weeks");
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        for bad in [
            "",
            "weeks",
            "1",
            "two weeks",
            "1 fortnight",
            "1 hrs",
            "1 weeksx",
            "-1 weeks",
            "1.5.2 weeks",
            "1e3 weeks",
            "inf weeks",
            "NaN weeks",
            ".5 weeks",
            "5. weeks",
            "2–3",
            "2–3–4 weeks",
            "2 — 3 weeks",
            "0 weeks",
            "0-0 weeks",
            "3–2 weeks",
            "2 to weeks",
            "1000001 weeks",
            "99999 months",
            "1 week 2 days",
        ] {
            assert!(Duration::parse(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn errors_quote_the_text() {
        let e = Duration::parse("two weeks").unwrap_err();
        assert_eq!(e.0, "unreadable duration \"two weeks\"");
        assert!(
            Duration::parse("3–2 weeks")
                .unwrap_err()
                .0
                .contains("backwards")
        );
    }

    #[test]
    fn labels() {
        assert_eq!(total_label(15.0, 18.0), "15–18 weeks");
        assert_eq!(total_label(1.0, 1.0), "1 week");
        assert_eq!(total_label(2.5, 2.5), "about 3 weeks");
        // The rich fixture: 3 days + 2–4 weeks + 1.5 weeks + 1 month + 1 week.
        let (min, max) = (
            3.0 / 7.0 + 2.0 + 1.5 + 4.0 + 1.0,
            3.0 / 7.0 + 4.0 + 1.5 + 4.0 + 1.0,
        );
        assert_eq!(total_label(min, max), "about 9–11 weeks");
        assert_eq!(total_label(8.6, 9.4), "about 9 weeks");
        assert_eq!(total_label(1.0, 1.5), "about 1–2 weeks");
        assert_eq!(total_label(3.0 / 7.0, 3.0 / 7.0), "3 days");
        assert_eq!(total_label(1.0 / 7.0, 1.0 / 7.0), "1 day");
        assert_eq!(total_label(0.3, 0.5), "about 2–4 days");
        assert_eq!(total_label(0.0, 0.0), "0 weeks");
        assert_eq!(fmt_number(3.0 / 7.0), "0.4");
    }
}
