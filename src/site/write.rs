//! The second pass of a render: pages and the files that gather every stage, written
//! into a [`Sink`], all of them or those a save touched.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use tera::Context;

use super::offline::Recorder;
use super::rendering::{Rendering, Retained};
use super::update::Changes;
use super::{Site, lap};
use crate::error::{BuildError, Diagnostic};
use crate::gathered::{Gathered, Parts};
use crate::html::for_print;
use crate::output::Sink;
use crate::reader::ReaderView;
use crate::reader::files::{checklist, roadmap_json};
use crate::reader::search::{SearchFiles, stage_search};
use crate::reader::timeline::Timeline;
use crate::templates::{HomeView, PageView, PrintPart, SiteView, StageView, TotalView};
use crate::url::{base_path, page_path, stage_path};

/// One result per file written.
pub(super) type Written = Vec<Result<(), Diagnostic>>;

/// Whether a render keeps what a later update needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    Nothing,
    ForUpdates,
}

/// Which files [`Site::write`] writes.
#[derive(Clone, Copy)]
pub(super) enum Scope<'a> {
    All,
    /// After a save, what it touched, or a part of it (see [`Part`]).
    Changed(&'a Changes, Part),
}

/// A save that touches many pages is written in two parts, so the page the author
/// looks at is served first: [`Part::First`], the saved files' own pages and the
/// overview; then [`Part::Rest`], all else the save touched. [`Part::Whole`] is both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Whole,
    First,
    Rest,
}

impl Part {
    /// Whether a page that the save touches belongs to this part; `saved` says whether
    /// it shows a file that was saved.
    fn has(self, saved: bool) -> bool {
        match self {
            Part::Whole => true,
            Part::First => saved,
            Part::Rest => !saved,
        }
    }
}

impl Scope<'_> {
    fn includes_stage(&self, i: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed(c, part) => {
                (c.all_pages || c.stage_pages.contains(&i)) && part.has(c.saved_stages.contains(&i))
            }
        }
    }

    fn includes_page(&self, i: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed(c, part) => {
                (c.all_pages || c.pages.contains(&i)) && part.has(c.saved_pages.contains(&i))
            }
        }
    }

    /// The overview, which shows what every stage shows.
    fn includes_overview(&self) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed(c, part) => (c.gathered || c.all_pages) && part.has(true),
        }
    }

    /// The reader's files: long to make, and no page the author looks at.
    fn includes_reader_files(&self) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed(c, part) => (c.gathered || c.all_pages) && part.has(false),
        }
    }

    /// The 404 page, which shows the number of stages.
    fn includes_not_found(&self) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed(c, part) => (c.views || c.all_pages) && part.has(false),
        }
    }

    fn includes_print_part(&self, stages: std::ops::Range<usize>) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed(c, part) => {
                let saved = c.saved_stages.range(stages.clone()).next().is_some();
                (c.all_pages || c.print.range(stages).next().is_some()) && part.has(saved)
            }
        }
    }

    /// Whether what templates see of every stage and page must be made again: by the
    /// first part of a save written in two, which the rest then uses.
    fn includes_views(&self) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed(c, part) => c.views && *part != Part::Rest,
        }
    }
}

/// Up to how many stages the overview shows a card for each (with its summary and its
/// progress); beyond, a line each (`compact_stages`): 100 cards are some 150 KB, and
/// 10,000 would be 15 MB.
pub const CARD_STAGES: usize = 100;

/// Up to how many stages every page lists every stage (`nav_stages`): beyond, each
/// page would weigh what the whole roadmap does, and a build take quadratic time.
pub const NAV_STAGES: usize = 30;

/// Whether every page lists every stage of a roadmap of `count` stages.
pub(super) fn lists_every_stage(count: usize) -> bool {
    count <= NAV_STAGES
}

