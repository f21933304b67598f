//! Reading `content/` from disk: walk it, split and check each file's front matter,
//! and order the stages and pages. Every mistake found is reported, not just the first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::duration::{DURATION_HINT, Duration};
use super::front_matter::{self, FrontMatter, FrontMatterError, Split};
use super::graph::{self, Branching, Elsewhere};
use super::{Asset, CONTENT_DIR, Content, Drafts, HOME_FILE, Home, MAX_STAGE, Page, Source, Stage};
use crate::error::{BuildError, Diagnostic};
use crate::paths::{is_ignored_name, relative};

/// One parsed content file, before the roadmap is assembled. Stages and pages carry
/// the line errors about them point at.
pub(super) enum Entry {
    Home(Home),
    Stage(Stage, usize),
    Page(Page, usize),
    /// A draft left out; a stage's with its slug, which `requires` may name.
    Draft(Option<String>),
}

/// Walks `root/content` and reads every file in it.
pub(super) fn content(
    root: &Path,
    drafts: Drafts,
    codes: &[String],
) -> Result<Content, BuildError> {
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        return Err(Diagnostic::new(CONTENT_DIR, "there is no content/ folder")
            .with_hint("create content/_index.md for the home page and one .md file per stage")
            .into());
    }
    let mut errors = Vec::new();
    let (mut markdown, assets) = walk(root, &dir, &mut errors);
    let translation_files = super::translation::take_translations(root, &mut markdown, codes);
    let parsed: Vec<Result<Entry, Diagnostic>> = markdown
        .par_iter()
        .map(|(path, rel)| entry(root, path, rel, drafts))
        .collect();

    let mut home = None;
    let mut stages = Vec::new();
    let mut pages = Vec::new();
    let mut drafts = std::collections::HashSet::new();
    for result in parsed {
        match result {
            Ok(Entry::Home(h)) => home = Some(h),
            Ok(Entry::Stage(s, line)) => stages.push((s, line)),
            Ok(Entry::Page(p, line)) => pages.push((p, line)),
            Ok(Entry::Draft(slug)) => drafts.extend(slug),
            Err(d) => errors.push(d),
        }
    }
    if home.is_none() {
        errors.push(
            Diagnostic::new(Path::new(CONTENT_DIR).join(HOME_FILE), "the home page is missing")
                .with_hint("create content/_index.md with `title` and `description` front matter and an introduction"),
        );
    }
    stages.sort_by_key(|(s, _)| s.number);
    check_unique_numbers(&stages, &mut errors);
    check_unique_slugs(&stages, &pages, &mut errors);
    pages.sort_by(|(a, _), (b, _)| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));
    let elsewhere = Elsewhere {
        drafts,
        pages: pages
            .iter()
            .map(|(p, _)| (p.slug.as_str(), p.source.path.as_path()))
            .collect(),
    };
    let graph = graph::resolve(&stages, &elsewhere, &mut errors);

    match home {
        Some(home) if errors.is_empty() => Ok(Content {
            home,
            stages: stages.into_iter().map(|(s, _)| s).collect(),
            pages: pages.into_iter().map(|(p, _)| p).collect(),
            assets,
            graph,
            translation_files,
        }),
        _ => {
            errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            Err(errors.into())
        }
    }
}

/// The Markdown files below `dir` (each with its path relative to `dir`) and the other
/// files, which are copied as assets. Unreadable entries become errors.
fn walk(
    root: &Path,
    dir: &Path,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<(PathBuf, PathBuf)>, Vec<Asset>) {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.into());
                errors.push(if e.loop_ancestor().is_some() {
                    Diagnostic::new(path, "symbolic link loop in content/")
                        .with_hint("remove the link that points back at one of its parent folders")
                } else {
                    Diagnostic::new(path, format!("could not read: {e}"))
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if entry.path().extension().is_some_and(|e| e == "md") {
            markdown.push((entry.path().to_path_buf(), rel.to_path_buf()));
        } else {
            assets.push(Asset {
                rel: crate::url::path_of_file(rel),
                path: entry.path().to_path_buf(),
            });
        }
    }
    (markdown, assets)
}

