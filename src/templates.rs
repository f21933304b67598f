//! tera: loading a theme's templates (and the site's overrides), and the view structs
//! that are all templates ever see of the model.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};
use walkdir::WalkDir;

use crate::content::{Content, Heading, Page, Schedule, Stage, WeekSpan};
use crate::error::{BuildError, Diagnostic};
use crate::paths::{is_ignored_name, relative};
use crate::theme::THEMES_DIR;
use crate::url::{page_path, path_of_file, stage_path};

/// A site's own templates, overriding the theme's by file name.
pub const SITE_TEMPLATES_DIR: &str = "templates";

/// The templates every theme must provide.
pub const REQUIRED: [&str; 4] = ["index.html", "stage.html", "page.html", "404.html"];

pub struct Templates {
    tera: Tera,
    /// Template name -> file it was read from, for error messages.
    files: HashMap<String, PathBuf>,
}

impl Templates {
    /// Loads `themes/<theme>/templates/`, then the site's `templates/` over it.
    pub fn load(root: &Path, theme: &str) -> Result<Templates, BuildError> {
        let theme_dir = root.join(THEMES_DIR).join(theme).join("templates");
        let embedded = crate::theme::use_embedded(root, theme);
        if !embedded && !theme_dir.is_dir() {
            return Err(Diagnostic::new(
                crate::config::CONFIG_FILE,
                format!(
                    "theme \"{theme}\" not found: there is no {}",
                    relative(root, &theme_dir).display()
                ),
            )
            .with_hint(
                "set `theme` in site.toml to a folder of themes/, or remove it to use \"default\"",
            )
            .into());
        }
        let mut sources = Sources::new();
        let mut errors = Vec::new();
        if embedded {
            read_embedded(&mut sources, &mut errors);
        }
        for dir in [theme_dir, root.join(SITE_TEMPLATES_DIR)] {
            read_folder(root, &dir, &mut sources, &mut errors);
        }
        for name in REQUIRED.iter().filter(|n| !sources.contains_key(**n)) {
            let file = Path::new(THEMES_DIR)
                .join(theme)
                .join("templates")
                .join(name);
            errors.push(
                Diagnostic::new(file, format!("the theme has no {name}")).with_hint(format!(
                    "add {name} to the theme or to the site's templates/ folder"
                )),
            );
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let files = sources
            .iter()
            .map(|(n, (p, _))| (n.clone(), p.clone()))
            .collect();
        let mut tera = Tera::new();
        let result = tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        );
        let templates = Templates { tera, files };
        result.map_err(|e| templates.diagnostic(&e))?;
        Ok(templates)
    }

    /// The theme (or the site) provides this optional template.
    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| self.diagnostic(&e).with_template(name, &self.files))
    }

    /// A tera error as a diagnostic on the template file and line it names.
    fn diagnostic(&self, e: &tera::Error) -> Diagnostic {
        let report = match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let mut message = match report {
            Some(r) => r.message().to_string(),
            None => e.to_string(),
        };
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        let file = report
            .and_then(|r| self.files.get(r.filename()))
            .cloned()
            .unwrap_or_else(|| PathBuf::from(THEMES_DIR));
        let d = Diagnostic::new(file, message)
            .with_hint("fix the template; tera's syntax is described at keats.github.io/tera");
        match report {
            Some(r) => d.at_line(r.span().start_line),
            None => d,
        }
    }
}

/// Template name -> (the file it was read from, as errors name it; its text).
type Sources = HashMap<String, (PathBuf, String)>;

/// The embedded default theme's templates.
fn read_embedded(sources: &mut Sources, errors: &mut Vec<Diagnostic>) {
    for file in crate::theme::embedded_files("templates") {
        let shown = PathBuf::from(crate::theme::EMBEDDED_LABEL).join(&file.path);
        match std::str::from_utf8(file.contents) {
            Ok(text) => {
                sources.insert(file.path, (shown, text.to_string()));
            }
            Err(_) => errors.push(Diagnostic::new(shown, "template is not UTF-8")),
        }
    }
}

