//! The languages of a site: `language` in site.toml is the default one, published at
//! the root; each `[languages.<code>]` table adds one, published under `/<code>/`
//! from the translations beside the content files (see [`crate::content::translation`]).

use serde::{Deserialize, Serialize};

use crate::config::{CONFIG_FILE, SiteConfig, key_line};
use crate::error::Diagnostic;

/// `[languages.<code>]` in site.toml.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The site's title in this language; the default language's when unset.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The language's name in itself, for the switcher ("Français"); a built-in name
    /// for common codes, else the code.
    #[serde(default)]
    pub name: Option<String>,
    /// `"rtl"` or `"ltr"`; by default what the code's script writes.
    #[serde(default)]
    pub direction: Option<String>,
}

/// A language the site is published in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Language {
    pub code: String,
    /// Its name in itself.
    pub name: String,
    /// `rtl` or `ltr`.
    pub dir: &'static str,
    /// The folder below the site's root it is published in: `""` for the default
    /// language, `fr/` for French.
    pub prefix: String,
}

impl Language {
    pub fn is_default(&self) -> bool {
        self.prefix.is_empty()
    }
}

/// Every language of a site: the default first, then the others by code.
pub fn of(config: &SiteConfig) -> Vec<Language> {
    let default = Language {
        code: config.language.clone(),
        name: endonym(&config.language),
        dir: direction_of(&config.language),
        prefix: String::new(),
    };
    let others = config.languages.iter().map(|(code, c)| Language {
        code: code.clone(),
        name: c.name.clone().unwrap_or_else(|| endonym(code)),
        dir: match c.direction.as_deref() {
            Some("rtl") => "rtl",
            Some("ltr") => "ltr",
            _ => direction_of(code),
        },
        prefix: format!("{code}/"),
    });
    std::iter::once(default).chain(others).collect()
}

/// Whether `code` is written right to left: Arabic, Hebrew, Persian, Urdu and other
/// languages of those scripts, or a tag that names such a script (`-Arab`, `-Hebr`).
pub fn direction_of(code: &str) -> &'static str {
    const RTL: [&str; 13] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi",
    ];
    const RTL_SCRIPTS: [&str; 6] = ["arab", "hebr", "syrc", "thaa", "nkoo", "adlm"];
    let lower = code.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    let mut script = parts.filter(|p| p.len() == 4);
    match script.next() {
        Some(s) if RTL_SCRIPTS.contains(&s) => "rtl",
        Some(_) => "ltr",
        None if RTL.contains(&primary) => "rtl",
        None => "ltr",
    }
}

/// The name of a common language in itself, else its code.
pub fn endonym(code: &str) -> String {
    const NAMES: [(&str, &str); 30] = [
        ("ar", "العربية"),
        ("bn", "বাংলা"),
        ("ca", "Català"),
        ("cs", "Čeština"),
        ("de", "Deutsch"),
        ("el", "Ελληνικά"),
        ("en", "English"),
        ("es", "Español"),
        ("fa", "فارسی"),
        ("fr", "Français"),
        ("he", "עברית"),
        ("hi", "हिन्दी"),
        ("id", "Bahasa Indonesia"),
        ("it", "Italiano"),
        ("ja", "日本語"),
        ("ko", "한국어"),
        ("nl", "Nederlands"),
        ("pl", "Polski"),
        ("pt", "Português"),
        ("pt-br", "Português (Brasil)"),
        ("ro", "Română"),
        ("ru", "Русский"),
        ("sv", "Svenska"),
        ("th", "ไทย"),
        ("tr", "Türkçe"),
        ("uk", "Українська"),
        ("ur", "اردو"),
        ("vi", "Tiếng Việt"),
        ("zh", "中文"),
        ("zh-tw", "中文（台灣）"),
    ];
    let lower = code.to_ascii_lowercase().replace('_', "-");
    let primary = lower.split('-').next().unwrap_or_default().to_string();
    (NAMES.iter())
        .find(|(c, _)| *c == lower)
        .or_else(|| NAMES.iter().find(|(c, _)| *c == primary))
        .map_or_else(|| code.to_string(), |(_, n)| n.to_string())
}

/// Whether `code` has the shape of a language tag: `fr`, `pt-BR`, `zh-Hant`, `sr-Latn-RS`.
pub fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The `[languages]` tables must name real language tags other than the default, and
/// each a known direction.
pub(crate) fn check_config(config: &SiteConfig, text: &str) -> Result<(), Diagnostic> {
    let line = |code: &str| {
        let header = format!("[languages.{code}]");
        (text.lines().position(|l| l.trim() == header))
            .map(|i| i + 1)
            .or_else(|| key_line(text, "languages"))
            .unwrap_or(1)
    };
    for (code, language) in &config.languages {
        if !is_language_tag(code) {
            return Err(Diagnostic::new(
                CONFIG_FILE,
                format!("[languages.{code}]: \"{code}\" is not a language code"),
            )
            .at_line(line(code))
            .with_hint("use a lowercase language code such as fr, es or pt-BR"));
        }
        if code.eq_ignore_ascii_case(&config.language) {
            return Err(Diagnostic::new(
                CONFIG_FILE,
                format!("[languages.{code}] is the default language (language = \"{code}\")"),
            )
            .at_line(line(code))
            .with_hint("list only the languages the site is translated into"));
        }
        if let Some(d) = &language.direction
            && d != "rtl"
            && d != "ltr"
        {
            return Err(Diagnostic::new(
                CONFIG_FILE,
                format!("[languages.{code}] direction is {d:?}"),
            )
            .at_line(key_line(text, "direction").unwrap_or_else(|| line(code)))
            .with_hint("write direction = \"rtl\" or direction = \"ltr\", or leave it out"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_follow_the_script() {
        assert_eq!(direction_of("ar"), "rtl");
        assert_eq!(direction_of("he-IL"), "rtl");
        assert_eq!(direction_of("fa"), "rtl");
        assert_eq!(direction_of("az-Arab"), "rtl");
        assert_eq!(direction_of("ku"), "ltr");
        assert_eq!(direction_of("ku-Arab"), "rtl");
        assert_eq!(direction_of("ar-Latn"), "ltr");
        assert_eq!(direction_of("fr"), "ltr");
        assert_eq!(direction_of("ja"), "ltr");
    }

    #[test]
    fn tags_and_names() {
        assert!(is_language_tag("fr"));
        assert!(is_language_tag("pt-BR"));
        assert!(is_language_tag("zh-Hant"));
        assert!(!is_language_tag("FR"));
        assert!(!is_language_tag("french"));
        assert!(!is_language_tag("v1"));
        assert_eq!(endonym("pt-BR"), "Português (Brasil)");
        assert_eq!(endonym("pt-PT"), "Português");
        assert_eq!(endonym("xx"), "xx");
    }
}
