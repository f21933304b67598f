//! `content/`: walk it, split and read front matter, and build the roadmap model:
//! the home page, the stages in order with their durations, and standalone pages.

pub mod duration;
pub mod front_matter;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{BuildError, Diagnostic};
use duration::{DURATION_HINT, Duration};
use front_matter::{FrontMatter, FrontMatterError, Split};

pub const CONTENT_DIR: &str = "content";
pub const HOME_FILE: &str = "_index.md";
/// Highest stage number accepted: far beyond any roadmap, low enough to be a typo guard.
pub const MAX_STAGE: i64 = 1_000_000;

/// A Markdown file's body and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Path relative to the site root, e.g. `content/04-orm.md`: what errors name.
    pub path: PathBuf,
    pub body: String,
    /// Line of the file on which the body starts.
    pub body_line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    pub title: String,
    pub description: Option<String>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub number: u32,
    pub title: String,
    pub duration: Duration,
    pub icon: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub slug: String,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub title: String,
    pub description: Option<String>,
    pub slug: String,
    pub weight: i64,
    pub source: Source,
}

/// A file in `content/` that is not Markdown (an image, a PDF): copied as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, with `/` separators: also its URL path.
    pub rel: String,
    pub path: PathBuf,
}

/// Everything in `content/`, checked and ordered.
#[derive(Debug, Clone)]
pub struct Content {
    pub home: Home,
    /// Ordered by stage number.
    pub stages: Vec<Stage>,
    /// Ordered by weight, then title.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
}

/// Which of the content's files a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Home,
    Stage(usize),
    Page(usize),
}

impl Content {
    /// Reads the content file `path` (relative to the site root) again after a save.
    /// Its new source when only its Markdown body changed; `None` when anything else
    /// did: its front matter, or it is new, gone, now a draft, or unreadable.
    pub fn reread_body(&self, root: &Path, path: &Path, drafts: bool) -> Option<(Which, Source)> {
        let which = if self.home.source.path == path {
            Which::Home
        } else if let Some(i) = self.stages.iter().position(|s| s.source.path == path) {
            Which::Stage(i)
        } else {
            Which::Page(self.pages.iter().position(|p| p.source.path == path)?)
        };
        let rel = path.strip_prefix(CONTENT_DIR).ok()?;
        let source = match (which, read_entry(root, &root.join(path), rel, drafts).ok()?) {
            (Which::Home, Entry::Home(new)) => same_but_body(&self.home, new, |h| &mut h.source),
            (Which::Stage(i), Entry::Stage(new, _)) => {
                same_but_body(&self.stages[i], new, |s| &mut s.source)
            }
            (Which::Page(i), Entry::Page(new, _)) => {
                same_but_body(&self.pages[i], new, |p| &mut p.source)
            }
            _ => None,
        }?;
        Some((which, source))
    }
}

/// `new`'s source, if `new` equals `old` but for the Markdown body.
fn same_but_body<T: PartialEq + Clone>(
    old: &T,
    mut new: T,
    source: impl Fn(&mut T) -> &mut Source,
) -> Option<Source> {
    let mut old = old.clone();
    source(&mut old).body.clear();
    let body = std::mem::take(&mut source(&mut new).body);
    (new == old).then(|| Source {
        body,
        ..source(&mut new).clone()
    })
}

/// One parsed content file before the roadmap is assembled.
enum Entry {
    Home(Home),
    Stage(Stage, usize),
    Page(Page, usize),
    Draft,
}

/// Names editors and systems leave beside real files; never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains("___jb_")
        || name == "4913"
        || name == "Thumbs.db"
}

impl Content {
    /// Walks `root/content` and reads every file in it.
    pub fn load(root: &Path, drafts: bool) -> Result<Content, BuildError> {
        let dir = root.join(CONTENT_DIR);
        if !dir.is_dir() {
            return Err(Diagnostic::new(CONTENT_DIR, "there is no content/ folder")
                .with_hint("create content/_index.md for the home page and one .md file per stage")
                .into());
        }
        let mut errors = Vec::new();
        let mut markdown = Vec::new();
        let mut assets = Vec::new();
        let walker = WalkDir::new(&dir)
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
                    let d = if e.loop_ancestor().is_some() {
                        Diagnostic::new(path, "symbolic link loop in content/").with_hint(
                            "remove the link that points back at one of its parent folders",
                        )
                    } else {
                        Diagnostic::new(path, format!("could not read: {e}"))
                    };
                    errors.push(d);
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let rel_to_content = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            if entry.path().extension().is_some_and(|e| e == "md") {
                markdown.push((entry.path().to_path_buf(), rel_to_content.to_path_buf()));
            } else {
                assets.push(Asset {
                    rel: url_path(rel_to_content),
                    path: entry.path().to_path_buf(),
                });
            }
        }