/// Stages are shown in `stage` order: two may not share a number. `stages` is sorted.
fn check_unique_numbers(stages: &[(Stage, usize)], errors: &mut Vec<Diagnostic>) {
    for pair in stages.windows(2) {
        let ((a, _), (b, line)) = (&pair[0], &pair[1]);
        if a.number == b.number {
            errors.push(
                Diagnostic::new(
                    &b.source.path,
                    format!(
                        "stage {} is used twice: in {} and in {}",
                        b.number,
                        a.source.path.display(),
                        b.source.path.display()
                    ),
                )
                .at_line(*line)
                .with_hint(
                    "give each stage its own `stage` number; stages are shown in that order",
                ),
            );
        }
    }
}

/// Two stages or two pages may not share a URL.
fn check_unique_slugs(
    stages: &[(Stage, usize)],
    pages: &[(Page, usize)],
    errors: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, &Path> = HashMap::new();
    let hint = "set a different `slug` in the front matter of one of them";
    for (stage, line) in stages {
        if let Some(other) = seen.insert(format!("stages/{}", stage.slug), &stage.source.path) {
            errors.push(
                Diagnostic::new(
                    &stage.source.path,
                    format!(
                        "slug \"{}\" is also used by {}",
                        stage.slug,
                        other.display()
                    ),
                )
                .at_line(*line)
                .with_hint(hint),
            );
        }
    }
    for (page, line) in pages {
        let reserved = [
            "stages",
            "404.html",
            "sitemap.xml",
            "robots.txt",
            "sw.js",
            "manifest.webmanifest",
            "icon-192.png",
            "icon-512.png",
        ];
        let message = if reserved.contains(&page.slug.as_str()) {
            format!(
                "slug \"{}\" is reserved for roadsmith's own output",
                page.slug
            )
        } else if let Some(other) = seen.insert(page.slug.clone(), &page.source.path) {
            format!("slug \"{}\" is also used by {}", page.slug, other.display())
        } else {
            continue;
        };
        errors.push(
            Diagnostic::new(&page.source.path, message)
                .at_line(*line)
                .with_hint(hint),
        );
    }
}

/// One Markdown file's text, its front matter split off and parsed.
struct Parsed<'t> {
    /// How errors name the file: its path relative to the site root.
    shown: PathBuf,
    split: Split<'t>,
    front_matter: FrontMatter,
}

impl Parsed<'_> {
    fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.shown, message)
    }

    /// The line of the front matter's opening `+++`.
    fn front_matter_line(&self) -> usize {
        self.split.front_matter_line - 1
    }

    fn source(&self) -> Source {
        let split = &self.split;
        Source::new(
            self.shown.clone(),
            split.front_matter,
            split.body.to_string(),
            split.body_line,
        )
    }

    fn title(&self) -> Result<String, Diagnostic> {
        match &self.front_matter.title {
            Some(t) if !t.trim().is_empty() => Ok(t.trim().to_string()),
            _ => Err(self
                .error("the front matter has no `title`")
                .at_line(self.front_matter_line())
                .with_hint("add a line like title = \"Models and the ORM\"")),
        }
    }
}

/// Reads one Markdown file (`rel`: its path relative to `content/`) into a home page,
/// stage or page.
pub(super) fn entry(
    root: &Path,
    path: &Path,
    rel: &Path,
    drafts: Drafts,
) -> Result<Entry, Diagnostic> {
    let shown = relative(root, path);
    let text = front_matter::read_text(path, &shown)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let at = |e: FrontMatterError| {
        let d = Diagnostic::new(&shown, e.message).at_line(e.line);
        match e.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    };
    let split = front_matter::split(text).map_err(at)?;
    let front_matter = FrontMatter::parse(&split).map_err(at)?;
    let file = Parsed {
        shown: shown.clone(),
        split,
        front_matter,
    };
    if rel == Path::new(HOME_FILE) {
        return home(&file);
    }
    if rel.file_name().is_some_and(|n| n == HOME_FILE) {
        return Err(file
            .error("only content/_index.md is a home page")
            .with_hint("rename this file, or move its text into content/_index.md"));
    }
    if file.front_matter.draft && drafts == Drafts::Skip {
        let stage = file.front_matter.stage.is_some();
        return Ok(Entry::Draft(slug_of(&file, rel).ok().filter(|_| stage)));
    }
    let title = file.title()?;
    let slug = slug_of(&file, rel)?;
    stage(&file, title, slug)
}

fn home(file: &Parsed<'_>) -> Result<Entry, Diagnostic> {
    if let Some(key) = only_for_stages(&file.front_matter) {
        return Err(file
            .error(format!("the home page cannot have `{key}`"))
            .at_line(file.front_matter_line())
            .with_hint("stages go in their own files; _index.md holds the introduction"));
    }
    Ok(Entry::Home(Home {
        title: file.title()?,
        description: file.front_matter.description.clone(),
        source: file.source(),
    }))
}

