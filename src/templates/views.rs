//! The view structs: all templates ever see of the model, borrowed from it. Each is
//! serialized for tera as it is, and digested the same way (see [`crate::digest`]), so
//! what a page shows and what `serve` compares are one value.

use serde::{Serialize, Serializer};

use crate::content::{Content, Heading, Page, Schedule, Stage, WeekSpan};
use crate::digest::{self, Digested, Digester};
use crate::html::for_print;
use crate::i18n::Words;
use crate::url::{page_path, stage_path};

/// `site` in every template.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// `"ltr"` or `"rtl"`: which way `language` runs, for `<html dir>`.
    pub dir: &'static str,
    pub author: Option<&'a str>,
    pub repo_url: Option<&'a str>,
    pub base_url: &'a str,
    pub base_path: &'a str,
    /// Where the files every language shares are (the theme's, the icons): the
    /// default language's `base_path`.
    pub root_path: &'a str,
    /// Whether the language's `strings.js` is written (its scripts' words are not
    /// kit.js's English): base.html then loads it before kit.js.
    pub strings_js: bool,
    /// Whether code is highlighted (`[markdown] highlight`): the highlight stylesheets
    /// are written only then.
    pub highlight: bool,
    /// `[plan]` of site.toml: `hours_per_week`.
    pub plan: &'a crate::config::PlanConfig,
}

/// HTML rendered from a content file's Markdown, as a template prints it: as rendered,
/// or for the print page (ids and in-page links prefixed with the stage's slug, made
/// as it is drawn). Digests take the rendering's digest instead of the text.
#[derive(Debug, Clone, Copy)]
pub struct Html<'a> {
    rendered: &'a Digested<String>,
    print_slug: Option<&'a str>,
}

/// The HTML of the views that carry none (the items of `stages`, `prev`, `next`).
static NO_HTML: Digested<String> = Digested::new(String::new());

impl<'a> Html<'a> {
    pub fn new(rendered: &'a Digested<String>) -> Html<'a> {
        Html {
            rendered,
            print_slug: None,
        }
    }

    pub fn for_print(rendered: &'a Digested<String>, slug: &'a str) -> Html<'a> {
        Html {
            rendered,
            print_slug: Some(slug),
        }
    }
}

impl Serialize for Html<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if digest::digesting() {
            let mut d = Digester::new();
            d.add_u64(self.rendered.digest());
            if let Some(slug) = self.print_slug {
                d.add_str(slug);
            }
            return s.serialize_u64(d.finish());
        }
        match self.print_slug {
            Some(slug) => s.serialize_str(&for_print(slug, self.rendered.as_str())),
            None => s.serialize_str(self.rendered.as_str()),
        }
    }
}