        let parsed: Vec<Result<Entry, Diagnostic>> = markdown
            .par_iter()
            .map(|(path, rel)| read_entry(root, path, rel, drafts))
            .collect();

        let mut home = None;
        let mut stages = Vec::new();
        let mut pages = Vec::new();
        for result in parsed {
            match result {
                Ok(Entry::Home(h)) => home = Some(h),
                Ok(Entry::Stage(s, line)) => stages.push((s, line)),
                Ok(Entry::Page(p, line)) => pages.push((p, line)),
                Ok(Entry::Draft) => {}
                Err(d) => errors.push(d),
            }
        }
        let home = home.unwrap_or_else(|| {
            errors.push(
                Diagnostic::new(Path::new(CONTENT_DIR).join(HOME_FILE), "the home page is missing")
                    .with_hint("create content/_index.md with `title` and `description` front matter and an introduction"),
            );
            Home {
                title: String::new(),
                description: None,
                source: Source { path: PathBuf::new(), body: String::new(), body_line: 1 },
            }
        });

        stages.sort_by_key(|(s, _)| s.number);
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
        check_unique_slugs(&stages, &pages, &mut errors);
        pages.sort_by(|(a, _), (b, _)| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));

        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            return Err(errors.into());
        }
        Ok(Content {
            home,
            stages: stages.into_iter().map(|(s, _)| s).collect(),
            pages: pages.into_iter().map(|(p, _)| p).collect(),
            assets,
        })
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
        let reserved = ["stages", "404.html", "sitemap.xml", "robots.txt"];
        if reserved.contains(&page.slug.as_str()) {
            errors.push(
                Diagnostic::new(
                    &page.source.path,
                    format!(
                        "slug \"{}\" is reserved for roadsmith's own output",
                        page.slug
                    ),
                )
                .at_line(*line)
                .with_hint(hint),
            );
        } else if let Some(other) = seen.insert(page.slug.clone(), &page.source.path) {
            errors.push(
                Diagnostic::new(
                    &page.source.path,
                    format!("slug \"{}\" is also used by {}", page.slug, other.display()),
                )
                .at_line(*line)
                .with_hint(hint),
            );
        }
    }
}

