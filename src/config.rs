//! `site.toml` -> [`SiteConfig`]: the site's title, where it is published, and options.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, line_of};
use crate::lang::{Direction, direction_of, is_language_tag};
use crate::url::normalize_base_url;

pub const CONFIG_FILE: &str = "site.toml";

/// What every build carries over at the top of its output folder, whatever `keep`
/// says: a git worktree or clone in the output folder stays a working repository.
pub const ALWAYS_KEPT: &str = ".git";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Where the site is published, e.g. `https://user.github.io/repo/`.
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    #[serde(default = "default_language")]
    pub language: String,
    /// `"rtl"` or `"ltr"`: which way the default language's text runs, when its code
    /// alone does not say it right ([`SiteConfig::direction`]).
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub repo_url: Option<String>,
    /// A custom domain for GitHub Pages; written to `CNAME`.
    #[serde(default)]
    pub cname: Option<String>,
    /// `#rrggbb` or `#rgb`: the colour of the app icons and of the installed app's
    /// title bar; without it, the theme's `--accent`.
    #[serde(default)]
    pub accent: Option<String>,
    /// Names at the top of the output folder that a build carries over untouched;
    /// `.git` is kept whatever this says (see [`crate::output::Kept`]).
    #[serde(default = "default_keep")]
    pub keep: Vec<String>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub plan: PlanConfig,
    /// `[languages.<code>]`: the languages a site is translated into, besides
    /// `language` (see [`crate::languages`]).
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, LanguageConfig>,
}

/// `[plan]`: what the durations assume of a reader, for the dated study plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlanConfig {
    /// The weekly effort the stages' durations assume, in hours; readers with more or
    /// fewer hours get shorter or longer stages in proportion.
    #[serde(serialize_with = "whole_as_integer")]
    pub hours_per_week: f64,
}

/// 10.0 as `10` (templates print it), 7.5 as `7.5`.
fn whole_as_integer<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

impl Default for PlanConfig {
    fn default() -> Self {
        PlanConfig {
            hours_per_week: 10.0,
        }
    }
}

/// The weekly hours a plan may assume, the author's and a reader's alike.
pub const HOURS_PER_WEEK: std::ops::RangeInclusive<f64> = 1.0..=80.0;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Emit raw HTML written in Markdown. Off: it becomes an HTML comment.
    pub unsafe_html: bool,
    /// Highlight fenced code at build time (CSS classes, light and dark stylesheets).
    pub highlight: bool,
    /// syntect theme for the light stylesheet.
    pub highlight_theme: String,
    /// syntect theme for the dark stylesheet.
    pub highlight_theme_dark: String,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            unsafe_html: false,
            highlight: true,
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
        }
    }
}

fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}
fn default_language() -> String {
    "en".into()
}
fn default_keep() -> Vec<String> {
    vec![ALWAYS_KEPT.into()]
}

impl SiteConfig {
    /// The languages the site is written in, its default first.
    pub fn languages(&self) -> Vec<String> {
        std::iter::once(self.language.clone())
            .chain(self.languages.keys().cloned())
            .collect()
    }

    /// Reads `root/site.toml`.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let d = Diagnostic::io(Path::new(CONFIG_FILE), "read the site configuration", &e);
            if e.kind() == std::io::ErrorKind::NotFound {
                d.with_hint(format!(
                    "run roadsmith in the folder that holds site.toml, or pass --root DIR (looked in {})",
                    root.display()
                ))
            } else {
                d
            }
        })?;
        let mut config = Self::parse(&text).map_err(|(message, line)| {
            let d = Diagnostic::new(CONFIG_FILE, message).with_hint(
                "site.toml keys: title, description, base_url, theme, output_dir, keep, language, direction (\"rtl\" or \"ltr\"), author, repo_url, cname, accent, [markdown], [plan], [languages.<code>]",
            );
            match line {
                Some(l) => d.at_line(l),
                None => d,
            }
        })?;
        config.base_url = normalize_base_url(&config.base_url).map_err(|m| {
            Diagnostic::new(CONFIG_FILE, m)
                .at_line(key_line(&text, "base_url").unwrap_or(1))
                .with_hint("write the address the site is published at, e.g. base_url = \"https://user.github.io/repo/\"")
        })?;
        if let Some(accent) = &config.accent
            && parse_hex_colour(accent).is_none()
        {
            return Err(
                Diagnostic::new(CONFIG_FILE, format!("accent {accent:?} is not a colour"))
                    .at_line(key_line(&text, "accent").unwrap_or(1))
                    .with_hint("write it in hex, like accent = \"#0b6e4f\""),
            );
        }
        for name in &config.keep {
            if let Some(why) = kept_name_problem(name) {
                return Err(Diagnostic::new(
                    CONFIG_FILE,
                    format!("keep lists {name:?}, which cannot be kept: {why}"),
                )
                .at_line(value_line(&text, "keep", name).unwrap_or(1))
                .with_hint(
                    "list names of files or folders at the top of the output folder, such as keep = [\".git\", \"README.md\"]",
                ));
            }
        }
        check_languages(&config, &text)?;
        let hours = config.plan.hours_per_week;
        if !HOURS_PER_WEEK.contains(&hours) {
            return Err(Diagnostic::new(
                CONFIG_FILE,
                format!("[plan] hours_per_week is {hours}, but a week's study time must be from 1 to 80 hours"),
            )
            .at_line(key_line(&text, "hours_per_week").unwrap_or(1))
            .with_hint("write the weekly hours the durations assume, e.g. hours_per_week = 10"));
        }
        Ok(config)
    }

    /// Which way the default language's text runs: `direction`, else what its code says.
    pub fn direction(&self) -> Direction {
        self.direction
            .unwrap_or_else(|| direction_of(&self.language))
    }

    /// Parses site.toml text; the error carries the TOML message and its line.
    pub fn parse(text: &str) -> Result<SiteConfig, (String, Option<usize>)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        toml::from_str(text).map_err(|e: toml::de::Error| {
            let line = e.span().map(|s| line_of(text, s.start));
            (e.message().trim().to_string(), line)
        })
    }
}

