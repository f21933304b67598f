//! Pages drawn from templates: the overview, a page per stage and per standalone page,
//! the 404 page, the print pages and the blocks of a very long roadmap. A page is a template and its variables; the same
//! variables are put into tera's context to draw it, and digested, as far as its
//! templates read them ([`crate::templates::reads`]), to tell whether it must be drawn
//! again.

use std::path::Path;

use tera::Context;

use super::inputs::{Inputs, Kind, Var};
use super::lazy_vars::FromRoadmap;
use super::stage_views::Form;
use crate::digest::{Digest, Digester};
use crate::error::Diagnostic;
use crate::output::Sink;
use crate::reader::map::RoadmapMap;
use crate::reader::timeline::Timeline;
use crate::templates::{HomeView, Html, PageView};
use crate::url::{page_path, stage_path};

/// Up to how many stages the overview shows a card for each (with its summary and its
/// progress); beyond, a line each (`compact_stages`): 100 cards are some 150 KB, and
/// 10,000 would be 15 MB.
pub const CARD_STAGES: usize = 100;

/// A page drawn from a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    Overview,
    Stage(usize),
    Standalone(usize),
    NotFound,
    /// A part of the print version, by its index in [`Inputs::print_parts`].
    Print(usize),
    /// A block of a very long roadmap, by its index in [`Inputs::blocks`].
    Block(usize),
}

impl Page {
    pub fn kind(self) -> Kind {
        match self {
            Page::Overview => Kind::Overview,
            Page::Stage(_) => Kind::Stage,
            Page::Standalone(_) => Kind::Standalone,
            Page::NotFound => Kind::NotFound,
            Page::Print(_) => Kind::Print,
            Page::Block(_) => Kind::Block,
        }
    }

    /// Its file below the output folder.
    pub fn rel(self, inputs: &Inputs) -> String {
        let content = &inputs.site.content;
        match self {
            Page::Overview => "index.html".into(),
            Page::Stage(i) => [&stage_path(&content.stages[i].slug), "index.html"].concat(),
            Page::Standalone(i) => [&page_path(&content.pages[i].slug), "index.html"].concat(),
            Page::NotFound => "404.html".into(),
            Page::Print(k) => inputs.print_parts[k].rel(),
            Page::Block(k) => inputs.blocks[k].rel(),
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
        let stages = inputs.site.content.stages.len();
        match self {
            Page::Overview => true,
            Page::Stage(i) => file == 1 + i,
            Page::Standalone(i) => file == 1 + stages + i,
            Page::Print(k) => inputs.print_parts[k].range().any(|i| file == 1 + i),
            Page::Block(k) => inputs.blocks[k].range().any(|i| file == 1 + i),
            Page::NotFound => false,
        }
    }

    /// The digest of what drawing it reads: its templates and the values they read.
    /// `rel` is where it is written ([`Page::rel`]).
    pub fn digest(self, inputs: &Inputs, rel: &str) -> Digest {
        let vars = self.variables(inputs, rel);
        let reading = inputs.reading(self.kind(), &vars);
        let mut d = Digester::new();
        d.add_u64(reading.digest);
        for (name, var) in &vars {
            inputs.add_var(&mut d, reading, name, var);
        }
        d.finish()
    }

    /// Draws it and writes it into `sink`.
    pub fn write(self, inputs: &Inputs, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let rel = self.rel(inputs);
        let vars = self.variables(inputs, &rel);
        let reads = inputs.reads(self.kind(), &vars);
        let mut context: Context = inputs.shared(self.kind(), reads).clone();
        for (name, var) in &vars {
            if reads.of(name).is_some() {
                inputs.insert(name, var, &mut context);
            }
        }
        let html = (inputs.site.templates).draw(self.kind().template(), &context)?;
        sink.write(&rel, html.as_bytes())
            .map_err(|e| Diagnostic::io(Path::new(&rel), "write the page", &e))
    }

    /// Its own variables: `page_url`, and what its kind of page shows.
    fn variables<'i>(self, inputs: &'i Inputs, rel: &str) -> Vec<(&'static str, Var<'i>)> {
        let config = &inputs.site.config;
        let path = rel.trim_end_matches("index.html");
        let page_url = [config.base_url.as_str(), path].concat();
        let mut vars = vec![("page_url", Var::value(page_url))];
        if self != Page::NotFound {
            vars.push(("alternates", Var::value(inputs.site.alternates(path))));
        }
        let count = inputs.site.content.stages.len();
        let site = inputs.site;
        match self {
            Page::Stage(i) => {
                vars.push((
                    "translation",
                    Var::value(site.translation_view(1 + i, path)),
                ));
                vars.push(("stage", Var::View(Form::Own, Some(i))));
                vars.push(("prev", Var::View(Form::Listed, i.checked_sub(1))));
                vars.push((
                    "next",
                    Var::View(Form::Listed, Some(i + 1).filter(|&j| j < count)),
                ));
            }
            Page::Standalone(i) => {
                let k = 1 + count + i;
                vars.push(("translation", Var::value(site.translation_view(k, path))));
                let mut page: PageView = inputs.pages()[i].clone();
                page.content = Html::new(&inputs.derived.pages[i].html);
                page.edit_url = inputs.derived.edit.pages[i].as_deref();
                vars.push(("page", Var::value(page)));
            }
            Page::Overview => {
                vars.push(("translation", Var::value(site.translation_view(0, path))));
                vars.push(("translated", Var::value(site.translated_count())));
                overview(inputs, &mut vars);
            }
            Page::Print(k) => {
                let part = &inputs.print_parts[k];
                vars.push(("print_stages", Var::Views(Form::Print, part.range())));
                vars.push(("print_part", Var::value(part)));
                vars.push(("print_parts", Var::value(&inputs.print_parts)));
                // The map on the first part only: it is the whole roadmap's.
                let roadmap = &inputs.derived.roadmap;
                let make = move || (k == 0).then(|| RoadmapMap::new(roadmap)).flatten();
                vars.push(("roadmap_map", from_roadmap(inputs, "roadmap_map", make)));
            }
            Page::Block(k) => {
                let blocks = &inputs.blocks;
                vars.push(("block", Var::value(&blocks[k])));
                vars.push(("block_stages", Var::Views(Form::Listed, blocks[k].range())));
                vars.push((
                    "prev_block",
                    Var::value(k.checked_sub(1).map(|j| &blocks[j])),
                ));
                vars.push(("next_block", Var::value(blocks.get(k + 1))));
            }
            Page::NotFound => {}
        }
        vars
    }
}

