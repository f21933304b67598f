//! Translations: `intro.fr.md` beside `intro.md` translates it into the language `fr`
//! of site.toml's `[languages.fr]`. A translation holds only what it translates
//! (`title`, `summary`, `description`, `icon` and its Markdown) and `source`, the hash of
//! the source's text it was made from ([`staleness`]); a stage's number, duration,
//! `requires`, `optional`, `track`, its slug and a page's weight come from the source.
//!
//! A file is a translation when its name has a language tag before `.md` and the tag is
//! one of the site's languages, or its source file sits beside it (then an unknown
//! language is an error, not a new page).

pub mod staleness;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::front_matter::{self, Split};
use super::{CONTENT_DIR, Content, Source, Which};
use crate::config::key_line;
use crate::error::{BuildError, Diagnostic};
use crate::lang::is_language_tag;
use crate::paths::relative;

/// The keys a translation may set to what it says.
const TRANSLATED: [&str; 4] = ["title", "summary", "description", "icon"];
/// The keys a translation takes from its source: it may repeat them, not change them.
const FROM_SOURCE: [&str; 8] = [
    "stage", "duration", "requires", "optional", "track", "slug", "weight", "draft",
];
/// The keys that record the source a translation was made from.
pub const RECORDED: &str = "source";
pub const RECORDED_SECTIONS: &str = "source_sections";

/// One translated file.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The language, as site.toml's `[languages.<code>]` names it.
    pub code: String,
    /// The file of the content it translates.
    pub of: Which,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub icon: Option<String>,
    /// `source`: the hash of the source's text it was made from.
    pub recorded: Option<String>,
    /// `source_sections`: the hash of each section of that text, by section key.
    pub recorded_sections: Vec<(String, String)>,
    /// Its own Markdown, with the source's path as its origin.
    pub source: Source,
}

/// Every translation of a site.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    pub files: Vec<Translation>,
    index: HashMap<(String, Which), usize>,
}

