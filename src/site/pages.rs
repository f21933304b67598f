//! Pages drawn from templates: the overview, a page per stage and per standalone page,
//! the 404 page and the print pages. A page is a template and its variables; the same
//! variables are put into tera's context to draw it, and digested, as far as its
//! templates read them ([`crate::templates::reads`]), to tell whether it must be drawn
//! again.

use std::path::Path;

use tera::Context;

use super::inputs::{Inputs, Kind, Variable};
use crate::digest::{Digest, Digester};
use crate::error::Diagnostic;
use crate::output::Sink;
use crate::reader::timeline::Timeline;
use crate::templates::{HomeView, Html, PageView, PrintPart, StageView};
use crate::url::{page_path, stage_path};

/// Up to how many stages the overview shows a card for each (with its summary and its
/// progress); beyond, a line each (`compact_stages`): 100 cards are some 150 KB, and
/// 10,000 would be 15 MB.
pub const CARD_STAGES: usize = 100;

/// How many stages one print page holds. A browser prints a few hundred stages (some
/// megabytes of HTML) as one document; beyond that the roadmap is printed in parts of
/// this many stages, `/print/`, `/print/2/`..., each a page no heavier than this.
pub const PRINT_PART_STAGES: usize = 200;

/// A page drawn from a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    Overview,
    Stage(usize),
    Standalone(usize),
    NotFound,
    /// A part of the print version, by its index in [`Inputs::print_parts`].
    Print(usize),
}

/// A page's own variables, besides those every page sees.
type Variables<'i> = Vec<(&'static str, Box<dyn Variable + 'i>)>;

impl Page {
    pub fn kind(self) -> Kind {
        match self {
            Page::Overview => Kind::Overview,
            Page::Stage(_) => Kind::Stage,
            Page::Standalone(_) => Kind::Standalone,
            Page::NotFound => Kind::NotFound,
            Page::Print(_) => Kind::Print,
        }
    }

    /// Its file below the output folder.
    pub fn rel(self, inputs: &Inputs) -> String {
        match self {
            Page::Overview => "index.html".into(),
            Page::Stage(i) => format!("{}index.html", stage_path(inputs.stages[i].slug)),
            Page::Standalone(i) => format!("{}index.html", page_path(inputs.pages[i].slug)),
            Page::NotFound => "404.html".into(),
            Page::Print(k) => inputs.print_parts[k].rel(),
        }
    }

    /// The path readers reach it at: `/repo/stages/orm/`.
    pub fn path(self, inputs: &Inputs) -> String {
        let rel = self.rel(inputs);
        format!("{}{}", inputs.base, rel.trim_end_matches("index.html"))
    }

    /// Whether it shows the content file at index `file` of the home page, stages and
    /// pages (as [`crate::content::Content::sources`] lists them).
    pub fn shows(self, inputs: &Inputs, file: usize) -> bool {
        let stages = inputs.stages.len();
        match self {
            Page::Overview => true,
            Page::Stage(i) => file == 1 + i,
            Page::Standalone(i) => file == 1 + stages + i,
            Page::Print(k) => inputs.print_parts[k].range().any(|i| file == 1 + i),
            Page::NotFound => false,
        }
    }

    /// The digest of what drawing it reads: its templates and the values they read.
    pub fn digest(self, inputs: &Inputs) -> Digest {
        let vars = self.variables(inputs);
        let names: Vec<&str> = vars.iter().map(|(n, _)| *n).collect();
        let reading = inputs.reading(self.kind(), &names);
        let mut d = Digester::new();
        d.add_u64(reading.digest);
        for (name, value) in &vars {
            if let Some(selection) = reading.reads.of(name) {
                d.add_str(name).add_u64(value.digest(&selection));
            }
        }
        d.finish()
    }