/// The templates below `dir`, named by their path in it, over those already read.
fn read_folder(root: &Path, dir: &Path, sources: &mut Sources, errors: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(e) if e.file_type().is_file() => e,
            Ok(_) => continue,
            Err(e) => {
                errors.push(Diagnostic::new(
                    relative(root, dir),
                    format!("could not read templates: {e}"),
                ));
                continue;
            }
        };
        if is_ignored_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let name = path_of_file(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        let shown = relative(root, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                sources.insert(name, (shown, text));
            }
            Err(e) => errors.push(Diagnostic::io(&shown, "read the template", &e)),
        }
    }
}

trait WithTemplate {
    fn with_template(self, name: &str, files: &HashMap<String, PathBuf>) -> Self;
}

impl WithTemplate for Diagnostic {
    /// Errors without a template position still name the template being rendered.
    fn with_template(mut self, name: &str, files: &HashMap<String, PathBuf>) -> Self {
        if self.line.is_none()
            && let Some(file) = files.get(name)
        {
            self.file = file.clone();
        }
        self
    }
}

/// `site` in every template.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub author: Option<&'a str>,
    pub repo_url: Option<&'a str>,
    pub base_url: &'a str,
    pub base_path: &'a str,
    /// `[plan]` of site.toml: `hours_per_week`.
    pub plan: &'a crate::config::PlanConfig,
}

/// A stage as templates see it; `content`, `toc`, `requires` and `leads_to` are filled
/// only for its own page (and the print page), so the list of every stage that every
/// page sees stays small.
#[derive(Debug, Clone, Serialize)]
pub struct StageView<'a> {
    pub number: u32,
    pub title: &'a str,
    pub icon: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub description: Option<&'a str>,
    pub slug: &'a str,
    pub url: String,
    pub permalink: String,
    pub duration: &'a str,
    pub weeks_min: f64,
    pub weeks_max: f64,
    pub start_week: u64,
    pub end_week: u64,
    pub weeks_label: String,
    /// An elective stage, not counted in the total.
    pub optional: bool,
    /// Its lane on the timeline, or null.
    pub track: Option<&'a str>,
    /// The stages to finish first ("Before this"), and those that require this one
    /// ("Leads to"), in stage order: see [`StageView::with_links`].
    pub requires: Vec<StageLink<'a>>,
    pub leads_to: Vec<StageLink<'a>>,
    pub content: &'a str,
    pub toc: &'a [Heading],
}

/// Another stage, as a stage's `requires` and `leads_to` name it.
#[derive(Debug, Clone, Serialize)]
pub struct StageLink<'a> {
    pub number: u32,
    pub title: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub optional: bool,
}

impl<'a> StageLink<'a> {
    fn new(stage: &'a Stage, base_path: &str) -> Self {
        StageLink {
            number: stage.number,
            title: &stage.title,
            slug: &stage.slug,
            url: format!("{base_path}{}", stage_path(&stage.slug)),
            optional: stage.branching.optional,
        }
    }
}

impl<'a> StageView<'a> {
    /// The view of `content.stages[i]`, which the schedule puts at `span`.
    pub fn new(
        content: &'a Content,
        i: usize,
        span: &WeekSpan,
        base_url: &str,
        base_path: &str,
    ) -> Self {
        let stage = &content.stages[i];
        StageView {
            number: stage.number,
            title: &stage.title,
            icon: stage.icon.as_deref(),
            summary: stage.summary.as_deref(),
            description: stage.description.as_deref(),
            slug: &stage.slug,
            url: format!("{base_path}{}", stage_path(&stage.slug)),
            permalink: format!("{base_url}{}", stage_path(&stage.slug)),
            duration: &stage.duration.text,
            weeks_min: stage.duration.weeks_min,
            weeks_max: stage.duration.weeks_max,
            start_week: span.start_week(),
            end_week: span.end_week(),
            weeks_label: span.label(),
            optional: stage.branching.optional,
            track: stage.branching.track.as_deref(),
            requires: Vec::new(),
            leads_to: Vec::new(),
            content: "",
            toc: &[],
        }
    }