impl Site {
    /// The second pass of a render: pages and files, all of them or those a change
    /// touches. With [`Keep::ForUpdates`], what later updates need stays in `rendering`.
    pub(super) fn write(
        &self,
        rendering: &mut Rendering,
        sink: &dyn Sink,
        scope: Scope,
        keep: Keep,
    ) -> Result<usize, BuildError> {
        let t = Instant::now();
        // A render ends with the service worker, made of every file of the site: those
        // it wrote, or after a save the last render's with the ones it wrote again.
        let recorder = Recorder::new(sink);
        let (outer, sink): (&dyn Sink, &dyn Sink) = (sink, &recorder);
        let mut kept = rendering.kept.take();
        let writer = Writer::new(self, rendering, sink, scope, kept.as_ref());
        lap("shared ctx", t);
        if keep == Keep::ForUpdates && kept.is_none() {
            kept = Some(writer.kept_parts());
        }
        // Everything at once: the files that gather all stages are long jobs, which run
        // beside the many short page jobs instead of after them.
        let ((stages, others), (print, (reader, extras))) = rayon::join(
            || rayon::join(|| writer.stage_pages(), || writer.other_pages()),
            || {
                rayon::join(
                    || writer.print_pages(),
                    || {
                        rayon::join(
                            || writer.reader_files(kept.as_mut()),
                            || match scope {
                                Scope::All => self.write_extras(sink),
                                Scope::Changed(..) => Vec::new(),
                            },
                        )
                    },
                )
            },
        );
        let written = recorder.take_files();
        let site_files = match (&mut kept, scope) {
            (Some(kept), _) => Some(kept.record(written, &recorder.take_removed())),
            (None, Scope::All) => Some(written),
            (None, Scope::Changed(..)) => None,
        };
        if keep == Keep::ForUpdates
            && let Some(mut kept) = kept
        {
            kept.shared = writer.shared;
            rendering.kept = Some(kept);
        }
        // One result per file written, so the count needs no bookkeeping of its own.
        let mut results: Written = [stages, others, print, reader, extras].concat();
        if let Some(files) = site_files {
            results.extend(self.write_service_worker(outer, files));
        }
        let files = results.len();
        let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if !errors.is_empty() {
            return Err(errors.into());
        }
        Ok(files)
    }
}

/// How many stages one print page holds. A browser prints a few hundred stages (some
/// megabytes of HTML) as one document; beyond that the roadmap is printed in parts of
/// this many stages, `/print/`, `/print/2/`..., each a page no heavier than this.
pub const PRINT_PART_STAGES: usize = 200;

/// One run of [`Site::write`]: the values every template shares, made once, and a
/// method per kind of output.
struct Writer<'a> {
    site: &'a Site,
    rendering: &'a Rendering,
    sink: &'a dyn Sink,
    scope: Scope<'a>,
    base: String,
    stage_views: Vec<StageView<'a>>,
    page_views: Vec<PageView<'a>>,
    shared: Context,
}