fn page(file: &Parsed<'_>, title: String, slug: String) -> Result<Entry, Diagnostic> {
    if let Some(key) = only_for_stages(&file.front_matter) {
        return Err(file
            .error(format!(
                "`{key}` is only for stages, and this file has no `stage`"
            ))
            .at_line(file.front_matter_line())
            .with_hint("add `stage = N` to make it a stage, or remove the key to keep it a page"));
    }
    let fm = &file.front_matter;
    Ok(Entry::Page(
        Page {
            title,
            description: fm.description.clone(),
            slug,
            weight: fm.weight.unwrap_or(0),
            source: file.source(),
        },
        file.front_matter_line(),
    ))
}

/// A file with `stage = N`: its number, duration and the keys only stages have; a
/// standalone page without one.
fn stage(file: &Parsed<'_>, title: String, slug: String) -> Result<Entry, Diagnostic> {
    let fm = &file.front_matter;
    let Some(stage) = &fm.stage else {
        return page(file, title, slug);
    };
    let stage_line = FrontMatter::line_of(&file.split, stage);
    let number = *stage.get_ref();
    if !(0..=MAX_STAGE).contains(&number) {
        return Err(file
            .error(format!("stage number {number} is out of range"))
            .at_line(stage_line)
            .with_hint(format!("use a whole number from 0 to {MAX_STAGE}")));
    }
    let Some(duration) = &fm.duration else {
        return Err(file
            .error("the stage has no `duration`")
            .at_line(stage_line)
            .with_hint(format!(
                "add a line like duration = \"1 week\"; {DURATION_HINT}"
            )));
    };
    let parsed = Duration::parse(duration.get_ref()).map_err(|e| {
        file.error(e.0)
            .at_line(FrontMatter::line_of(&file.split, duration))
            .with_hint(DURATION_HINT)
    })?;
    if fm.weight.is_some() {
        return Err(file
            .error("`weight` orders pages; stages are ordered by `stage`")
            .at_line(stage_line)
            .with_hint("remove `weight`"));
    }
    let branching = Branching::read(fm, &file.split, &file.shown)?;
    Ok(Entry::Stage(
        Stage {
            number: number as u32,
            title,
            duration: parsed,
            icon: fm.icon.clone(),
            summary: fm.summary.clone(),
            description: fm.description.clone(),
            slug,
            branching,
            source: file.source(),
        },
        stage_line,
    ))
}

fn only_for_stages(fm: &FrontMatter) -> Option<&'static str> {
    if fm.duration.is_some() {
        Some("duration")
    } else if fm.icon.is_some() {
        Some("icon")
    } else if fm.summary.is_some() {
        Some("summary")
    } else if fm.requires.is_some() {
        Some("requires")
    } else if fm.optional.is_some() {
        Some("optional")
    } else if fm.track.is_some() {
        Some("track")
    } else {
        None
    }
}

/// The front matter's `slug`, or the file stem less a leading `NN-`, made URL-safe.
fn slug_of(file: &Parsed<'_>, rel: &Path) -> Result<String, Diagnostic> {
    if let Some(slug) = &file.front_matter.slug {
        let s = slug.get_ref();
        if is_valid_slug(s) {
            return Ok(s.clone());
        }
        return Err(file
            .error(format!("slug \"{s}\" cannot be a URL segment"))
            .at_line(FrontMatter::line_of(&file.split, slug))
            .with_hint("use letters, digits, `-` and `_`, like slug = \"orm-mastery\""));
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let trimmed = match stem.split_once('-') {
        Some((num, rest))
            if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty() =>
        {
            rest
        }
        _ => &stem,
    };
    let slug = slugify(trimmed);
    if slug.is_empty() {
        return Err(file
            .error(format!("cannot make a URL from the file name \"{stem}\""))
            .with_hint("rename the file, or set `slug = \"...\"` in its front matter"));
    }
    Ok(slug)
}

/// Lowercase letters and digits, other runs turned into one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A slug is one URL path segment: no `/`, no `..`, nothing to escape.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && !s.starts_with(['.', '-'])
        && !s.contains("..")
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Routing & Views (FBV/CBV)"),
            "routing-views-fbv-cbv"
        );
        assert!(is_valid_slug("orm-mastery"));
        for bad in ["", "a/b", "..", "a..b", ".hidden", "a b", "a%2f"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }
}
