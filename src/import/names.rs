//! Names from headings: a title without the decoration the document used for structure
//! ("STAGE 0:", "Week 3 –", a leading emoji, a trailing "(2-6wk)"), the emoji as `icon`,
//! the stage's own number when it gives one, and slugs unique and readable.

use std::collections::{HashMap, HashSet};

use super::durations;
use crate::content::slugify;

/// Words that open a structural prefix: "Stage 0:", "Phase 2 -", "Weeks 5-8:".
const PREFIX_WORDS: [&str; 15] = [
    "stage", "phase", "step", "part", "module", "level", "chapter", "unit", "section", "week",
    "weeks", "month", "months", "day", "days",
];

/// Section titles that are pages after the stages rather than stages.
const PAGE_WORDS: [&str; 16] = [
    "resources",
    "progress",
    "contributing",
    "license",
    "licence",
    "faq",
    "bonus",
    "tips",
    "conclusion",
    "next steps",
    "references",
    "credits",
    "acknowledgements",
    "further reading",
    "what's next",
    "tracking",
];

pub fn is_page_title(title: &str) -> bool {
    let t = title.to_lowercase();
    PAGE_WORDS.iter().any(|w| t.contains(w))
}

fn is_decoration(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_ascii() || matches!(c, '\u{200d}' | '\u{fe0f}')
}

/// A leading emoji (with its joiners and variation selectors), and the rest.
pub fn split_icon(text: &str) -> (Option<String>, &str) {
    let text = text.trim_start();
    let rest = text.trim_start_matches(|c: char| is_decoration(c) || c == ' ');
    let icon: String = text[..text.len() - rest.len()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let icon = icon
        .chars()
        .next()
        .filter(|c| !c.is_ascii())
        .map(|_| icon.clone());
    (icon, rest)
}

/// "Stage 3:", "Week 3 –", "Weeks 5-8:", "1." at the start: (its number, the rest).
fn split_prefix(text: &str) -> (Option<f64>, &str) {
    let lower = text.to_lowercase();
    let word_end = lower
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(lower.len());
    let word = &lower[..word_end];
    let after_word = if PREFIX_WORDS.contains(&word) {
        &text[word_end..]
    } else if word.is_empty() {
        text
    } else {
        return (None, text);
    };
    let digits = after_word.trim_start();
    let num_end = digits
        .find(|c: char| {
            !(c.is_ascii_digit()
                || c == '.' && !word.is_empty()
                || c == '-'
                || c == '–'
                || c == '+'
                || c == ' ')
        })
        .unwrap_or(digits.len());
    let number_text = digits[..num_end].trim();
    let number = number_text
        .split(['-', '–', '+'])
        .next()
        .and_then(|n| n.trim().trim_end_matches('.').parse::<f64>().ok());
    let Some(number) = number else {
        return (None, text);
    };
    let rest = digits[num_end..].trim_start_matches(|c: char| {
        matches!(c, ':' | '-' | '–' | '—' | '.' | ')' | '|') || c.is_whitespace()
    });
    if word.is_empty() && rest.len() == digits[num_end..].len() {
        // "10 Django tips": a number that opens the title, not a prefix.
        return (None, text);
    }
    (Some(number), rest)
}

/// Drops a parenthesised length ("(2-6wk)", "(12–16 weeks)") or time label ("(Weeks
/// 1-4)", "(Month 2)": at most three words) and trailing separators.
fn drop_length(text: &str) -> String {
    let mut out = text.to_string();
    if let (Some(open), Some(close)) = (out.rfind('('), out.rfind(')'))
        && open < close
        && (durations::length(&out[open..close]).is_some()
            || (out[open + 1..close].split_whitespace().count() <= 3
                && durations::position(&out[open + 1..close]).is_some()))
    {
        out.replace_range(open..=close, "");
    }
    out.trim()
        .trim_end_matches([':', '-', '–', '—', '|'])
        .trim()
        .to_string()
}

/// A heading made into a stage's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub title: String,
    pub icon: Option<String>,
    /// The number a "Stage N" prefix gave.
    pub number: Option<f64>,
}

