//! Durations as roadmap documents write them: positions in a schedule ("Week 3-4",
//! "Weeks 5-8", "Month 1-2", "Weeks 21+", "Day 59"), lengths ("(2-6wk)", "(1-3d)",
//! "(12–16 weeks)", "Duration: 1.5 weeks") and weekly effort ("~15–20 hrs/week").
//!
//! Lengths are read by the build's own grammar ([`Duration::parse`]); positions become
//! lengths here, sequential ones from their neighbours ("Week 1", "Week 2", "Weeks 3-4"
//! are 1, 1 and 2 weeks).

use crate::content::duration::{Duration, fmt_number, unit_weeks};

/// A word, a number, or one character of punctuation.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(f64),
    Word(String),
    Dash,
    Plus,
    Slash,
    Other,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut s = String::from(c);
            while let Some(&d) = chars.peek() {
                if !(d.is_ascii_digit() || d == '.') {
                    break;
                }
                s.push(d);
                chars.next();
            }
            let s = s.trim_end_matches('.');
            out.push(s.parse().map_or(Token::Other, Token::Num));
        } else if c.is_alphabetic() {
            let mut s: String = c.to_lowercase().collect();
            while let Some(&d) = chars.peek().filter(|d| d.is_alphabetic()) {
                s.extend(d.to_lowercase());
                chars.next();
            }
            out.push(Token::Word(s));
        } else if matches!(c, '-' | '–') {
            out.push(Token::Dash);
        } else if c == '+' {
            out.push(Token::Plus);
        } else if c == '/' {
            out.push(Token::Slash);
        } else if !c.is_whitespace() {
            out.push(Token::Other);
        }
    }
    out
}

/// The unit of a label: the build's units in their plural, as front matter writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
}

impl Unit {
    fn of(word: &str) -> Option<Unit> {
        let weeks = unit_weeks(word)?;
        Some(if weeks < 1.0 {
            Unit::Day
        } else if weeks > 1.0 {
            Unit::Month
        } else {
            Unit::Week
        })
    }

    fn name(self, plural: bool) -> &'static str {
        match (self, plural) {
            (Unit::Day, false) => "day",
            (Unit::Day, true) => "days",
            (Unit::Week, false) => "week",
            (Unit::Week, true) => "weeks",
            (Unit::Month, false) => "month",
            (Unit::Month, true) => "months",
        }
    }
}

/// What a label says: a place in the schedule ("Weeks 3-4") or a length ("(2-6wk)").
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub unit: Unit,
    pub from: f64,
    /// The end of a range; `None` for one value or an open end.
    pub to: Option<f64>,
    /// "Weeks 21+", "(4+ weeks)": only the lower bound is known.
    pub open: bool,
    /// A position in the schedule ("Week 3") rather than a length ("3 weeks").
    pub position: bool,
}

/// `number [dash number | +]` at `i`: (from, to, open, tokens read).
fn amount(t: &[Token], i: usize) -> Option<(f64, Option<f64>, bool, usize)> {
    let Some(Token::Num(a)) = t.get(i) else {
        return None;
    };
    match (t.get(i + 1), t.get(i + 2)) {
        (Some(Token::Dash), Some(Token::Num(b))) => Some((*a, Some(*b), false, 3)),
        (Some(Token::Word(w)), Some(Token::Num(b))) if w == "to" => Some((*a, Some(*b), false, 3)),
        (Some(Token::Plus), _) => Some((*a, None, true, 2)),
        _ => Some((*a, None, false, 1)),
    }
}

/// The first position label of `text`: "Week 3", "Weeks 5-8", "Month 1-2", "Day 59".
pub fn position(text: &str) -> Option<Label> {
    let t = tokens(text);
    (0..t.len()).find_map(|i| {
        let Token::Word(w) = &t[i] else { return None };
        let unit = Unit::of(w).filter(|_| w.len() > 2)?;
        let (from, to, open, _) = amount(&t, i + 1)?;
        let label = Label {
            unit,
            from,
            to,
            open,
            position: true,
        };
        sane(&label).then_some(label)
    })
}

/// The first length of `text`: "2-6wk", "(1-3d)", "12–16 weeks", "4+ weeks", read by
/// the build's grammar.
pub fn length(text: &str) -> Option<Label> {
    let t = tokens(text);
    (0..t.len()).find_map(|i| {
        let (from, to, open, n) = amount(&t, i)?;
        let Some(Token::Word(w)) = t.get(i + n) else {
            return None;
        };
        let unit = Unit::of(w)?;
        let written = match to {
            Some(b) => format!("{}–{} {w}", fmt_number(from), fmt_number(b)),
            None => format!("{} {w}", fmt_number(from)),
        };
        Duration::parse(&written).ok()?;
        Some(Label {
            unit,
            from,
            to,
            open,
            position: false,
        })
    })
}

fn sane(l: &Label) -> bool {
    l.from >= 0.0 && l.from < 10_000.0 && l.to.is_none_or(|b| b >= l.from && b < 10_000.0)
}