impl Translations {
    /// Reads every translation file of `content` for the site's extra languages
    /// `codes`; every mistake is reported.
    pub fn load(root: &Path, content: &Content, codes: &[String]) -> Result<Self, BuildError> {
        // Which file each source path is, looked up once for every translation.
        let which: HashMap<&Path, Which> = (content.sources())
            .zip(content.every_which())
            .map(|(s, w)| (s.path.as_path(), w))
            .collect();
        let read: Vec<Result<Option<Translation>, Diagnostic>> = (content.translation_files)
            .par_iter()
            .map(|path| read(root, path, content, &which, codes))
            .collect();
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for r in read {
            match r {
                Ok(t) => files.extend(t),
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let index = (files.iter().enumerate())
            .map(|(k, t): (usize, &Translation)| ((t.code.clone(), t.of), k))
            .collect();
        Ok(Translations { files, index })
    }

    /// The translation of a file into a language, if there is one.
    pub fn get(&self, code: &str, which: Which) -> Option<&Translation> {
        (self.index.get(&(code.to_string(), which))).map(|&k| &self.files[k])
    }

    /// Puts `new` in place of the translation of the same file and language (or adds
    /// it): after a save of one translation.
    pub fn replace(&mut self, new: Translation) {
        match self.index.get(&(new.code.clone(), new.of)) {
            Some(&k) => self.files[k] = new,
            None => {
                self.index
                    .insert((new.code.clone(), new.of), self.files.len());
                self.files.push(new);
            }
        }
    }
}

/// Takes out of `markdown` (absolute path, path relative to `content/`) the files that
/// are translations, and returns their paths relative to `root`, sorted.
pub(super) fn take_translations(
    root: &Path,
    markdown: &mut Vec<(PathBuf, PathBuf)>,
    codes: &[String],
) -> Vec<PathBuf> {
    let mut taken = Vec::new();
    markdown.retain(|(path, rel)| {
        let Some((source, code)) = split_name(rel) else {
            return true;
        };
        let known = codes.iter().any(|c| c.eq_ignore_ascii_case(&code));
        if known || root.join(CONTENT_DIR).join(&source).is_file() {
            taken.push(relative(root, path));
            return false;
        }
        true
    });
    taken.sort();
    taken
}

/// `guide/intro.fr.md` -> (`guide/intro.md`, `fr`), for a name with a language tag.
pub fn split_name(rel: &Path) -> Option<(PathBuf, String)> {
    let name = rel.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    let (base, tag) = stem.rsplit_once('.')?;
    if base.is_empty() || !is_language_tag(&tag.to_ascii_lowercase().replace('_', "-")) {
        return None;
    }
    Some((rel.with_file_name(format!("{base}.md")), tag.to_string()))
}

/// Reads one translation file (`path`, relative to `root`); `None` for the
/// translation of a draft left out.
fn read(
    root: &Path,
    path: &Path,
    content: &Content,
    which: &HashMap<&Path, Which>,
    codes: &[String],
) -> Result<Option<Translation>, Diagnostic> {
    let rel = super::content_rel(path);
    let Some((source_rel, tag)) = split_name(rel) else {
        return Err(Diagnostic::new(path, "not a translation's file name"));
    };
    let Some(code) = codes.iter().find(|c| c.eq_ignore_ascii_case(&tag)) else {
        let listed = if codes.is_empty() {
            "site.toml lists no other language".to_string()
        } else {
            format!("site.toml lists: {}", codes.join(", "))
        };
        return Err(Diagnostic::new(
            path,
            format!("\"{tag}\" is not one of the site's languages ({listed})"),
        )
        .with_hint(format!(
            "add a [languages.{tag}] table to site.toml, or rename the file"
        )));
    };
    let source_path = Path::new(CONTENT_DIR).join(&source_rel);
    let Some(&of) = which.get(source_path.as_path()) else {
        if root.join(&source_path).is_file() {
            // The source is a draft left out of the build, and so is its translation.
            return Ok(None);
        }
        return Err(Diagnostic::new(
            path,
            format!(
                "this translates {}, which does not exist",
                source_path.display()
            ),
        )
        .with_hint(format!(
            "name the translation after its source file (e.g. {}), or add the source",
            Path::new(CONTENT_DIR)
                .join(rel.with_file_name(format!("intro.{code}.md")))
                .display()
        )));
    };
    let text = front_matter::read_text(&root.join(path), path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let split = front_matter::split(text).map_err(|e| {
        let d = Diagnostic::new(path, e.message).at_line(e.line);
        e.hint.map_or(d.clone(), |h| d.with_hint(h))
    })?;
    let table = parse_table(&split, path)?;
    // The source's front matter is read only when the translation repeats one of its keys.
    let source_table = std::cell::OnceCell::new();
    let source_table = || -> &toml::Table {
        source_table.get_or_init(|| {
            toml::from_str(&content.source(of).front_matter_text).unwrap_or_default()
        })
    };
    check_keys(&table, source_table, &split, path)?;
    let text_of = |key: &str| table.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let recorded_sections = match table.get(RECORDED_SECTIONS) {
        Some(toml::Value::Table(t)) => (t.iter())
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect(),
        _ => Vec::new(),
    };
    let mut source = Source::new(
        path.to_path_buf(),
        split.front_matter,
        split.body.to_string(),
        split.body_line,
    );
    source.origin = Some(source_path);
    Ok(Some(Translation {
        code: code.clone(),
        of,
        title: text_of("title").filter(|t| !t.trim().is_empty()),
        summary: text_of("summary"),
        description: text_of("description"),
        icon: text_of("icon"),
        recorded: text_of(RECORDED),
        recorded_sections,
        source,
    }))
}

fn parse_table(split: &Split<'_>, path: &Path) -> Result<toml::Table, Diagnostic> {
    toml::from_str(split.front_matter).map_err(|e: toml::de::Error| {
        let line = split.front_matter_line - 1
            + e.span()
                .map_or(1, |s| crate::error::line_of(split.front_matter, s.start));
        Diagnostic::new(path, format!("front matter: {}", e.message().trim())).at_line(line)
    })
}

/// A translation sets only what it translates and what records its source; what it
/// repeats of its source must be what the source says.
fn check_keys<'a>(
    table: &toml::Table,
    source: impl Fn() -> &'a toml::Table,
    split: &Split<'_>,
    path: &Path,
) -> Result<(), Diagnostic> {
    let line =
        |key: &str| split.front_matter_line - 1 + key_line(split.front_matter, key).unwrap_or(1);
    for (key, value) in table {
        let key = key.as_str();
        if TRANSLATED.contains(&key) || key == RECORDED || key == RECORDED_SECTIONS {
            if key != RECORDED_SECTIONS && !value.is_str() {
                return Err(
                    Diagnostic::new(path, format!("`{key}` must be text")).at_line(line(key))
                );
            }
            continue;
        }
        if !FROM_SOURCE.contains(&key) {
            return Err(
                Diagnostic::new(path, format!("a translation cannot set `{key}`"))
                    .at_line(line(key))
                    .with_hint(format!(
                        "a translation sets {} and `source`; the rest comes from its source file",
                        TRANSLATED.join(", ")
                    )),
            );
        }
        let source = source();
        if source.get(key) != Some(value) {
            let theirs = source
                .get(key)
                .map_or("nothing".to_string(), |v| v.to_string());
            return Err(Diagnostic::new(
                path,
                format!("`{key}` is {value} here, but the source says {theirs}"),
            )
            .at_line(line(key))
            .with_hint(format!(
                "remove `{key}`: a translation takes it from its source file"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_a_language_tag() {
        let split = |s: &str| split_name(Path::new(s));
        assert_eq!(
            split("guide/intro.fr.md"),
            Some((PathBuf::from("guide/intro.md"), "fr".into()))
        );
        assert_eq!(
            split("_index.pt-BR.md"),
            Some((PathBuf::from("_index.md"), "pt-BR".into()))
        );
        assert_eq!(split("intro.md"), None);
        assert_eq!(split("v1.2.md"), None);
        assert_eq!(split("notes.python.md"), None);
        assert_eq!(split(".fr.md"), None);
    }
}