    /// This view of `content.stages[i]` with its `requires` and `leads_to`.
    pub fn with_links(mut self, content: &'a Content, i: usize, base_path: &str) -> Self {
        let links = |list: &[usize]| -> Vec<StageLink<'a>> {
            list.iter()
                .map(|&j| StageLink::new(&content.stages[j], base_path))
                .collect()
        };
        self.requires = links(&content.graph.requires[i]);
        self.leads_to = links(&content.graph.leads_to[i]);
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub slug: &'a str,
    pub url: String,
    pub permalink: String,
    pub content: &'a str,
}

impl<'a> PageView<'a> {
    pub fn new(page: &'a Page, base_url: &str, base_path: &str) -> Self {
        PageView {
            title: &page.title,
            description: page.description.as_deref(),
            slug: &page.slug,
            url: format!("{base_path}{}", page_path(&page.slug)),
            permalink: format!("{base_url}{}", page_path(&page.slug)),
            content: "",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a str,
}

/// The whole roadmap's length: the longest path through its required stages.
#[derive(Debug, Clone, Serialize)]
pub struct TotalView {
    pub weeks_min: f64,
    pub weeks_max: f64,
    pub label: String,
    pub stage_count: usize,
    /// How many of the stages are optional.
    pub optional_count: usize,
}

impl TotalView {
    pub fn new(content: &Content, schedule: &Schedule) -> Self {
        TotalView {
            weeks_min: schedule.weeks_min,
            weeks_max: schedule.weeks_max,
            label: schedule.label(),
            stage_count: content.stages.len(),
            optional_count: content
                .stages
                .iter()
                .filter(|s| s.branching.optional)
                .count(),
        }
    }
}

/// One page of the print version (`print_part` in `print.html`; `print_parts` lists
/// them all): a run of stages in order.
#[derive(Debug, Clone, Serialize)]
pub struct PrintPart {
    /// 1-based.
    pub number: usize,
    /// Path from the site root including base_path: `/repo/print/`, `/repo/print/2/`.
    pub url: String,
    /// The `stage` numbers of its first and last stage (absent without stages).
    pub first_stage: Option<u32>,
    pub last_stage: Option<u32>,
    #[serde(skip)]
    stages: std::ops::Range<usize>,
}

impl PrintPart {
    /// The parts for stages numbered `numbers` (in order), `per_part` to a part;
    /// always at least one part, even without stages.
    pub fn all(numbers: &[u32], per_part: usize, base_path: &str) -> Vec<PrintPart> {
        let count = numbers.len().div_ceil(per_part.max(1)).max(1);
        (0..count)
            .map(|k| {
                let stages = k * per_part..((k + 1) * per_part).min(numbers.len());
                PrintPart {
                    number: k + 1,
                    url: format!("{base_path}{}", print_path(k + 1)),
                    first_stage: numbers.get(stages.start).copied(),
                    last_stage: stages
                        .end
                        .checked_sub(1)
                        .and_then(|i| numbers.get(i))
                        .copied(),
                    stages,
                }
            })
            .collect()
    }

    /// The indexes of its stages.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.stages.clone()
    }

    /// Its file below the output folder.
    pub fn rel(&self) -> String {
        format!("{}index.html", print_path(self.number))
    }
}

/// `print/` for the first part, `print/2/` for the second...
fn print_path(number: usize) -> String {
    match number {
        1 => "print/".to_string(),
        n => format!("print/{n}/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_parts_cover_every_stage_once() {
        let parts = PrintPart::all(&[0, 1, 2, 3, 4], 2, "/r/");
        let ranges: Vec<_> = parts.iter().map(PrintPart::range).collect();
        assert_eq!(ranges, [0..2, 2..4, 4..5]);
        assert_eq!(parts[0].url, "/r/print/");
        assert_eq!(parts[2].rel(), "print/3/index.html");
        assert_eq!(
            (parts[1].first_stage, parts[1].last_stage),
            (Some(2), Some(3))
        );
        let none = PrintPart::all(&[], 2, "/");
        assert_eq!(none.len(), 1);
        assert_eq!((none[0].range(), none[0].first_stage), (0..0, None));
    }
}