/// The overview's variables: the home page's text, the timeline, the map, and past
/// [`CARD_STAGES`] the count of tracked items for a compact list, and past
/// [`crate::templates::blocks::BLOCKS_ABOVE`] the blocks it lists instead of the stages.
fn overview<'i>(inputs: &'i Inputs, vars: &mut Vec<(&'static str, Var<'i>)>) {
    let home = &inputs.site.content.home;
    vars.push((
        "home",
        Var::value(HomeView {
            title: &home.title,
            description: home.description.as_deref(),
            content: Html::new(&inputs.derived.home.html),
            edit_url: inputs.derived.edit.home.as_deref(),
        }),
    ));
    let roadmap = &inputs.derived.roadmap;
    let timeline = || Timeline::new(roadmap);
    vars.push(("timeline", from_roadmap(inputs, "timeline", timeline)));
    let map = || RoadmapMap::new(roadmap);
    vars.push(("roadmap_map", from_roadmap(inputs, "roadmap_map", map)));
    if roadmap.stages.len() > CARD_STAGES {
        let tracked = (roadmap.stages.iter())
            .flat_map(|s| s.items.iter())
            .filter(|i| i.tracked)
            .count();
        vars.push(("compact_stages", Var::value(true)));
        vars.push(("tracked_total", Var::value(tracked)));
    }
    if !inputs.blocks.is_empty() {
        vars.push(("blocks", Var::value(&inputs.blocks)));
    }
}

/// A variable made from the roadmap alone (see [`FromRoadmap`]).
fn from_roadmap<'i, 'a, T: serde::Serialize + 'i>(
    inputs: &'i Inputs<'a>,
    name: &'static str,
    make: impl Fn() -> T + Sync + 'i,
) -> Var<'i> {
    Var::value(FromRoadmap { inputs, name, make })
}
