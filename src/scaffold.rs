//! `roadsmith init` and `roadsmith new stage`: the files an author starts from, and
//! the GitHub Pages workflow that publishes them.
//!
//! Neither ever deletes anything. `init --force` only adds or overwrites its own files,
//! never an author's `.gitignore` or workflow; `new stage` never overwrites.

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
# Where the site is published; `roadsmith build --base-url URL` overrides it. The GitHub
# Pages workflow (.github/workflows/pages.yml) passes the Pages URL instead, and
# `roadsmith serve` its own address.
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

/// Where `init` writes the GitHub Pages workflow.
pub const WORKFLOW_FILE: &str = ".github/workflows/pages.yml";

/// The workflow `init` writes, as kept in the repository: `__REPOSITORY__` and
/// `__VERSION__` stand for roadsmith's GitHub repository and this version.
pub const WORKFLOW_TEMPLATE: &str = include_str!("scaffold/pages.yml");

/// roadsmith's GitHub repository, `owner/name`: Cargo.toml's `repository`, the one
/// place that names it.
pub fn github_repository() -> &'static str {
    env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/")
}

/// The Pages workflow for a new roadmap: roadsmith's action at this very version,
/// installing this version's release.
pub fn workflow() -> String {
    WORKFLOW_TEMPLATE
        .replace("__REPOSITORY__", github_repository())
        .replace("__VERSION__", env!("CARGO_PKG_VERSION"))
}

/// `.gitignore`: what a build writes, which the workflow builds anew on every push, and
/// what `check --external` remembers on this machine (`.roadsmith/links.json`).
const GITIGNORE_LINES: [&str; 3] = ["/public/", "/.public.roadsmith-*", "/.roadsmith/"];

fn gitignore() -> String {
    let mut text = String::from(
        "# Written by `roadsmith build` (the site, and the folders it swaps in through);\n\
         # the Pages workflow builds it anew on every push. .roadsmith/ holds what\n\
         # `roadsmith check --external` remembers between runs.\n",
    );
    for line in GITIGNORE_LINES {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Whether `init` writes the GitHub Pages workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workflow {
    Write,
    /// `--no-workflow`
    Skip,
}

/// What `init` did with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written anew (or, with `--force`, over roadsmith's own file).
    Created(PathBuf),
    /// An existing `.gitignore` that now also ignores the output folder.
    Appended(PathBuf),
    /// An existing file of the author's, left as it was.
    Kept(PathBuf),
}

/// Whether `init` may write into a folder that already holds files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitInto {
    /// Only a new or empty folder.
    EmptyFolder,
    /// Any folder (`--force`): nothing is deleted, roadsmith's own files are overwritten.
    AnyFolder,
}

/// Creates a new site in `dir`, with a `.gitignore` and (unless skipped) the GitHub
/// Pages workflow. Returns what it did with each file, relative to `dir`.
pub fn init(dir: &Path, into: InitInto, workflow: Workflow) -> Result<Vec<Written>, BuildError> {
    check_folder(dir, into, true)?;
    let mut written = Vec::new();
    for (rel, text) in site_files() {
        write_file(dir, rel, &text)?;
        written.push(Written::Created(PathBuf::from(rel)));
    }
    written.extend(write_beside(dir, workflow)?);
    Ok(written)
}

/// Refuses a file, and a folder that holds files unless `into` allows it: the rule
/// `init` and `import` share (`--force` is offered only by a command that has it).
pub fn check_folder(dir: &Path, into: InitInto, offer_force: bool) -> Result<(), BuildError> {
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::new(dir, "is a file, not a folder")
            .with_hint("name a new or empty folder: roadsmith init my-roadmap")
            .into());
    }
    let non_empty = std::fs::read_dir(dir)
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if non_empty && into == InitInto::EmptyFolder {
        let force = if offer_force {
            ", or pass --force to add roadsmith's files (nothing is deleted; its own files are overwritten)"
        } else {
            ""
        };
        return Err(Diagnostic::new(dir, "the folder is not empty")
            .with_hint(format!("choose a new or empty folder{force}"))
            .into());
    }
    Ok(())
}

/// What `init` writes beside the site's own files: the `.gitignore` and (unless
/// skipped) the GitHub Pages workflow, never over an author's own.
pub fn write_beside(dir: &Path, workflow: Workflow) -> Result<Vec<Written>, BuildError> {
    let mut written = vec![add_gitignore(dir)?];
    if workflow == Workflow::Write {
        // An author's own workflow of the same name is theirs: never overwritten.
        if dir.join(WORKFLOW_FILE).exists() {
            written.push(Written::Kept(PathBuf::from(WORKFLOW_FILE)));
        } else {
            write_file(dir, WORKFLOW_FILE, &self::workflow())?;
            written.push(Written::Created(PathBuf::from(WORKFLOW_FILE)));
        }
    }
    Ok(written)
}

/// Writes `rel` under `dir`, creating its folders.
pub fn write_file(dir: &Path, rel: &str, text: &str) -> Result<(), Diagnostic> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(parent, "create the folder", &e))?;
    }
    std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, "write", &e))
}

/// Writes `.gitignore`, or adds the lines it lacks to the author's own.
fn add_gitignore(dir: &Path) -> Result<Written, Diagnostic> {
    let rel = PathBuf::from(".gitignore");
    let path = dir.join(&rel);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write_file(dir, ".gitignore", &gitignore())?;
            return Ok(Written::Created(rel));
        }
        Err(e) => return Err(Diagnostic::io(&path, "read", &e)),
    };
    let missing: Vec<&str> = GITIGNORE_LINES
        .into_iter()
        .filter(|line| !existing.lines().any(|l| l.trim() == *line))
        .collect();
    if missing.is_empty() {
        return Ok(Written::Kept(rel));
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# roadsmith's build output and link cache\n");
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, "write", &e))?;
    Ok(Written::Appended(rel))
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