/// Reads one Markdown file into a home page, stage or page.
fn read_entry(root: &Path, path: &Path, rel: &Path, drafts: bool) -> Result<Entry, Diagnostic> {
    let shown = relative(root, path);
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(&shown, "read the file", &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = crate::error::line_of(&String::from_utf8_lossy(&e.as_bytes()[..valid]), valid);
        Diagnostic::new(&shown, "the file is not valid UTF-8 text")
            .at_line(line)
            .with_hint("save the file with UTF-8 encoding")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let at = |e: FrontMatterError| {
        let d = Diagnostic::new(&shown, e.message).at_line(e.line);
        match e.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    };
    let split = front_matter::split(text).map_err(at)?;
    let fm = FrontMatter::parse(&split).map_err(at)?;
    let source = Source {
        path: shown.clone(),
        body: split.body.to_string(),
        body_line: split.body_line,
    };
    let fm_line = split.front_matter_line - 1;
    let title = |fm: &FrontMatter| match &fm.title {
        Some(t) if !t.trim().is_empty() => Ok(t.trim().to_string()),
        _ => Err(Diagnostic::new(&shown, "the front matter has no `title`")
            .at_line(fm_line)
            .with_hint("add a line like title = \"Models and the ORM\"")),
    };

    if rel == Path::new(HOME_FILE) {
        if let Some(key) = only_for_stages(&fm) {
            return Err(
                Diagnostic::new(&shown, format!("the home page cannot have `{key}`"))
                    .at_line(fm_line)
                    .with_hint("stages go in their own files; _index.md holds the introduction"),
            );
        }
        return Ok(Entry::Home(Home {
            title: title(&fm)?,
            description: fm.description.clone(),
            source,
        }));
    }
    if rel.file_name().is_some_and(|n| n == HOME_FILE) {
        return Err(
            Diagnostic::new(&shown, "only content/_index.md is a home page")
                .with_hint("rename this file, or move its text into content/_index.md"),
        );
    }
    if fm.draft && !drafts {
        return Ok(Entry::Draft);
    }
    let title = title(&fm)?;
    let slug = slug_of(&fm, &split, rel, &shown)?;

    let Some(stage) = &fm.stage else {
        if let Some(key) = only_for_stages(&fm) {
            return Err(Diagnostic::new(
                &shown,
                format!("`{key}` is only for stages, and this file has no `stage`"),
            )
            .at_line(fm_line)
            .with_hint("add `stage = N` to make it a stage, or remove the key to keep it a page"));
        }
        return Ok(Entry::Page(
            Page {
                title,
                description: fm.description,
                slug,
                weight: fm.weight.unwrap_or(0),
                source,
            },
            fm_line,
        ));
    };
    let stage_line = FrontMatter::line_of(&split, stage);
    let number = *stage.get_ref();
    if !(0..=MAX_STAGE).contains(&number) {
        return Err(
            Diagnostic::new(&shown, format!("stage number {number} is out of range"))
                .at_line(stage_line)
                .with_hint(format!("use a whole number from 0 to {MAX_STAGE}")),
        );
    }
    let Some(duration) = &fm.duration else {
        return Err(Diagnostic::new(&shown, "the stage has no `duration`")
            .at_line(stage_line)
            .with_hint(format!(
                "add a line like duration = \"1 week\"; {DURATION_HINT}"
            )));
    };
    let parsed = Duration::parse(duration.get_ref()).map_err(|e| {
        Diagnostic::new(&shown, e.0)
            .at_line(FrontMatter::line_of(&split, duration))
            .with_hint(DURATION_HINT)
    })?;
    if fm.weight.is_some() {
        return Err(Diagnostic::new(
            &shown,
            "`weight` orders pages; stages are ordered by `stage`",
        )
        .at_line(stage_line)
        .with_hint("remove `weight`"));
    }
    Ok(Entry::Stage(
        Stage {
            number: number as u32,
            title,
            duration: parsed,
            icon: fm.icon,
            summary: fm.summary,
            description: fm.description,
            slug,
            source,
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
    } else {
        None
    }
}

/// The front matter's `slug`, or the file stem less a leading `NN-`, made URL-safe.
fn slug_of(
    fm: &FrontMatter,
    split: &Split<'_>,
    rel: &Path,
    shown: &Path,
) -> Result<String, Diagnostic> {
    if let Some(slug) = &fm.slug {
        let s = slug.get_ref();
        if is_valid_slug(s) {
            return Ok(s.clone());
        }
        return Err(
            Diagnostic::new(shown, format!("slug \"{s}\" cannot be a URL segment"))
                .at_line(FrontMatter::line_of(split, slug))
                .with_hint("use letters, digits, `-` and `_`, like slug = \"orm-mastery\""),
        );
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
        return Err(Diagnostic::new(
            shown,
            format!("cannot make a URL from the file name \"{stem}\""),
        )
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

/// `path` relative to `root` for messages; unchanged when it is not below it.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A relative path as a URL path with `/` separators.
pub fn url_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Where each stage falls on the calendar when the roadmap is followed in order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekSpan {
    /// Weeks done before this stage starts, at the quickest and the slowest pace.
    pub start_min: f64,
    pub start_max: f64,
    pub end_min: f64,
    pub end_max: f64,
}

impl WeekSpan {
    /// 1-based week in which the stage starts at the earliest.
    pub fn start_week(&self) -> u64 {
        (self.start_min + 1e-9).floor() as u64 + 1
    }
    /// 1-based week in which the stage ends at the latest.
    pub fn end_week(&self) -> u64 {
        ((self.end_max - 1e-9).ceil() as u64).max(self.start_week())
    }
    /// "week 1", "weeks 6–10".
    pub fn label(&self) -> String {
        let (a, b) = (self.start_week(), self.end_week());
        if a == b {
            format!("week {a}")
        } else {
            format!("weeks {a}–{b}")
        }
    }
}

/// Cumulative week spans of `stages` in order; the last span's end is the total.
pub fn schedule(stages: &[Stage]) -> Vec<WeekSpan> {
    let (mut min, mut max) = (0.0, 0.0);
    stages
        .iter()
        .map(|s| {
            let span = WeekSpan {
                start_min: min,
                start_max: max,
                end_min: min + s.duration.weeks_min,
                end_max: max + s.duration.weeks_max,
            };
            (min, max) = (span.end_min, span.end_max);
            span
        })
        .collect()
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

    #[test]
    fn week_spans() {
        let stage = |w: &str| Stage {
            number: 0,
            title: String::new(),
            duration: Duration::parse(w).unwrap(),
            icon: None,
            summary: None,
            description: None,
            slug: String::new(),
            source: Source {
                path: PathBuf::new(),
                body: String::new(),
                body_line: 1,
            },
        };
        let spans = schedule(&[stage("1 week"), stage("1.5 weeks"), stage("2–3 weeks")]);
        assert_eq!(spans[0].label(), "week 1");
        assert_eq!(spans[1].label(), "weeks 2–3");
        assert_eq!(spans[2].label(), "weeks 3–6");
        assert_eq!((spans[2].end_min, spans[2].end_max), (4.5, 5.5));
    }
}
