//! The values outputs are made from, made once per build and shared by every output:
//! the site, what was derived from it, the views templates see of every stage and
//! page, and the variables every template sees (`site`, `stages`, `nav_stages`,
//! `pages`, `total`, `reader`), as tera values when a page is drawn and as digests of
//! what each kind of page reads of them.

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::Site;
use super::derive::Derived;
use super::extras::StaticFile;
use super::icon::Rgb;
use super::memory::ReaderParts;
use crate::digest::{self, Digest, Digester, Selection};
use crate::reader::ReaderView;
use crate::templates::{PageView, PrintPart, Reads, SiteView, StageView, TotalView};
use crate::url::base_path;

/// Up to how many stages every page lists every stage (`nav_stages`): beyond, each
/// page would weigh what the whole roadmap does, and a build take quadratic time.
pub const NAV_STAGES: usize = 30;

/// A value a template sees: put into tera's context, or digested.
pub(super) trait Variable: Sync {
    fn insert(&self, name: &'static str, context: &mut Context);
    fn digest(&self, selection: &Selection) -> Digest;
}

impl<T: Serialize + Sync> Variable for T {
    fn insert(&self, name: &'static str, context: &mut Context) {
        context.insert(name, self);
    }

    fn digest(&self, selection: &Selection) -> Digest {
        digest::selected(self, selection)
    }
}

/// The kinds of pages drawn from templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Overview,
    Stage,
    Standalone,
    NotFound,
    Print,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Overview,
        Kind::Stage,
        Kind::Standalone,
        Kind::NotFound,
        Kind::Print,
    ];

    pub fn template(self) -> &'static str {
        match self {
            Kind::Overview => "index.html",
            Kind::Stage => "stage.html",
            Kind::Standalone => "page.html",
            Kind::NotFound => "404.html",
            Kind::Print => "print.html",
        }
    }
}

/// What the pages of one kind read, once known.
pub(super) struct Reading {
    pub reads: Reads,
    /// The digest of the templates that draw them and of what they read of the
    /// variables every page sees.
    pub digest: Digest,
}

/// See the module documentation.
pub(super) struct Inputs<'a> {
    pub site: &'a Site,
    pub derived: &'a Derived,
    /// The reader's files' parts `serve` keeps between builds; `None` for a build.
    pub parts: Option<&'a ReaderParts>,
    /// The site's base path: `/repo/`.
    pub base: String,
    /// Every stage as `stages` lists it, and every standalone page as `pages` does.
    pub stages: Vec<StageView<'a>>,
    pub pages: Vec<PageView<'a>>,
    /// The parts of the print version.
    pub print_parts: Vec<PrintPart>,
    /// The files copied as they are.
    pub statics: Vec<(String, StaticFile)>,
    colours: OnceLock<(Rgb, Rgb)>,
    reader: OnceLock<ReaderView<'a>>,
    /// The variables every page sees, as tera values: made when the first page is drawn.
    shared: OnceLock<Context>,
    readings: [OnceLock<Reading>; 5],
    /// Each stage's entry of the roadmap, digested (see [`Inputs::stage_digests`]).
    stage_digests: OnceLock<Vec<Digest>>,
}

impl<'a> Inputs<'a> {
    pub fn new(site: &'a Site, derived: &'a Derived, parts: Option<&'a ReaderParts>) -> Self {
        let config = &site.config;
        let base = base_path(&config.base_url);
        let stages: Vec<StageView> = (derived.schedule.spans.par_iter())
            .enumerate()
            .map(|(i, span)| StageView::new(&site.content, i, span, &config.base_url, &base))
            .collect();
        let pages = (site.content.pages.iter())
            .map(|p| PageView::new(p, &config.base_url, &base))
            .collect();
        let print_parts = super::pages::print_parts(&stages, &base);
        let statics = super::extras::static_files(site);
        Inputs {
            site,
            derived,
            parts,
            base,
            stages,
            pages,
            print_parts,
            statics,
            colours: OnceLock::new(),
            reader: OnceLock::new(),
            shared: OnceLock::new(),
            readings: Default::default(),
            stage_digests: OnceLock::new(),
        }
    }

    fn site_view(&self) -> SiteView<'_> {
        let config = &self.site.config;
        SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            author: config.author.as_deref(),
            repo_url: config.repo_url.as_deref(),
            base_url: &config.base_url,
            base_path: &self.base,
            plan: &config.plan,
        }
    }

    /// The app's accent and background colours (see [`super::extras::colours`]).
    pub fn colours(&self) -> (Rgb, Rgb) {
        *(self.colours).get_or_init(|| super::extras::colours(self.site, &self.statics))
    }

    pub fn reader(&self) -> &ReaderView<'a> {
        self.reader.get_or_init(|| {
            let d = self.derived;
            ReaderView::new(&d.roadmap, &d.tracked, &d.edit)
        })
    }

    /// Whether every page lists every stage (`nav_stages`).
    pub fn lists_every_stage(&self) -> bool {
        self.stages.len() <= NAV_STAGES
    }

    /// Calls `each` with every variable every page sees.
    fn each_shared(&self, each: &mut dyn FnMut(&'static str, &dyn Variable)) {
        each("site", &self.site_view());
        each("stages", &self.stages);
        if self.lists_every_stage() {
            each("nav_stages", &self.stages);
        }
        each("pages", &self.pages);
        each(
            "total",
            &TotalView::new(&self.site.content, &self.derived.schedule),
        );
        each("reader", self.reader());
    }

    /// The names of the variables every page sees.
    pub fn shared_names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        self.each_shared(&mut |name, _| names.push(name));
        names
    }

    /// The variables every page sees, for tera.
    pub fn shared(&self) -> &Context {
        self.shared.get_or_init(|| {
            let mut context = Context::new();
            self.each_shared(&mut |name, value| value.insert(name, &mut context));
            context
        })
    }

    /// What pages of `kind` read, their variables being `names` and the shared ones.
    pub fn reading(&self, kind: Kind, names: &[&str]) -> &Reading {
        let at = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.readings[at].get_or_init(|| {
            let shared = self.shared_names();
            let defined = |n: &str| names.contains(&n) || shared.contains(&n);
            let templates = &self.site.templates;
            let reads = templates.reads(kind.template(), &defined);
            let mut d = Digester::new();
            d.add_u64(templates.digest(kind.template()));
            self.each_shared(&mut |name, value| {
                if let Some(selection) = reads.of(name) {
                    d.add_str(name).add_u64(value.digest(&selection));
                }
            });
            Reading {
                reads,
                digest: d.finish(),
            }
        })
    }

    /// The digest of each stage's entry of the roadmap (`roadmap.json`'s part): what
    /// the reader's files are made of, stage by stage.
    pub fn stage_digests(&self) -> &[Digest] {
        self.stage_digests.get_or_init(|| {
            (self.derived.roadmap.stages.par_iter())
                .map(digest::of)
                .collect()
        })
    }
}
