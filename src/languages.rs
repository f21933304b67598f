//! The languages of a site (which way each runs is [`crate::lang`]'s): `language` in
//! site.toml is the default one, published at
//! the root; each `[languages.<code>]` table adds one, published under `/<code>/`
//! from the translations beside the content files (see [`crate::content::translation`]).

use serde::Serialize;

use crate::config::{LanguageConfig, SiteConfig};
use crate::lang::{Direction, direction_of};

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
        dir: config.direction().as_str(),
        prefix: String::new(),
    };
    let others = config.languages.iter().map(|(code, c)| Language {
        code: code.clone(),
        name: c.name.clone().unwrap_or_else(|| endonym(code)),
        dir: direction(code, c).as_str(),
        prefix: format!("{code}/"),
    });
    std::iter::once(default).chain(others).collect()
}

/// Which way `code`'s text runs: its `direction` in site.toml, else what the code says.
pub fn direction(code: &str, config: &LanguageConfig) -> Direction {
    match config.direction.as_deref() {
        Some("rtl") => Direction::Rtl,
        Some("ltr") => Direction::Ltr,
        _ => direction_of(code),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_names() {
        assert_eq!(endonym("pt-BR"), "Português (Brasil)");
        assert_eq!(endonym("pt-PT"), "Português");
        assert_eq!(endonym("xx"), "xx");
    }
}
