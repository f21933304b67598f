//! `site.toml` -> [`SiteConfig`]: the site's title, where it is published, and options.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, line_of};
use crate::url::normalize_base_url;

pub const CONFIG_FILE: &str = "site.toml";

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
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub repo_url: Option<String>,
    /// A custom domain for GitHub Pages; written to `CNAME`.
    #[serde(default)]
    pub cname: Option<String>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
}

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

impl SiteConfig {
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
                "site.toml keys: title, description, base_url, theme, output_dir, language, author, repo_url, cname, [markdown]",
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
        Ok(config)
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
}