/// `#rgb` or `#rrggbb` (any case) as `[r, g, b]`.
pub fn parse_hex_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let at = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
    match hex.len() {
        3 => Some([at(0, 1)? * 17, at(1, 1)? * 17, at(2, 1)? * 17]),
        6 => Some([at(0, 2)?, at(2, 2)?, at(4, 2)?]),
        _ => None,
    }
}

/// The line on which `key = ...` first appears, for pointing at a value's line.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// The line of site.toml's `[languages.<code>]` header.
pub fn language_line(text: &str, code: &str) -> Option<usize> {
    let header = format!("[languages.{code}]");
    (text.lines().position(|l| l.trim() == header)).map(|i| i + 1)
}

/// Why `name` cannot be listed in `keep`, which takes names at the top of the output
/// folder, not paths; `None` when it can.
fn kept_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name == "." || name == ".." {
        Some("it names a folder, not something in the output folder")
    } else if name.contains(['/', '\\']) {
        Some("it is a path, and keep takes names at the top of the output folder")
    } else if name.contains('\0') {
        Some("it holds a NUL character")
    } else {
        None
    }
}

/// The line on which the string `value` of `key = [...]` appears (a list may span
/// lines), or else the key's line.
pub fn value_line(text: &str, key: &str, value: &str) -> Option<usize> {
    let start = key_line(text, key)?;
    let quoted = [format!("\"{value}\""), format!("'{value}'")];
    let found = text
        .lines()
        .skip(start - 1)
        .position(|l| quoted.iter().any(|q| l.contains(q.as_str())));
    Some(found.map_or(start, |i| start + i))
}

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

/// The `[languages]` tables must name real language tags other than the default, and
/// each a known direction.
fn check_languages(config: &SiteConfig, text: &str) -> Result<(), Diagnostic> {
    let line = |code: &str| {
        language_line(text, code)
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
    fn unknown_key_is_named_with_its_line() {
        let (msg, line) = SiteConfig::parse(
            "title = \"t\"\ndescription = \"d\"\nbase_url = \"https://x/\"\ncolour = 1\n",
        )
        .unwrap_err();
        assert!(msg.contains("colour"), "{msg}");
        assert_eq!(line, Some(4));
    }

    #[test]
    fn keep_takes_plain_names_and_bad_ones_are_found_on_their_line() {
        for good in [".git", "README.md", "a..b", ".well-known", "Ä"] {
            assert_eq!(kept_name_problem(good), None, "{good}");
        }
        for bad in ["", ".", "..", "../x", "a/b", "/abs", "a\\b", "x\0"] {
            assert!(kept_name_problem(bad).is_some(), "{bad:?}");
        }
        let text = "title = \"t\"\nkeep = [\n  \".git\",\n  'a/b',\n]\n";
        assert_eq!(value_line(text, "keep", "a/b"), Some(4));
        assert_eq!(value_line(text, "keep", "\\u0041"), Some(2));
        assert_eq!(value_line(text, "nope", "x"), None);
        let config =
            SiteConfig::parse("title = \"t\"\ndescription = \"d\"\nbase_url = \"https://x/\"\n")
                .unwrap();
        assert_eq!(config.keep, [".git"]);
        assert_eq!(config.plan.hours_per_week, 10.0);
    }

    #[test]
    fn direction_follows_the_language_unless_site_toml_says_it() {
        let head = "title = \"t\"\ndescription = \"d\"\nbase_url = \"https://x/\"\n";
        for (extra, dir) in [
            ("", Direction::Ltr),
            ("language = \"ar\"\n", Direction::Rtl),
            ("language = \"ar\"\ndirection = \"ltr\"\n", Direction::Ltr),
            (
                "language = \"x-klingon\"\ndirection = \"rtl\"\n",
                Direction::Rtl,
            ),
        ] {
            let config = SiteConfig::parse(&format!("{head}{extra}")).unwrap();
            assert_eq!(config.direction(), dir, "{extra}");
        }
        let (msg, line) =
            SiteConfig::parse(&format!("{head}language = \"ar\"\ndirection = \"up\"\n"))
                .unwrap_err();
        assert!(msg.contains("`up`") && msg.contains("`rtl`"), "{msg}");
        assert_eq!(line, Some(5));
    }

    #[test]
    fn plan_takes_whole_or_decimal_hours_and_nothing_else() {
        let head = "title = \"t\"\ndescription = \"d\"\nbase_url = \"https://x/\"\n[plan]\n";
        for (value, hours) in [("8", 8.0), ("7.5", 7.5)] {
            let config = SiteConfig::parse(&format!("{head}hours_per_week = {value}\n")).unwrap();
            assert_eq!(config.plan.hours_per_week, hours);
        }
        let (msg, line) =
            SiteConfig::parse(&format!("{head}hours_per_week = \"10\"\n")).unwrap_err();
        assert!(msg.contains("invalid type"), "{msg}");
        assert_eq!(line, Some(5));
        let (msg, line) = SiteConfig::parse(&format!("{head}hours = 10\n")).unwrap_err();
        assert!(msg.contains("hours"), "{msg}");
        assert_eq!(line, Some(5));
    }
}