/// A weekly effort: "~15–20 hrs/week", "Effort: 8-10 hours/week", "10 h per week";
/// the middle of a range, in hours.
pub fn effort(text: &str) -> Option<f64> {
    let t = tokens(text);
    (0..t.len()).find_map(|i| {
        let (from, to, _, n) = amount(&t, i)?;
        let Some(Token::Word(h)) = t.get(i + n) else {
            return None;
        };
        if !matches!(h.as_str(), "h" | "hr" | "hrs" | "hour" | "hours") {
            return None;
        }
        let per = matches!(t.get(i + n + 1), Some(Token::Slash))
            || matches!(t.get(i + n + 1), Some(Token::Word(w)) if w == "per" || w == "a");
        let week = matches!(t.get(i + n + 2), Some(Token::Word(w)) if w.starts_with("w"));
        let hours = (from + to.unwrap_or(from)) / 2.0;
        (per && week && (1.0..=80.0).contains(&hours)).then_some(hours)
    })
}

/// A stage's duration as front matter writes it, and what the report says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// What goes into `duration = "…"`: always readable by the build.
    pub text: String,
    /// A note for the report (open ends, lengths read from positions).
    pub note: Option<String>,
}

fn written(unit: Unit, a: f64, b: f64) -> String {
    if a == b {
        format!("{} {}", fmt_number(a), unit.name(a != 1.0))
    } else {
        format!("{}–{} {}", fmt_number(a), fmt_number(b), unit.name(true))
    }
}

/// Each stage's duration from its label: lengths as they are, positions as how many
/// units they cover, a single position as far as the next label of the same unit
/// ("Week 1" then "Week 3": 2 weeks; a restart under a new parent: 1).
pub fn lengths(labels: &[Option<Label>]) -> Vec<Option<Found>> {
    labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let l = label.as_ref()?;
            let open_note = |what: &str| {
                Some(format!(
                    "\"{}+\" has no end: took {what}",
                    fmt_number(l.from)
                ))
            };
            if !l.position {
                let text = written(l.unit, l.from, l.to.unwrap_or(l.from));
                let note = if l.open {
                    open_note("its lower bound")
                } else {
                    None
                };
                return Some(Found { text, note });
            }
            if let Some(b) = l.to {
                return Some(Found {
                    text: written(l.unit, b - l.from + 1.0, b - l.from + 1.0),
                    note: None,
                });
            }
            if l.open {
                return Some(Found {
                    text: written(l.unit, 1.0, 1.0),
                    note: open_note("its lower bound, one unit"),
                });
            }
            let next = labels.get(i + 1).and_then(Option::as_ref);
            let n = match next {
                Some(n) if n.position && n.unit == l.unit && n.from > l.from => n.from - l.from,
                _ => 1.0,
            };
            Some(Found {
                text: written(l.unit, n, n),
                note: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(headings: &[&str]) -> Vec<String> {
        let labels: Vec<_> = headings
            .iter()
            .map(|h| position(h).or_else(|| length(h)))
            .collect();
        lengths(&labels)
            .into_iter()
            .map(|f| f.map_or("-".into(), |f| f.text))
            .collect()
    }

    #[test]
    fn sequential_positions_become_lengths() {
        assert_eq!(
            texts(&[
                "Week 1: Setup",
                "Week 2",
                "Weeks 3-4: Web",
                "Weeks 5–8",
                "Month 1-2",
                "Day 59"
            ]),
            [
                "1 week", "1 week", "2 weeks", "4 weeks", "2 months", "1 day"
            ]
        );
        assert_eq!(
            texts(&["Week 1", "Week 3", "Week 4"]),
            ["2 weeks", "1 week", "1 week"]
        );
        // Labels that restart under a new month.
        assert_eq!(
            texts(&["Week 1", "Week 2", "Week 1", "Week 2"]),
            ["1 week"; 4]
        );
    }

    #[test]
    fn lengths_in_every_spelling() {
        assert_eq!(
            texts(&[
                "Basics (2-6wk)",
                "CLI (1-3d)",
                "Deep (12–16 weeks)",
                "x 2 wks",
                "y 10d",
                "z 1.5 mo"
            ]),
            [
                "2–6 weeks",
                "1–3 days",
                "12–16 weeks",
                "2 weeks",
                "10 days",
                "1.5 months"
            ]
        );
        assert_eq!(texts(&["Nothing here", "Week of fun"]), ["-", "-"]);
    }

    #[test]
    fn open_ends_take_the_lower_bound_and_say_so() {
        let found = lengths(&[position("Weeks 21+: Capstone")]);
        let f = found[0].as_ref().unwrap();
        assert_eq!(f.text, "1 week");
        assert!(f.note.as_ref().unwrap().contains("21+"));
        let f = lengths(&[length("(4+ weeks)")])[0].clone().unwrap();
        assert_eq!(f.text, "4 weeks");
        assert!(f.note.is_some());
    }

    #[test]
    fn every_found_duration_is_one_the_build_reads() {
        for h in [
            "Week 1",
            "Weeks 3-4",
            "(1-3d)",
            "1.5 mo",
            "Month 2",
            "Day 3",
        ] {
            let label = position(h).or_else(|| length(h));
            let f = lengths(&[label])[0].clone().unwrap();
            assert!(Duration::parse(&f.text).is_ok(), "{h}: {}", f.text);
        }
    }

    #[test]
    fn weekly_effort() {
        assert_eq!(effort("Effort: ~15–20 hrs/week"), Some(17.5));
        assert_eq!(effort("Effort: 8-10 hours/week"), Some(9.0));
        assert_eq!(effort("about 10 hours per week"), Some(10.0));
        assert_eq!(effort("takes 10 hours"), None);
        assert_eq!(effort("500 hrs/week"), None);
    }
}
