//! The values outputs are made from, made once per build and shared by every output:
//! the site, what was derived from it, the variables every template sees (`site`, `t`,
//! `stages`, `nav_stages`, `pages`, `total`, `reader`), and for `serve` what each kind
//! of page reads and the digests of the stages' views.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::Site;
use super::derive::{Derived, Made};
use super::extras::StaticFile;
use super::icon::Rgb;
pub(super) use super::kinds::Kind;
use super::kinds::{SHARED_NAMES, VIEW_VARS};
use super::memory::{KnownViews, ReaderParts};
use super::stage_views::{self, Digests, Form, FormReads, list_digest};
use crate::digest::{self, Digest, Digester, Selection};
use crate::i18n::Strings;
use crate::reader::ReaderView;
use crate::templates::blocks::BlockStage;
use crate::templates::{PageView, PrintPart, Reads, SiteView, StageBlock, StageView, TotalView};
use crate::url::base_path;

/// Up to how many stages every page lists every stage (`nav_stages`): beyond, each
/// page would weigh what the whole roadmap does, and a build take quadratic time.
pub const NAV_STAGES: usize = 30;

pub use crate::templates::PRINT_PART_STAGES;

/// A value a template sees: put into tera's context, or digested.
pub(super) trait Variable: Sync {
    fn insert(&self, name: &'static str, context: &mut Context);
    /// Adds what `selection` reads of it to `d`.
    fn add_to(&self, d: &mut Digester, selection: &Selection);
}

impl<T: Serialize + Sync> Variable for T {
    fn insert(&self, name: &'static str, context: &mut Context) {
        context.insert(name, self);
    }

    fn add_to(&self, d: &mut Digester, selection: &Selection) {
        d.add_serialized(self, Some(selection));
    }
}

/// A template's variable.
pub(super) enum Var<'i> {
    Value(Box<dyn Variable + 'i>),
    /// A stage's view (`stage`, `prev`, `next`), or none.
    View(Form, Option<usize>),
    /// The views of these stages, in order (`stages`, `print_stages`).
    Views(Form, std::ops::Range<usize>),
}

impl<'i> Var<'i> {
    pub fn value(value: impl Variable + 'i) -> Var<'i> {
        Var::Value(Box::new(value))
    }
}

/// `reader`, made when a page is drawn or a template reads it: at thousands of stages
/// it is a few maps of thousands of entries.
struct Reader<'i, 'a>(&'i Inputs<'a>);

impl Variable for Reader<'_, '_> {
    fn insert(&self, name: &'static str, context: &mut Context) {
        context.insert(name, self.0.reader());
    }

