//! Reading a content file's text, splitting it into its `+++` TOML front matter and
//! Markdown body, and reading the front matter.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Diagnostic, line_of};

/// The file's text, which must be UTF-8 (translations are read with it too).
pub(in crate::content) fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(shown, "read the file", &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = line_of(&String::from_utf8_lossy(&e.as_bytes()[..valid]), valid);
        Diagnostic::new(shown, "the file is not valid UTF-8 text")
            .at_line(line)
            .with_hint("save the file with UTF-8 encoding")
    })
}

/// A content file cut in two. Lines are 1-based lines of the original file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Line of the file on which the front matter's first line stands.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// Line of the file on which the body's first line stands.
    pub body_line: usize,
}

/// An error in a content file's front matter, at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
    pub hint: Option<String>,
}

const DELIMITER: &str = "+++";

/// Cuts `text` (already free of a BOM) at its `+++` lines.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != DELIMITER {
        return Err(FrontMatterError {
            line: 1,
            message: if text.trim().is_empty() {
                "the file is empty".into()
            } else {
                "the file does not start with `+++` front matter".into()
            },
            hint: Some(
                "begin the file with a `+++` line, TOML such as `title = \"...\"`, and a closing `+++` line"
                    .into(),
            ),
        });
    }
    let fm_start = first_line.len() + newline_len(&text[first_line.len()..]);
    let mut offset = fm_start;
    for line in text[fm_start..].split_inclusive('\n') {
        if line.trim_end() == DELIMITER {
            let body_start = offset + line.len();
            return Ok(Split {
                front_matter: &text[fm_start..offset],
                front_matter_line: 2,
                body: &text[body_start..],
                body_line: line_of(text, body_start),
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: "the front matter opened with `+++` on line 1 is never closed".into(),
        hint: Some("add a line holding only `+++` after the front matter".into()),
    })
}

fn newline_len(rest: &str) -> usize {
    if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with('\n') {
        1
    } else {
        0
    }
}

/// Every key a content file's front matter may hold. Which are required depends on
/// whether the file is a stage (it has `stage`) or a page.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub stage: Option<Spanned<i64>>,
    pub duration: Option<Spanned<String>>,
    pub icon: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    /// Orders standalone pages among themselves (lowest first).
    pub weight: Option<i64>,
    /// Slugs of the stages to finish first (see [`super::graph`]).
    pub requires: Option<Spanned<Vec<Spanned<String>>>>,
    /// An elective stage: shown as optional, not counted in the total.
    pub optional: Option<Spanned<bool>>,
    /// The lane of the timeline the stage is drawn in.
    pub track: Option<Spanned<String>>,
}

pub const FRONT_MATTER_KEYS: &str = "title, stage, duration, icon, summary, description, slug, draft, weight, requires, optional, track";

impl FrontMatter {
    /// Parses the TOML of a [`Split`]; error lines are lines of the whole file.
    pub fn parse(split: &Split<'_>) -> Result<FrontMatter, FrontMatterError> {
        toml::from_str(split.front_matter).map_err(|e: toml::de::Error| FrontMatterError {
            line: split.front_matter_line - 1
                + e.span().map_or(1, |s| line_of(split.front_matter, s.start)),
            message: format!("front matter: {}", plain_types(e.message().trim())),
            hint: Some(format!("front matter keys are: {FRONT_MATTER_KEYS}")),
        })
    }

    /// Line of the file where a spanned value stands.
    pub fn line_of<T>(split: &Split<'_>, value: &Spanned<T>) -> usize {
        split.front_matter_line - 1 + line_of(split.front_matter, value.span().start)
    }
}

/// serde's type names in words an author knows.
fn plain_types(message: &str) -> String {
    message
        .replace("expected i64", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
        .replace(
            "expected a sequence",
            "expected a list of slugs like [\"orm\", \"forms\"]",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("+++\ntitle = \"a\"\nstage = 1\n+++\n# Hi\n").unwrap();
        assert_eq!(s.front_matter, "title = \"a\"\nstage = 1\n");
        assert_eq!(s.body, "# Hi\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn crlf_files_split_too() {
        let s = split("+++\r\ntitle = \"a\"\r\n+++\r\nbody\r\n").unwrap();
        assert_eq!(s.front_matter, "title = \"a\"\r\n");
        assert_eq!(s.body, "body\r\n");
        assert!(FrontMatter::parse(&s).unwrap().title.is_some());
    }

    #[test]
    fn missing_and_unclosed_front_matter() {
        assert!(
            split("# no front matter")
                .unwrap_err()
                .message
                .contains("does not start")
        );
        assert!(split("").unwrap_err().message.contains("empty"));
        assert!(
            split("+++\ntitle = 1\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
    }

    #[test]
    fn toml_errors_point_at_the_file_line() {
        let s = split("+++\ntitle = \"a\"\nstage = = 1\n+++\n").unwrap();
        assert_eq!(FrontMatter::parse(&s).unwrap_err().line, 3);
        let s = split("+++\ntitle = \"a\"\ncolor = \"red\"\n+++\n").unwrap();
        let e = FrontMatter::parse(&s).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("color"), "{}", e.message);
    }

    #[test]
    fn each_required_slug_knows_its_line() {
        let text = "+++\ntitle = \"a\"\nrequires = [\n  \"orm\",\n  \"forms\",\n]\n+++\n";
        let s = split(text).unwrap();
        let fm = FrontMatter::parse(&s).unwrap();
        let lines: Vec<(String, usize)> = fm
            .requires
            .unwrap()
            .into_inner()
            .iter()
            .map(|r| (r.get_ref().clone(), FrontMatter::line_of(&s, r)))
            .collect();
        assert_eq!(lines, [("orm".into(), 4), ("forms".into(), 5)]);
        let s = split("+++\ntitle = \"a\"\nrequires = \"orm\"\n+++\n").unwrap();
        let e = FrontMatter::parse(&s).unwrap_err();
        assert_eq!(e.line, 3, "{}", e.message);
    }
}
