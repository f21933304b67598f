//! The second pass of a render: pages and the files that gather every stage, written
//! into a [`Sink`], all of them or those a save touched.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use tera::{Context, Value};

use super::{Rendering, Site, lap};
use crate::config::base_path;
use crate::content::schedule;
use crate::error::{BuildError, Diagnostic};
use crate::output::Sink;
use crate::templates::{HomeView, PageView, SiteView, StageView, TotalView, page_path, stage_path};

/// The print page's skeleton, with placeholders, and each stage's part of it.
type PrintParts = (String, Vec<String>);

/// One result per file written.
pub(super) type Written = Vec<Result<(), Diagnostic>>;

pub(super) struct Kept {
    shared: Context,
    print: Option<PrintParts>,
    /// The reader's files, each as its stages' parts.
    reader: Vec<Vec<String>>,
}

/// Which pages [`Site::write`] writes.
#[derive(Clone, Copy)]
pub(super) enum Scope<'a> {
    All,
    /// After a save, what it touched.
    Changed {
        /// Stages and pages whose Markdown changed: their own pages.
        stages: &'a [usize],
        pages: &'a [usize],
        /// The home page's text, or any file's items or headings, changed: the
        /// overview, search index, roadmap.json and checklist.
        gathered: bool,
        /// A stage's HTML changed: the print page.
        print: bool,
    },
}

impl Scope<'_> {
    fn includes_stage(&self, i: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed { stages, .. } => stages.contains(&i),
        }
    }

    fn includes_page(&self, i: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed { pages, .. } => pages.contains(&i),
        }
    }

    fn includes_gathered(&self) -> bool {
        matches!(self, Scope::All | Scope::Changed { gathered: true, .. })
    }

    fn includes_print(&self) -> bool {
        matches!(self, Scope::All | Scope::Changed { print: true, .. })
    }
}

impl Site {
    /// The second pass of [`Site::render`]: pages and files, all of them or those a
    /// change touches. `keep`: keep in `rendering` what later updates need.
    pub(super) fn write(
        &self,
        rendering: &mut Rendering,
        sink: &dyn Sink,
        scope: Scope,
        keep: bool,
    ) -> Result<usize, BuildError> {
        let t = Instant::now();
        let mut kept = rendering.kept.take();
        let (kept_print, kept_reader) = match kept.as_mut() {
            Some(k) => (k.print.take(), std::mem::take(&mut k.reader)),
            None => (None, Vec::new()),
        };
        let writer = Writer::new(self, rendering, sink, scope, keep, kept.as_ref());
        lap("shared ctx", t);
        // Everything at once: the files that gather all stages are each one long job,
        // which runs beside the many short page jobs instead of after them.
        let ((stages, others), ((print, new_print), ((reader, reader_parts), extras))) =
            rayon::join(
                || rayon::join(|| writer.stage_pages(), || writer.other_pages()),
                || {
                    rayon::join(
                        || writer.print_page(kept_print),
                        || {
                            rayon::join(
                                || writer.reader_files(kept_reader),
                                || match scope {
                                    Scope::All => self.write_extras(sink),
                                    Scope::Changed { .. } => Vec::new(),
                                },
                            )
                        },
                    )
                },
            );
        let shared = writer.shared;
        if keep {
            rendering.kept = Some(Kept {
                shared,
                print: new_print,
                reader: reader_parts,
            });
        }
        // One result per file written, so the count needs no bookkeeping of its own.
        let results: Written = [stages, others, print, reader, extras].concat();
        let files = results.len();
        let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if !errors.is_empty() {
            return Err(errors.into());
        }
        Ok(files)
    }
}

