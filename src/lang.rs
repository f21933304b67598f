//! Language tags: whether a name is one ([`is_language_tag`]), and which way a
//! language's text runs ([`direction_of`]), for `<html dir>`.

use serde::{Deserialize, Serialize};

/// The way text runs, as `<html dir>` and site.toml's `direction` write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// `"ltr"` or `"rtl"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Languages written right to left when their tag names no script.
const RTL_LANGUAGES: [&str; 10] = ["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];

/// Scripts written right to left (ISO 15924), for tags that name one: `az-Arab`,
/// `pa-Arab`, `ku-Arab`, `jrb-Hebr`.
const RTL_SCRIPTS: [&str; 9] = [
    "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "samr", "mand",
];

/// The direction of a BCP 47 language tag (`ar`, `he-IL`, `az-Arab`, `sd-Deva`): its
/// script subtag decides when it has one, else its language. Case and `_` in place
/// of `-` do not matter; an unknown or empty tag is left to right.
pub fn direction_of(code: &str) -> Direction {
    let lower = code.trim().to_ascii_lowercase();
    let mut subtags = lower.split(['-', '_']);
    let language = subtags.next().unwrap_or("");
    // The script is the first four-letter subtag after the language (and extlangs).
    let script = subtags
        .take_while(|s| s.len() != 1)
        .find(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic()));
    let rtl = match script {
        Some(script) => RTL_SCRIPTS.contains(&script),
        None => RTL_LANGUAGES.contains(&language),
    };
    if rtl { Direction::Rtl } else { Direction::Ltr }
}

/// Whether `code` has the shape of a language tag: `fr`, `pt-BR`, `zh-Hant`, `sr-Latn-RS`.
pub fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert!(is_language_tag("fr"));
        assert!(is_language_tag("pt-BR"));
        assert!(is_language_tag("zh-Hant"));
        assert!(!is_language_tag("FR"));
        assert!(!is_language_tag("french"));
        assert!(!is_language_tag("v1"));
    }

    #[test]
    fn languages_and_scripts_written_right_to_left() {
        use Direction::{Ltr, Rtl};
        for (code, dir) in [
            ("ar", Rtl),
            ("AR-eg", Rtl),
            ("he", Rtl),
            ("fa-IR", Rtl),
            ("ur", Rtl),
            ("ps", Rtl),
            ("sd", Rtl),
            ("ug", Rtl),
            ("yi", Rtl),
            ("dv", Rtl),
            ("ckb", Rtl),
            ("ckb-IQ", Rtl),
            ("az-Arab", Rtl),
            ("pa-Arab-PK", Rtl),
            ("jrb_Hebr", Rtl),
            ("en", Ltr),
            ("fr", Ltr),
            ("ja", Ltr),
            ("zh-Hant-TW", Ltr),
            ("az-Latn", Ltr),
            ("sd-Deva", Ltr),
            ("ug-Cyrl", Ltr),
            ("arn", Ltr),
            ("en-x-arab", Ltr),
            ("", Ltr),
        ] {
            assert_eq!(direction_of(code), dir, "{code}");
        }
    }

    #[test]
    fn directions_are_written_as_html_writes_them() {
        assert_eq!(Direction::Rtl.as_str(), "rtl");
        assert_eq!(Direction::Ltr.as_str(), "ltr");
    }
}
