//! `roadsmith init` and `roadsmith new stage`: the files an author starts from.
//!
//! Neither ever deletes anything. `init --force` only adds or overwrites its own files;
//! `new stage` never overwrites.

use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::duration::{DURATION_HINT, Duration};
use crate::content::front_matter::{self, FrontMatter};
use crate::content::{CONTENT_DIR, HOME_FILE, slugify};
use crate::error::{BuildError, Diagnostic};

/// The files `init` writes, relative to the new site's folder.
pub fn site_files() -> Vec<(&'static str, String)> {
    vec![
        (CONFIG_FILE, SITE_TOML.to_string()),
        ("content/_index.md", HOME_MD.to_string()),
        (
            "content/00-getting-started.md",
            stage_skeleton(
                "Getting Started",
                0,
                "1 week",
                "Set up your tools and learn the basics",
            ),
        ),
        (
            "content/01-first-project.md",
            stage_skeleton(
                "Your First Project",
                1,
                "2–3 weeks",
                "Build something small from start to finish",
            ),
        ),
    ]
}

const SITE_TOML: &str = r#"# roadsmith site settings: see docs/authoring.md
title = "My Learning Roadmap"
description = "Where to start, what to learn next, and how long each step takes."
# Where the site is published; `roadsmith build --base-url URL` overrides it.
base_url = "https://example.com/"
language = "en"

[plan]
# The weekly study time the durations assume: readers' dated plans scale from it.
hours_per_week = 10
"#;

const HOME_MD: &str = r#"+++
title = "My Learning Roadmap"
description = "Where to start, what to learn next, and how long each step takes."
+++
Welcome! Follow the stages in order: each one lists topics, best practices, learning
resources and exercises. Start with [Getting Started](00-getting-started.md).
"#;

/// Whether `init` may write into a folder that already holds files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitInto {
    /// Only a new or empty folder.
    EmptyFolder,
    /// Any folder (`--force`): nothing is deleted, roadsmith's own files are overwritten.
    AnyFolder,
}

/// Creates a new site in `dir`. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, into: InitInto) -> Result<Vec<PathBuf>, BuildError> {
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::new(dir, "is a file, not a folder")
            .with_hint("name a new or empty folder: roadsmith init my-roadmap")
            .into());
    }
    let non_empty = std::fs::read_dir(dir)
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if non_empty && into == InitInto::EmptyFolder {
        return Err(Diagnostic::new(dir, "the folder is not empty")
            .with_hint("choose a new or empty folder, or pass --force to add roadsmith's files (nothing is deleted; its own files are overwritten)")
            .into());
    }
    let mut written = Vec::new();
    for (rel, text) in site_files() {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::io(parent, "create the folder", &e))?;
        }
        std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, "write", &e))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// A stage file's text: front matter and the headings every stage has.
pub fn stage_skeleton(title: &str, number: u32, duration: &str, summary: &str) -> String {
    format!(
        r#"+++
title = {title}
stage = {number}
duration = {duration}
summary = {summary}
+++
One paragraph: what this stage is for and what you can do once it is done.

## Topics

- The first thing to learn

## Best practices

- A habit worth keeping from the start

## Learning

- A book, a course or the official documentation

## Exercises

- [ ] A small exercise that uses this stage's topics
"#,
        title = toml_string(title),
        duration = toml_string(duration),
        summary = toml_string(summary),
    )
}

/// `text` as a TOML basic string, quotes included.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Writes `content/NN-slug.md` for a new stage numbered after the highest existing one.
/// Returns the path written, relative to `root`.
pub fn new_stage(root: &Path, title: &str, duration: &str) -> Result<PathBuf, BuildError> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Diagnostic::new(CONTENT_DIR, "there is no content/ folder")
            .with_hint(format!(
                "run it in a roadmap's folder or pass --root DIR; `roadsmith init` creates a new one (looked in {})",
                root.display()
            ))
            .into());
    }
    let title = title.trim();
    if title.is_empty() {
        return Err(Diagnostic::new("title", "the stage needs a title")
            .with_hint("roadsmith new stage \"Models and the ORM\"")
            .into());
    }
    Duration::parse(duration)
        .map_err(|e| Diagnostic::new("--duration", e.0).with_hint(DURATION_HINT))?;
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(
            Diagnostic::new("title", format!("cannot make a file name from \"{title}\""))
                .with_hint("use a title with letters or digits")
                .into(),
        );
    }
    let number = highest_stage(&content).map_or(0, |n| n.saturating_add(1));
    let rel = PathBuf::from(CONTENT_DIR).join(format!("{number:02}-{slug}.md"));
    let path = root.join(&rel);
    let text = stage_skeleton(
        title,
        number,
        duration,
        "One line: what this stage is about",
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            let d = Diagnostic::io(&rel, "create the stage", &e);
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                d.with_hint(
                    "the file exists and is left as it is; pick another title or remove the file",
                )
            } else {
                d
            }
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Diagnostic::io(&rel, "write the stage", &e))?;
    Ok(rel)
}

/// The highest `stage = N` in content/, reading only front matter. Files that cannot
/// be read are skipped: `new stage` is for adding, `check` and `build` report them.
fn highest_stage(content: &Path) -> Option<u32> {
    walkdir::WalkDir::new(content)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| e.file_name() != HOME_FILE)
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let split = front_matter::split(text).ok()?;
            let stage = FrontMatter::parse(&split).ok()?.stage?;
            u32::try_from(*stage.get_ref()).ok()
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeleton_front_matter_parses() {
        let text = stage_skeleton("Say \"hi\" & go", 3, "1 week", "s");
        let split = front_matter::split(&text).unwrap();
        let fm = FrontMatter::parse(&split).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Say \"hi\" & go"));
        assert_eq!(*fm.stage.unwrap().get_ref(), 3);
    }
}