pub fn name(heading: &str) -> Name {
    let (mut icon, rest) = split_icon(heading);
    let (number, rest) = split_prefix(rest);
    let (icon2, rest) = split_icon(rest);
    icon = icon.or(icon2);
    let title = drop_length(rest);
    let title = if title.is_empty() {
        drop_length(heading.trim())
    } else {
        title
    };
    let lower = heading.to_lowercase();
    let start = lower.trim_start_matches(|c: char| is_decoration(c) || c == ' ');
    let numbered = [
        "stage", "phase", "step", "part", "module", "level", "chapter", "unit",
    ]
    .iter()
    .any(|w| start.starts_with(w));
    Name {
        title,
        icon,
        number: number.filter(|_| numbered),
    }
}

/// Slugs given so far, and for each base the next number to try, so that a thousand
/// "Review"s take a thousand steps, not half a million.
#[derive(Debug, Default)]
pub struct Slugs {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Slugs {
    /// Marks `slug` as given.
    pub fn take(&mut self, slug: &str) {
        self.taken.insert(slug.to_string());
    }

    /// A unique slug: the title's, else `fallback`, with "-2", "-3" for repeats.
    pub fn unique(&mut self, title: &str, fallback: &str) -> String {
        let base = match slugify(title) {
            s if s.is_empty() => fallback.to_string(),
            s => s
                .chars()
                .take(60)
                .collect::<String>()
                .trim_end_matches('-')
                .to_string(),
        };
        let n = self.next.entry(base.clone()).or_insert(2);
        let mut slug = base.clone();
        while !self.taken.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            *n += 1;
        }
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_their_structure() {
        let n = name("🧭 STAGE 0: Refresh Django Basics");
        assert_eq!(
            (n.title.as_str(), n.icon.as_deref(), n.number),
            ("Refresh Django Basics", Some("🧭"), Some(0.0))
        );
        assert_eq!(name("Week 3 – Web basics").title, "Web basics");
        assert_eq!(name("Weeks 5-8: APIs").title, "APIs");
        assert_eq!(name("Month 1-2 — Foundations").title, "Foundations");
        assert_eq!(name("Phase 2: Go deeper (2-6wk)").title, "Go deeper");
        assert_eq!(
            name("Phase 1: Foundations (Weeks 1-4)").title,
            "Foundations"
        );
        assert_eq!(name("Backend (Month 2)").title, "Backend");
        assert_eq!(
            name("Setup (see week 3 for the details)").title,
            "Setup (see week 3 for the details)"
        );
        assert_eq!(name("1. Setup").title, "Setup");
        assert_eq!(name("10 Django tips").title, "10 Django tips");
        assert_eq!(name("Week 2").title, "Week 2");
        assert_eq!(name("🏗️ STAGE 3: Models").icon.as_deref(), Some("🏗️"));
        assert_eq!(name("Day 59: Review").title, "Review");
        assert_eq!(name("Week 1").number, None);
    }

    #[test]
    fn slugs_are_unique() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.unique("Review", "stage-1"), "review");
        assert_eq!(slugs.unique("Review", "stage-2"), "review-2");
        assert_eq!(slugs.unique("🎯", "stage-3"), "stage-3");
        // A title whose slug is a repeat's: "Review 2" after two "Review"s.
        assert_eq!(slugs.unique("Review 2", "stage-4"), "review-2-2");
        assert_eq!(slugs.unique("Review", "stage-5"), "review-3");
        let many: Vec<String> = (0..1000)
            .map(|i| slugs.unique("Day", &i.to_string()))
            .collect();
        assert_eq!((many[0].as_str(), many[999].as_str()), ("day", "day-1000"));
    }
}