    /// Draws it and writes it into `sink`.
    pub fn write(self, inputs: &Inputs, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let mut context: Context = inputs.shared().clone();
        for (name, value) in self.variables(inputs) {
            value.insert(name, &mut context);
        }
        let rel = self.rel(inputs);
        let html = (inputs.site.templates).draw(self.kind().template(), &context)?;
        sink.write(&rel, html.as_bytes())
            .map_err(|e| Diagnostic::io(Path::new(&rel), "write the page", &e))
    }

    /// Its own variables: `page_url`, and what its kind of page shows.
    fn variables<'i>(self, inputs: &'i Inputs) -> Variables<'i> {
        let config = &inputs.site.config;
        let rel = self.rel(inputs);
        let page_url = format!("{}{}", config.base_url, rel.trim_end_matches("index.html"));
        let mut vars: Variables = vec![("page_url", Box::new(page_url))];
        match self {
            Page::Stage(i) => {
                vars.push(("stage", Box::new(stage(inputs, i))));
                vars.push((
                    "prev",
                    Box::new(i.checked_sub(1).map(|j| &inputs.stages[j])),
                ));
                vars.push(("next", Box::new(inputs.stages.get(i + 1))));
            }
            Page::Standalone(i) => {
                let mut page: PageView = inputs.pages[i].clone();
                page.content = Html::new(&inputs.derived.pages[i].html);
                page.edit_url = inputs.derived.edit.pages[i].as_deref();
                vars.push(("page", Box::new(page)));
            }
            Page::Overview => overview(inputs, &mut vars),
            Page::Print(k) => {
                let part = &inputs.print_parts[k];
                let stages: Vec<StageView> = (part.range())
                    .map(|i| {
                        let mut view = full_stage(inputs, i);
                        let slug = inputs.stages[i].slug;
                        view.content = Html::for_print(&inputs.derived.stages[i].html, slug);
                        view
                    })
                    .collect();
                vars.push(("print_stages", Box::new(stages)));
                vars.push(("print_part", Box::new(part)));
                vars.push(("print_parts", Box::new(&inputs.print_parts)));
            }
            Page::NotFound => {}
        }
        vars
    }
}

/// Stage `i` with what its own page and the print page show of the stages it requires
/// and leads to.
fn full_stage<'i>(inputs: &'i Inputs, i: usize) -> StageView<'i> {
    (inputs.stages[i].clone()).with_links(&inputs.site.content, i, &inputs.base)
}

/// `stage` on its page.
fn stage<'i>(inputs: &'i Inputs, i: usize) -> StageView<'i> {
    let mut view = full_stage(inputs, i);
    let rendered = &inputs.derived.stages[i];
    view.content = Html::new(&rendered.html);
    view.toc = &rendered.headings;
    view.tracked = &inputs.derived.tracked[i];
    view.edit_url = inputs.derived.edit.stages[i].as_deref();
    view
}

/// The overview's variables: the home page's text, the timeline, and past
/// [`CARD_STAGES`] the count of tracked items for a compact list.
fn overview<'i>(inputs: &'i Inputs, vars: &mut Variables<'i>) {
    let home = &inputs.site.content.home;
    vars.push((
        "home",
        Box::new(HomeView {
            title: &home.title,
            description: home.description.as_deref(),
            content: Html::new(&inputs.derived.home.html),
            edit_url: inputs.derived.edit.home.as_deref(),
        }),
    ));
    let roadmap = &inputs.derived.roadmap;
    vars.push(("timeline", Box::new(Timeline::new(roadmap))));
    if roadmap.stages.len() > CARD_STAGES {
        let tracked = (roadmap.stages.iter())
            .flat_map(|s| s.items.iter())
            .filter(|i| i.tracked)
            .count();
        vars.push(("compact_stages", Box::new(true)));
        vars.push(("tracked_total", Box::new(tracked)));
    }
}

/// The parts of the print version of `stages`.
pub(super) fn print_parts(stages: &[StageView], base: &str) -> Vec<PrintPart> {
    let numbers: Vec<u32> = stages.iter().map(|v| v.number).collect();
    PrintPart::all(&numbers, PRINT_PART_STAGES, base)
}
