//! `roadsmith translations`: for each language, where each stage's and page's
//! translation stands (current, stale with the sections that changed, missing,
//! unrecorded) and where its structure differs from its source's; `--accept FILE`
//! records in a translation the source as it is now.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::content::translation::staleness::{self, State};
use crate::content::{CONTENT_DIR, Content, Which};
use crate::error::{BuildError, Diagnostic};
use crate::site::{BuildOptions, Site};

/// One file in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The translation's file, or for a missing one the source's.
    pub file: PathBuf,
    pub state: State,
    /// Where the translation's items do not line up with the source's.
    pub structure: Vec<String>,
}

/// Every language but the default, each with its files.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub languages: Vec<(String, String, Vec<Entry>)>,
}

impl Report {
    /// The report as the terminal shows it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if self.languages.is_empty() {
            out.push_str("site.toml lists no language besides the default: add a [languages.<code>] table to translate the site\n");
        }
        for (code, name, entries) in &self.languages {
            let count = |s: &str| entries.iter().filter(|e| e.state.name() == s).count();
            let _ = writeln!(
                out,
                "{code} ({name}): {} current, {} stale, {} unrecorded, {} missing",
                count("current"),
                count("stale"),
                count("unrecorded"),
                count("missing")
            );
            for e in entries {
                let _ = write!(out, "  {:<10}  {}", e.state.name(), e.file.display());
                if let State::Stale(changed) = &e.state
                    && !changed.is_empty()
                {
                    let _ = write!(out, "  (changed: {})", changed.join(", "));
                }
                out.push('\n');
                for s in &e.structure {
                    let _ = writeln!(out, "              structure: {s}");
                }
            }
        }
        out
    }

    /// How many translations are stale.
    pub fn stale(&self) -> usize {
        (self.languages.iter())
            .flat_map(|(_, _, e)| e)
            .filter(|e| matches!(e.state, State::Stale(_)))
            .count()
    }
}

/// Where every translation of the site at `root` stands.
pub fn report(root: &Path) -> Result<Report, BuildError> {
    let site = Site::load(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })?;
    let structure = site.translation_structure()?;
    let content = &site.content;
    let mut report = Report::default();
    for (k, language) in site.languages.iter().enumerate().skip(1) {
        let code = &language.code;
        let entries = (files(content).into_iter().enumerate())
            .map(|(f, which)| {
                let t = site.translations.get(code, which);
                Entry {
                    file: t.map_or_else(
                        || content.source(which).path.clone(),
                        |t| t.source.path.clone(),
                    ),
                    state: staleness::state(content, which, t),
                    structure: structure[k - 1][f].clone(),
                }
            })
            .collect();
        report
            .languages
            .push((code.clone(), language.name.clone(), entries));
    }
    Ok(report)
}

/// The files of the content in [`Content::sources`] order.
fn files(content: &Content) -> Vec<Which> {
    std::iter::once(Which::Home)
        .chain((0..content.stages.len()).map(Which::Stage))
        .chain((0..content.pages.len()).map(Which::Page))
        .collect()
}

/// Records in each translation of `paths` (relative to the current folder or to
/// `root`) the hash of its source as it is now. Returns the files written.
pub fn accept(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, BuildError> {
    let site = Site::load(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })?;
    let mut done = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let rel = site_relative(root, path);
        let found = (site.translations.files.iter()).find(|t| t.source.path == rel);
        match found {
            Some(t) => match staleness::accept(root, &rel, &site.content, t) {
                Ok(()) => done.push(rel),
                Err(e) => errors.push(e),
            },
            None => errors.push(
                Diagnostic::new(&rel, "not a translation of this site")
                    .with_hint(format!(
                        "name a translation file such as {CONTENT_DIR}/intro.fr.md, beside its source, for a language of site.toml"
                    )),
            ),
        }
    }
    if errors.is_empty() {
        Ok(done)
    } else {
        Err(errors.into())
    }
}

/// `path` as relative to the site's root: as given when it is, else from the current
/// folder.
fn site_relative(root: &Path, path: &Path) -> PathBuf {
    if root.join(path).is_file() && !path.is_absolute() {
        return path.to_path_buf();
    }
    let absolute = std::env::current_dir().map_or(path.to_path_buf(), |d| d.join(path));
    let root = root.canonicalize().unwrap_or(root.to_path_buf());
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    absolute
        .strip_prefix(&root)
        .map_or(path.to_path_buf(), Path::to_path_buf)
}