/// One run of [`Site::write`]: the values every template shares, made once, and a
/// method per kind of output.
struct Writer<'a> {
    site: &'a Site,
    rendering: &'a Rendering,
    sink: &'a dyn Sink,
    scope: Scope<'a>,
    keep: bool,
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
        keep: bool,
        kept: Option<&Kept>,
    ) -> Writer<'a> {
        let config = &site.config;
        let base_url = config.base_url.as_str();
        let base = base_path(base_url);
        let content = &site.content;
        let spans = schedule(&content.stages);
        let stage_views: Vec<StageView> = content
            .stages
            .iter()
            .zip(&spans)
            .map(|(s, span)| StageView::new(s, span, base_url, &base))
            .collect();
        let page_views: Vec<PageView> = content
            .pages
            .iter()
            .map(|p| PageView::new(p, base_url, &base))
            .collect();
        let roadmap = &rendering.roadmap;
        // After a save, the last render's values, with what the save can change.
        let shared = match kept.map(|k| &k.shared) {
            Some(shared) if !scope.includes_gathered() => shared.clone(),
            // Items changed: of the reader's values, only the tracked ids depend on them.
            Some(shared) => {
                let mut shared = shared.clone();
                let mut reader: BTreeMap<String, Value> = shared
                    .get("reader")
                    .and_then(Value::as_map)
                    .map(|m| m.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
                    .unwrap_or_default();
                let tracked: BTreeMap<String, String> = roadmap
                    .tracked_ids()
                    .into_iter()
                    .map(|(slug, ids)| (slug.to_string(), ids))
                    .collect();
                reader.insert("tracked".into(), Value::from(tracked));
                shared.insert_value("reader", Value::from(reader));
                shared
            }
            None => {
                let ((stages, pages), reader) = rayon::join(
                    || {
                        (
                            Value::from_serializable(&stage_views),
                            Value::from_serializable(&page_views),
                        )
                    },
                    || {
                        let reader = crate::reader::ReaderView::new(roadmap, config, content);
                        Value::from_serializable(&reader)
                    },
                );
                let mut shared = Context::new();
                shared.insert(
                    "site",
                    &SiteView {
                        title: &config.title,
                        description: &config.description,
                        language: &config.language,
                        author: config.author.as_deref(),
                        repo_url: config.repo_url.as_deref(),
                        base_url,
                        base_path: &base,
                    },
                );
                shared.insert_value("stages", stages);
                shared.insert_value("pages", pages);
                shared.insert("total", &TotalView::new(&spans));
                shared.insert_value("reader", reader);
                shared
            }
        };
        Writer {
            site,
            rendering,
            sink,
            scope,
            keep,
            base,
            stage_views,
            page_views,
            shared,
        }
    }

    /// A page: the shared values, `page_url`, and `extra`.
    fn render_html(&self, template: &str, rel: &str, extra: Context) -> Result<String, Diagnostic> {
        let mut ctx = self.shared.clone();
        ctx.insert(
            "page_url",
            &format!(
                "{}{}",
                self.site.config.base_url,
                rel.trim_end_matches("index.html")
            ),
        );
        ctx.extend(extra);
        self.site.templates.render(template, &ctx)
    }

    fn render(&self, template: &str, rel: &str, extra: Context) -> Result<(), Diagnostic> {
        let html = self.render_html(template, rel, extra)?;
        self.sink
            .write(rel, html.as_bytes())
            .map_err(|e| Diagnostic::io(Path::new(rel), "write the page", &e))
    }

    fn stage_pages(&self) -> Written {
        let t = Instant::now();
        let (views, rendered) = (&self.stage_views, &self.rendering.stages);
        let done = views
            .par_iter()
            .enumerate()
            .filter(|(i, _)| self.scope.includes_stage(*i))
            .map(|(i, view)| {
                let mut ctx = Context::new();
                let mut stage = view.clone();
                stage.content = &rendered[i].html;
                stage.toc = &rendered[i].headings;
                ctx.insert("stage", &stage);
                ctx.insert("prev", &i.checked_sub(1).map(|p| &views[p]));
                ctx.insert("next", &views.get(i + 1));
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
        if self.scope.includes_gathered() {
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
            done.push(self.render("index.html", "index.html", ctx));
        }
        if let Scope::All = self.scope {
            done.push(self.render("404.html", "404.html", Context::new()));
        }
        lap("home, 404, pages", t);
        done
    }

    /// The whole roadmap on one page. The template gets a placeholder for each stage's
    /// HTML, and the page is written with the HTML put in, one stage at a time: at
    /// thousands of stages it is the largest file, and never whole in memory. `kept`:
    /// the page's skeleton and parts from the last render; returned up to date when kept.
    fn print_page(&self, kept: Option<PrintParts>) -> (Written, Option<PrintParts>) {
        if !self.site.templates.has("print.html") || !self.scope.includes_print() {
            return (Vec::new(), kept);
        }
        let t = Instant::now();
        let rel = "print/index.html";
        let count = self.stage_views.len();
        type Part<'p> = &'p dyn Fn(usize, &mut dyn std::io::Write) -> std::io::Result<()>;
        let write = |page: &str, part: Part| {
            self.sink
                .write_with(rel, &mut |w| fill_placeholders(page, count, w, part))
                .map_err(|e| Diagnostic::io(Path::new(rel), "write the page", &e))
        };
        let part = |i: usize| {
            crate::reader::print_html(self.stage_views[i].slug, &self.rendering.stages[i].html)
        };
        if let Some((skeleton, mut parts)) = kept {
            // Only the changed stages' parts are made again.
            for i in (0..count).filter(|&i| self.scope.includes_stage(i)) {
                parts[i] = part(i);
            }
            let done = write(&skeleton, &|i, w| w.write_all(parts[i].as_bytes()));
            lap("print", t);
            return (vec![done], Some((skeleton, parts)));
        }
        let placeholders: Vec<String> = (0..count)
            .map(|i| format!("{PRINT_MARK}{i}{PRINT_MARK_END}"))
            .collect();
        let full: Vec<StageView> = self
            .stage_views
            .iter()
            .zip(&placeholders)
            .map(|(v, p)| StageView {
                content: p,
                ..v.clone()
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("print_stages", &full);
        let skeleton = match self.render_html("print.html", rel, ctx) {
            Ok(page) => page,
            Err(e) => return (vec![Err(e)], None),
        };
        let result = if self.keep {
            let parts: Vec<String> = (0..count).into_par_iter().map(part).collect();
            let done = write(&skeleton, &|i, w| w.write_all(parts[i].as_bytes()));
            (vec![done], Some((skeleton, parts)))
        } else {
            let done = write(&skeleton, &|i, w| w.write_all(part(i).as_bytes()));
            (vec![done], None)
        };
        lap("print", t);
        result
    }

    /// `roadmap.json`, `checklist.md`, `search-index.json`. `parts`: each file's stage
    /// parts from the last render (empty if none); returned up to date when kept.
    fn reader_files(&self, mut parts: Vec<Vec<String>>) -> (Written, Vec<Vec<String>>) {
        if !self.scope.includes_gathered() {
            return (Vec::new(), parts);
        }
        let t = Instant::now();
        let (content, rendering) = (&self.site.content, self.rendering);
        let summaries: Vec<Option<&str>> = content
            .stages
            .iter()
            .map(|s| s.summary.as_deref())
            .collect();
        let headings: Vec<&[crate::markdown::Heading]> = rendering
            .stages
            .iter()
            .map(|r| r.headings.as_slice())
            .collect();
        let files = crate::reader::outputs(&rendering.roadmap, &self.base, &summaries, &headings);
        let count = rendering.roadmap.stages.len();
        if self.keep {
            if parts.len() == files.len() {
                // Only the changed stages' parts are made again.
                for (file, parts) in files.iter().zip(&mut parts) {
                    for i in (0..count).filter(|&i| self.scope.includes_stage(i)) {
                        parts[i] = (file.part)(i);
                    }
                }
            } else {
                parts = files.iter().map(|f| f.parts(count)).collect();
            }
        }
        let done = files
            .par_iter()
            .enumerate()
            .map(|(n, file)| {
                self.sink
                    .write_with(file.rel, &mut |w| match parts.get(n) {
                        Some(parts) => file.write_parts(parts, w),
                        None => file.write(count, w),
                    })
                    .map_err(|e| Diagnostic::io(Path::new(file.rel), "write", &e))
            })
            .collect();
        lap("reader files", t);
        (done, parts)
    }
}

/// Stands for stage `i`'s HTML in the print page until it is written:
/// `PRINT_MARK i PRINT_MARK_END`, control characters no template or Markdown produces.
const PRINT_MARK: &str = "\u{1}roadsmith-print-";
const PRINT_MARK_END: char = '\u{1}';

/// Writes `page`, with `fill(i, w)` in place of each placeholder for `i < count`.
fn fill_placeholders(
    page: &str,
    count: usize,
    w: &mut dyn std::io::Write,
    fill: impl Fn(usize, &mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut rest = page;
    while let Some(start) = rest.find(PRINT_MARK) {
        let after = &rest[start + PRINT_MARK.len()..];
        let number = after
            .find(PRINT_MARK_END)
            .map(|len| (after[..len].parse::<usize>(), len));
        match number {
            Some((Ok(i), len)) if i < count => {
                w.write_all(&rest.as_bytes()[..start])?;
                fill(i, w)?;
                rest = &after[len + 1..];
            }
            // Not one of ours: written as it is.
            _ => {
                w.write_all(&rest.as_bytes()[..start + PRINT_MARK.len()])?;
                rest = after;
            }
        }
    }
    w.write_all(rest.as_bytes())
}