    /// In `serve`, taken from memory while `reader` is made from the same inputs
    /// ([`Inputs::reader_made_from`]) and read alike: a save that changes no item
    /// neither makes nor digests its maps.
    fn add_to(&self, d: &mut Digester, selection: &Selection) {
        let inputs = self.0;
        let made_from = inputs.reader_made_from();
        d.add_u64(inputs.remembered("reader", made_from, selection, || {
            digest::selected(inputs.reader(), selection)
        }));
    }
}

/// What pages of one kind read, and the digest of what they all read alike.
pub(super) struct Reading {
    pub reads: Arc<Reads>,
    /// The templates that draw them, and what they read of the variables every page sees.
    pub digest: Digest,
}

/// See the module documentation.
pub(super) struct Inputs<'a> {
    pub site: &'a Site,
    pub derived: &'a Derived,
    /// The interface's words in the pages' language: templates see them as `t`.
    pub strings: &'a Strings,
    /// The reader's files' parts `serve` keeps between builds; `None` for a build.
    pub parts: Option<&'a ReaderParts>,
    /// The site's base path: `/repo/`, or `/repo/fr/` in French.
    pub base: String,
    /// The folder the language's outputs are written in: `""`, or `fr/` in French.
    pub prefix: String,
    /// The base path of the default language, where shared files are: `/repo/`.
    pub root: String,
    /// Whether the language has a `strings.js` (see [`crate::i18n::functions::strings_js`]).
    strings_js: bool,
    /// The parts of the print version.
    pub print_parts: Vec<PrintPart>,
    /// The blocks the overview lists past [`crate::templates::blocks::BLOCKS_ABOVE`]
    /// stages, when the theme has `block.html` (none otherwise).
    pub blocks: Vec<StageBlock>,
    /// The files copied as they are.
    pub statics: Vec<(String, StaticFile)>,
    /// The digests of stage views `serve` kept from the last build.
    known_views: Option<&'a KnownViews>,
    /// What the templates read of each form of view, once told.
    form_reads: OnceLock<[FormReads; 3]>,
    /// The digests of every stage's view, by form, once made.
    view_digests: [OnceLock<Digests>; 3],
    /// Each stage's view in each form, once made (boxed: an empty slot costs a
    /// pointer, and a save at 10,000 stages makes few views).
    views_made: [OnceLock<Vec<OnceLock<Box<StageView<'a>>>>>; 3],
    listed: OnceLock<Vec<tera::Value>>,
    every_page: bool,
    pages: Vec<PageView<'a>>,
    colours: OnceLock<(Rgb, Rgb)>,
    reader: OnceLock<ReaderView<'a>>,
    shared: [OnceLock<Context>; 6],
    reads: [OnceLock<Arc<Reads>>; 6],
    readings: [OnceLock<Reading>; 6],
}

impl<'a> Inputs<'a> {
    pub fn new(site: &'a Site, derived: &'a Derived, parts: Option<&'a ReaderParts>) -> Self {
        let config = &site.config;
        let base = base_path(&config.base_url);
        let pages = (site.content.pages.iter())
            .map(|p| PageView::new(p, &config.base_url, &base))
            .collect();
        let numbers: Vec<u32> = site.content.stages.iter().map(|s| s.number).collect();
        let print_parts = PrintPart::all(&numbers, PRINT_PART_STAGES, &base);
        let blocks = if site.templates.has("block.html") {
            blocks(derived, &base)
        } else {
            Vec::new()
        };
        Inputs {
            site,
            derived,
            // The one place a page's language picks its strings: the language of the
            // site, which for a translated site is the translation's.
            strings: site.i18n.strings(&config.language),
            parts,
            base,
            prefix: site.prefix().to_string(),
            root: base_path(site.root_url()),
            strings_js: crate::i18n::functions::strings_js(site.i18n.strings(&config.language))
                .is_some(),
            print_parts,
            blocks,
            statics: super::extras::static_files(site),
            known_views: None,
            form_reads: OnceLock::new(),
            view_digests: Default::default(),
            views_made: Default::default(),
            listed: OnceLock::new(),
            every_page: false,
            pages,
            colours: OnceLock::new(),
            reader: OnceLock::new(),
            shared: Default::default(),
            reads: Default::default(),
            readings: Default::default(),
        }
    }

    /// With the digests of views `serve` kept from the last build.
    pub fn knowing(mut self, known: &'a KnownViews) -> Self {
        self.known_views = Some(known);
        self
    }

    /// For a build that draws every page: every stage as `stages` lists it, as tera
    /// values, made once and shared by every page that shows it (`prev`, `next`).
    pub fn every_page(mut self) -> Self {
        self.every_page = true;
        self
    }

    fn listed(&self) -> &[tera::Value] {
        self.listed.get_or_init(|| {
            (0..self.site.content.stages.len())
                .into_par_iter()
                .map(|i| tera::Value::from_serializable(self.view(i, Form::Listed)))
                .collect()
        })
    }

    /// Stage `i`'s view in `form`, made once: pages and digests share it.
    pub fn view(&self, i: usize, form: Form) -> &StageView<'a> {
        let count = self.site.content.stages.len();
        let views = self.views_made[form as usize]
            .get_or_init(|| (0..count).map(|_| OnceLock::new()).collect());
        views[i].get_or_init(|| {
            Box::new(stage_views::view(
                self.site,
                self.derived,
                &self.base,
                i,
                form,
            ))
        })
    }

    pub fn pages(&self) -> &[PageView<'a>] {
        &self.pages
    }

    /// The app's accent and background colours (see [`super::extras::colours`]).
    pub fn colours(&self) -> (Rgb, Rgb) {
        *(self.colours).get_or_init(|| super::extras::colours(self.site, &self.statics))
    }