impl<'a> Writer<'a> {
    fn new(
        site: &'a Site,
        rendering: &'a Rendering,
        sink: &'a dyn Sink,
        scope: Scope<'a>,
        kept: Option<&Retained>,
    ) -> Writer<'a> {
        let config = &site.config;
        let base = base_path(&config.base_url);
        let stage_views: Vec<StageView> = (rendering.schedule.spans.par_iter())
            .enumerate()
            .map(|(i, span)| StageView::new(&site.content, i, span, &config.base_url, &base))
            .collect();
        let page_views: Vec<PageView> = site
            .content
            .pages
            .iter()
            .map(|p| PageView::new(p, &config.base_url, &base))
            .collect();
        let mut writer = Writer {
            site,
            rendering,
            sink,
            scope,
            base,
            stage_views,
            page_views,
            shared: Context::new(),
        };
        writer.shared = match kept {
            // After a save, the last render's values, with what the save can change:
            // of the reader's values, only the tracked ids depend on the Markdown.
            Some(kept) if !scope.includes_views() => {
                let mut shared = kept.shared.clone();
                // The first part of a save written in two makes it for the rest.
                if scope.includes_overview() {
                    shared.insert("reader", &writer.reader_view());
                }
                shared
            }
            _ => writer.shared_values(),
        };
        writer
    }

    fn reader_view(&self) -> ReaderView<'a> {
        ReaderView::new(
            &self.rendering.roadmap,
            &self.site.config,
            &self.site.content,
        )
    }

    /// What every template sees: `site`, `stages`, `pages`, `total`, `reader`.
    fn shared_values(&self) -> Context {
        let config = &self.site.config;
        let mut shared = Context::new();
        shared.insert(
            "site",
            &SiteView {
                title: &config.title,
                description: &config.description,
                language: &config.language,
                author: config.author.as_deref(),
                repo_url: config.repo_url.as_deref(),
                base_url: &config.base_url,
                base_path: &self.base,
                plan: &config.plan,
            },
        );
        // Each stage's value on its own: at 10,000 stages, one value of them all took
        // longer than all else here.
        let ((stages, pages), reader) = rayon::join(
            || {
                let stages: Vec<tera::Value> = (self.stage_views.par_iter())
                    .map(tera::Value::from_serializable)
                    .collect();
                (
                    tera::Value::from(stages),
                    tera::Value::from_serializable(&self.page_views),
                )
            },
            || tera::Value::from_serializable(&self.reader_view()),
        );
        if lists_every_stage(self.stage_views.len()) {
            shared.insert_value("nav_stages", stages.clone());
        }
        shared.insert_value("stages", stages);
        shared.insert_value("pages", pages);
        shared.insert(
            "total",
            &TotalView::new(&self.site.content, &self.rendering.schedule),
        );
        shared.insert_value("reader", reader);
        shared
    }

    /// A page: the shared values, `page_url`, and `extra`.
    fn render(&self, template: &str, rel: &str, extra: Context) -> Result<(), Diagnostic> {
        let mut ctx = self.shared.clone();
        let page_url = format!(
            "{}{}",
            self.site.config.base_url,
            rel.trim_end_matches("index.html")
        );
        ctx.insert("page_url", &page_url);
        ctx.extend(extra);
        let html = self.site.templates.render(template, &ctx)?;
        self.sink
            .write(rel, html.as_bytes())
            .map_err(|e| Diagnostic::io(Path::new(rel), "write the page", &e))
    }

    fn stage_pages(&self) -> Written {
        let t = Instant::now();
        let (views, rendered) = (&self.stage_views, &self.rendering.stages);
        let listed = (self.shared.get("stages"))
            .and_then(tera::Value::as_array)
            .unwrap_or_default();
        let done = views
            .par_iter()
            .enumerate()
            .filter(|(i, _)| self.scope.includes_stage(*i))
            .map(|(i, view)| {
                let mut ctx = Context::new();
                let mut stage = view.clone().with_links(&self.site.content, i, &self.base);
                stage.content = &rendered[i].html;
                stage.toc = &rendered[i].headings;
                ctx.insert("stage", &stage);
                // The neighbours as `stages` holds them, made once for every page.
                let neighbour = |j: Option<usize>| {
                    j.and_then(|j| listed.get(j))
                        .cloned()
                        .unwrap_or_else(tera::Value::none)
                };
                ctx.insert_value("prev", neighbour(i.checked_sub(1)));
                ctx.insert_value("next", neighbour(Some(i + 1)));
                let rel = format!("{}index.html", stage_path(view.slug));
                self.render("stage.html", &rel, ctx)
            })
            .collect();
        lap("stage pages", t);
        done
    }

    /// Standalone pages, the overview and the 404 page.
    fn other_pages(&self) -> Written {
        let t = Instant::now();
        let mut done: Written = self
            .page_views
            .par_iter()
            .enumerate()
            .filter(|(i, _)| self.scope.includes_page(*i))
            .map(|(i, view)| {
                let mut ctx = Context::new();
                let mut page = view.clone();
                page.content = &self.rendering.pages[i].html;
                ctx.insert("page", &page);
                let rel = format!("{}index.html", page_path(view.slug));
                self.render("page.html", &rel, ctx)
            })
            .collect();
        if self.scope.includes_overview() {
            done.push(self.overview());
        }
        if self.scope.includes_not_found() {
            done.push(self.render("404.html", "404.html", Context::new()));
        }
        lap("home, 404, pages", t);
        done
    }

    /// The overview: the home page's text, the timeline, every stage.
    fn overview(&self) -> Result<(), Diagnostic> {
        let home = &self.site.content.home;
        let mut ctx = Context::new();
        ctx.insert(
            "home",
            &HomeView {
                title: &home.title,
                description: home.description.as_deref(),
                content: &self.rendering.home.html,
            },
        );
        ctx.insert("timeline", &Timeline::new(&self.rendering.roadmap));
        let roadmap = &self.rendering.roadmap;
        if roadmap.stages.len() > CARD_STAGES {
            ctx.insert("compact_stages", &true);
            let tracked = roadmap
                .stages
                .iter()
                .flat_map(|s| &s.items)
                .filter(|i| i.tracked);
            ctx.insert("tracked_total", &tracked.count());
        }
        self.render("index.html", "index.html", ctx)
    }

    /// The whole roadmap to print, in parts of [`PRINT_PART_STAGES`] stages: each
    /// stage's HTML with its ids and in-page links prefixed with its slug.
    fn print_pages(&self) -> Written {
        if !self.site.templates.has("print.html") {
            return Vec::new();
        }
        let t = Instant::now();
        let numbers: Vec<u32> = self.stage_views.iter().map(|v| v.number).collect();
        let parts = PrintPart::all(&numbers, PRINT_PART_STAGES, &self.base);
        let done = parts
            .par_iter()
            .filter(|part| self.scope.includes_print_part(part.range()))
            .map(|part| {
                let stages: Vec<(StageView, String)> = part
                    .range()
                    .into_par_iter()
                    .map(|i| {
                        let view = &self.stage_views[i];
                        (
                            view.clone().with_links(&self.site.content, i, &self.base),
                            for_print(view.slug, &self.rendering.stages[i].html),
                        )
                    })
                    .collect();
                let print_stages: Vec<StageView> = stages
                    .iter()
                    .map(|(view, html)| StageView {
                        content: html,
                        ..view.clone()
                    })
                    .collect();
                let mut ctx = Context::new();
                ctx.insert("print_stages", &print_stages);
                ctx.insert("print_part", part);
                ctx.insert("print_parts", &parts);
                self.render("print.html", &part.rel(), ctx)
            })
            .collect();
        lap("print", t);
        done
    }

    /// Every stage's part of the gathered files, for a render that keeps them.
    fn kept_parts(&self) -> Retained {
        let count = self.rendering.roadmap.stages.len();
        let (roadmap_json, checklist_parts) = rayon::join(
            || roadmap_json(&self.rendering.roadmap).parts(count),
            || checklist(&self.rendering.roadmap).parts(count),
        );
        Retained {
            shared: Context::new(),
            roadmap_json,
            checklist: checklist_parts,
            written: Vec::new(),
            // Made with the search files, which a render writes whole.
            search: None,
        }
    }

    /// `roadmap.json`, `checklist.md` and the search files: from `kept` parts, the
    /// changed stages' made again, or made as they are written.
    fn reader_files(&self, kept: Option<&mut Retained>) -> Written {
        if !self.scope.includes_reader_files() {
            return Vec::new();
        }
        let t = Instant::now();
        let roadmap = &self.rendering.roadmap;
        let (json, list) = (roadmap_json(roadmap), checklist(roadmap));
        let (changed, search): (Vec<usize>, Vec<usize>) = match self.scope {
            Scope::All => (Vec::new(), Vec::new()),
            Scope::Changed(c, _) => (
                c.parts.iter().copied().collect(),
                c.search.iter().copied().collect(),
            ),
        };
        let count = roadmap.stages.len();
        let (json_parts, list_parts, kept_search) = match kept {
            Some(kept) => {
                json.update(&mut kept.roadmap_json, &changed);
                list.update(&mut kept.checklist, &changed);
                (
                    Parts::Kept(&kept.roadmap_json),
                    Parts::Kept(&kept.checklist),
                    Some(&mut kept.search),
                )
            }
            None => (json.made(count), list.made(count), None),
        };
        let (search, (a, b)) = rayon::join(
            || self.search_files(kept_search, &search),
            || {
                rayon::join(
                    || self.write_gathered(&json, &json_parts),
                    || self.write_gathered(&list, &list_parts),
                )
            },
        );
        let done = [vec![a, b], search].concat();
        lap("reader files", t);
        done
    }

    /// The search files (see [`crate::reader::search`]): all of them, or when `kept`
    /// holds those of the last render, the ones the `changed` stages change, with those
    /// no longer made deleted. What they are made of stays in `kept`, if given.
    fn search_files(&self, kept: Option<&mut Option<SearchFiles>>, changed: &[usize]) -> Written {
        let t = Instant::now();
        let (roadmap, stages) = (&self.rendering.roadmap, &self.rendering.stages);
        let part = |i: usize| stage_search(roadmap, &self.base, &stages[i].headings, i);
        let write = |rel: &str, bytes: &[u8]| {
            self.sink
                .write(rel, bytes)
                .map_err(|e| Diagnostic::io(Path::new(rel), "write", &e))
        };
        let done = match (kept, self.scope) {
            (Some(Some(search)), Scope::Changed(..)) => {
                let parts = changed.par_iter().map(|&i| (i, part(i))).collect();
                let update = search.update(parts);
                let mut done: Written = (update.write.par_iter())
                    .map(|(rel, bytes)| write(rel, bytes))
                    .collect();
                done.extend(update.remove.iter().map(|rel| {
                    self.sink
                        .remove(rel)
                        .map_err(|e| Diagnostic::io(Path::new(rel), "delete", &e))
                }));
                done
            }
            (kept, _) => {
                let count = self.rendering.roadmap.stages.len();
                let (search, done) = SearchFiles::write_all(count, part, kept.is_some(), write);
                if let Some(kept) = kept {
                    *kept = search;
                }
                done
            }
        };
        lap("search files", t);
        done
    }

    fn write_gathered<P: Send + Sync>(
        &self,
        file: &Gathered<'_, P>,
        parts: &Parts<'_, P>,
    ) -> Result<(), Diagnostic> {
        self.sink
            .write_with(file.rel, &mut |w| file.write(w, parts))
            .map_err(|e| Diagnostic::io(Path::new(file.rel), "write", &e))
    }
}