/// A stage as templates see it; `content`, `toc`, `requires`, `leads_to`, `tracked`
/// and `edit_url` are filled only for its own page (and the print page), so the list
/// of every stage that every page sees stays small.
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
    /// `duration`, `weeks_label` and "Stage 4: The ORM" in the page's language, as the
    /// `duration` function and the `stage_title` string say them.
    pub duration_said: String,
    pub weeks_said: String,
    pub heading: String,
    /// An elective stage, not counted in the total.
    pub optional: bool,
    /// Its lane on the timeline, or null.
    pub track: Option<&'a str>,
    /// The stages to finish first ("Before this"), and those that require this one
    /// ("Leads to"), in stage order: see [`StageView::with_links`].
    pub requires: Vec<StageLink<'a>>,
    pub leads_to: Vec<StageLink<'a>>,
    pub content: Html<'a>,
    pub toc: &'a [Heading],
    /// Space-separated ids of its items whose progress is kept (`reader.tracked[slug]`).
    pub tracked: &'a str,
    /// "Edit this page" (`reader.stage_edit[slug]`).
    pub edit_url: Option<&'a str>,
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
        words: &Words,
    ) -> Self {
        let stage = &content.stages[i];
        let weeks_label = span.label();
        StageView {
            number: stage.number,
            title: &stage.title,
            icon: stage.icon.as_deref(),
            summary: stage.summary.as_deref(),
            description: stage.description.as_deref(),
            slug: &stage.slug,
            url: [base_path, "stages/", &stage.slug, "/"].concat(),
            permalink: [base_url, "stages/", &stage.slug, "/"].concat(),
            duration: &stage.duration.text,
            weeks_min: stage.duration.weeks_min,
            weeks_max: stage.duration.weeks_max,
            start_week: span.start_week(),
            end_week: span.end_week(),
            duration_said: words.duration(&stage.duration.text),
            weeks_said: words.duration(&weeks_label),
            heading: words.stage_title(stage.number, &stage.title),
            weeks_label,
            optional: stage.branching.optional,
            track: stage.branching.track.as_deref(),
            requires: Vec::new(),
            leads_to: Vec::new(),
            content: Html::new(&NO_HTML),
            toc: &[],
            tracked: "",
            edit_url: None,
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
    pub content: Html<'a>,
    /// "Edit this page" (`reader.page_edit[slug]`), on its own page.
    pub edit_url: Option<&'a str>,
}

impl<'a> PageView<'a> {
    pub fn new(page: &'a Page, base_url: &str, base_path: &str) -> Self {
        PageView {
            title: &page.title,
            description: page.description.as_deref(),
            slug: &page.slug,
            url: format!("{base_path}{}", page_path(&page.slug)),
            permalink: format!("{base_url}{}", page_path(&page.slug)),
            content: Html::new(&NO_HTML),
            edit_url: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: Html<'a>,
    /// "Edit this page" (`reader.home_edit`).
    pub edit_url: Option<&'a str>,
}

/// The whole roadmap's length: the longest path through its required stages.
#[derive(Debug, Clone, Serialize)]
pub struct TotalView {
    pub weeks_min: f64,
    pub weeks_max: f64,
    pub label: String,
    pub stage_count: usize,
    /// `label` and `stage_count` in the page's language ("about 20–24 weeks", "10 stages").
    pub label_said: String,
    pub count_said: String,
    /// How many of the stages are optional.
    pub optional_count: usize,
}

impl TotalView {
    pub fn new(content: &Content, schedule: &Schedule, words: &Words) -> Self {
        let label = schedule.label();
        TotalView {
            weeks_min: schedule.weeks_min,
            weeks_max: schedule.weeks_max,
            label_said: words.duration(&label),
            count_said: words.stage_count(content.stages.len()),
            label,
            stage_count: content.stages.len(),
            optional_count: content
                .stages
                .iter()
                .filter(|s| s.branching.optional)
                .count(),
        }
    }
}

/// How many stages one print page holds. A browser prints a few hundred stages (some
/// megabytes of HTML) as one document; beyond that the roadmap is printed in parts of
/// this many stages, `/print/`, `/print/2/`..., each a page no heavier than this. In
/// parts, a stage's `content` is left empty in `print_stages`: its page has it, and
/// the default theme puts it in place in the browser (docs/templates.md).
pub const PRINT_PART_STAGES: usize = 200;

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

    #[test]
    fn html_is_printed_whole_and_digested_by_its_rendering() {
        let rendered = Digested::new("<h2 id=\"a\">A</h2>".to_string());
        let other = Digested::new("<h2 id=\"b\">B</h2>".to_string());
        let json = serde_json::to_string(&Html::new(&rendered)).unwrap();
        assert_eq!(json, "\"<h2 id=\\\"a\\\">A</h2>\"");
        let print = serde_json::to_string(&Html::for_print(&rendered, "s")).unwrap();
        assert!(print.contains("s-a"), "{print}");
        assert_ne!(
            digest::of(&Html::new(&rendered)),
            digest::of(&Html::new(&other))
        );
        assert_ne!(
            digest::of(&Html::new(&rendered)),
            digest::of(&Html::for_print(&rendered, "s"))
        );
    }
}