    pub fn reader(&self) -> &ReaderView<'a> {
        self.reader.get_or_init(|| {
            let d = self.derived;
            ReaderView::new(&d.roadmap, &d.edit)
        })
    }

    /// The words of the language its pages are in.
    pub fn words(&self) -> &'a crate::i18n::Words {
        self.site.i18n.words(&self.site.config.language)
    }

    /// Whether every page lists every stage (`nav_stages`).
    pub fn lists_every_stage(&self) -> bool {
        self.site.content.stages.len() <= NAV_STAGES
    }

    /// The variables every page sees.
    pub fn shared_vars(&self) -> Vec<(&'static str, Var<'_>)> {
        let content = &self.site.content;
        let config = &self.site.config;
        let every = 0..content.stages.len();
        let mut vars = vec![
            (
                "site",
                Var::value(SiteView {
                    title: &config.title,
                    description: &config.description,
                    language: &config.language,
                    dir: config.direction().as_str(),
                    author: config.author.as_deref(),
                    repo_url: config.repo_url.as_deref(),
                    base_url: &config.base_url,
                    base_path: &self.base,
                    root_path: &self.root,
                    strings_js: self.strings_js,
                    highlight: config.markdown.highlight,
                    plan: &config.plan,
                }),
            ),
            ("t", Var::value(self.strings)),
            ("stages", Var::Views(Form::Listed, every.clone())),
        ];
        if self.lists_every_stage() {
            vars.push(("nav_stages", Var::Views(Form::Listed, every)));
        }
        vars.push(("pages", Var::value(self.pages())));
        let total = TotalView::new(content, &self.derived.schedule, self.words());
        vars.push(("total", Var::value(total)));
        vars.push(("reader", Var::value(Reader(self))));
        vars
    }

    /// The variables every page sees that pages of `kind` read, for tera: what a
    /// template never names cannot change what it draws, and at thousands of stages
    /// `stages` and `reader` are slow to make.
    pub fn shared(&self, kind: Kind, reads: &Reads) -> &Context {
        self.shared[kind as usize].get_or_init(|| {
            let mut context = Context::new();
            for (name, var) in self.shared_vars() {
                if reads.of(name).is_some() {
                    self.insert(name, &var, &mut context);
                }
            }
            context
        })
    }

    /// Puts a variable into tera's context.
    pub fn insert(&self, name: &'static str, var: &Var, context: &mut Context) {
        match var {
            Var::Value(value) => value.insert(name, context),
            // Made once for every page when every page is drawn, or once `stages` was.
            Var::View(Form::Listed, Some(i)) if self.every_page || self.listed.get().is_some() => {
                context.insert_value(name, self.listed()[*i].clone());
            }
            Var::View(form, i) => context.insert(name, &i.map(|i| self.view(i, *form))),
            Var::Views(Form::Listed, range) => {
                context.insert_value(
                    name,
                    tera::Value::from(self.listed()[range.clone()].to_vec()),
                );
            }
            Var::Views(form, range) => {
                let views: Vec<&StageView> = (range.clone().into_par_iter())
                    .map(|i| self.view(i, *form))
                    .collect();
                context.insert(name, &views);
            }
        }
    }

    /// What pages of `kind` read, `vars` being the variables of one of them.
    pub fn reads(&self, kind: Kind, vars: &[(&'static str, Var)]) -> &Arc<Reads> {
        self.reads[kind as usize].get_or_init(|| {
            debug_assert!(vars.iter().all(|(name, var)| told(kind, name, var)));
            let shared = self.shared_vars();
            let names: Vec<&str> = vars.iter().chain(&shared).map(|(n, _)| *n).collect();
            self.site.templates.reads(kind.template(), &names)
        })
    }

    /// What pages of `kind` read, with the digests of what they read alike.
    pub fn reading(&self, kind: Kind, vars: &[(&'static str, Var)]) -> &Reading {
        self.readings[kind as usize].get_or_init(|| {
            let shared = self.shared_vars();
            let templates = &self.site.templates;
            let reads = Arc::clone(self.reads(kind, vars));
            let mut reading = Reading { reads, digest: 0 };
            let mut d = Digester::new();
            d.add_u64(templates.digest(kind.template()));
            for (name, var) in &shared {
                self.add_var(&mut d, &reading, name, var);
            }
            reading.digest = d.finish();
            reading
        })
    }

    /// Adds to `d` what a page reads of variable `name`: of a value, what its templates
    /// read; of a stage's view, all of it (its digest is kept from build to build).
    pub fn add_var(&self, d: &mut Digester, reading: &Reading, name: &str, var: &Var) {
        let Some(selection) = reading.reads.of(name) else {
            return;
        };
        d.add_str(name);
        match var {
            Var::Value(value) => {
                value.add_to(d, selection);
                d
            }
            Var::View(_, None) => d.add_str("none"),
            Var::View(form, Some(i)) => d.add_u64(self.view_digests(*form)[*i]),
            Var::Views(form, range) => {
                let views = self.view_digests(*form);
                let start = range.start;
                let list = list_digest(range.len(), selection.element(), |k| views[start + k]);
                d.add_u64(list)
            }
        };
    }

    /// The digests of every stage's view in `form` with what they digest, if a page
    /// asked for them.
    pub fn views_digested(&self, form: Form) -> Option<(&FormReads, &Digests)> {
        let digests = self.view_digests[form as usize].get()?;
        Some((self.form_reads(form), digests))
    }

    /// The digest of what `made` of each stage is made from ([`Derived::made_from`]).
    pub fn made_from(&self, made: Made) -> &[Digest] {
        self.derived.made_from(&self.site.content, made)
    }

    /// Every stage's view in `form`, digested (see [`stage_views::view_digests`]).
    pub fn view_digests(&self, form: Form) -> &Digests {
        self.view_digests[form as usize].get_or_init(|| {
            let made_from = self.made_from(Made::Views);
            let view = |i| self.view(i, form);
            let reads = (form, self.form_reads(form));
            stage_views::view_digests(made_from, self.known_views, reads, view)
        })
    }

    /// What any template reads of views in `form`: what each kind of page's templates
    /// read of each variable holding such views, were every variable it may see there.
    fn form_reads(&self, form: Form) -> &FormReads {
        let all = self.form_reads.get_or_init(|| {
            let mut read: [Option<Selection>; 3] = Default::default();
            for kind in Kind::ALL {
                let names: Vec<&str> = SHARED_NAMES
                    .into_iter()
                    .chain(kind.own_names().iter().copied())
                    .collect();
                let reads = self.site.templates.reads(kind.template(), &names);
                for (name, form, listed) in VIEW_VARS {
                    let Some(selection) = reads.of(name) else {
                        continue;
                    };
                    let selection = if listed {
                        selection.element()
                    } else {
                        Some(selection)
                    };
                    if let Some(selection) = selection {
                        read[form as usize]
                            .get_or_insert_with(Selection::default)
                            .merge(selection);
                    }
                }
            }
            read.map(|s| FormReads::new(s.unwrap_or_default()))
        });
        &all[form as usize]
    }
}

/// The roadmap's blocks (see [`StageBlock::all`]).
fn blocks(derived: &Derived, base: &str) -> Vec<StageBlock> {
    let spans = &derived.schedule.spans;
    let stages: Vec<BlockStage> = (derived.roadmap.stages.iter().zip(spans))
        .map(|(stage, span)| BlockStage {
            number: stage.number,
            span,
            tracked: stage.items.iter().filter(|i| i.tracked).count(),
        })
        .collect();
    StageBlock::all(&stages, base)
}

/// Whether `var`, a variable of a page of `kind`, is one [`Inputs::form_reads`] tells
/// what templates read of.
fn told(kind: Kind, name: &str, var: &Var) -> bool {
    let form = match var {
        Var::Value(_) => None,
        Var::View(form, _) => Some((*form, false)),
        Var::Views(form, _) => Some((*form, true)),
    };
    let view_var = VIEW_VARS.iter().find(|(n, _, _)| *n == name);
    let known = SHARED_NAMES.contains(&name) || kind.own_names().contains(&name);
    known && form == view_var.map(|&(_, f, listed)| (f, listed))
}
