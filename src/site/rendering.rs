//! The Markdown pass: every content file rendered once, on all cores, with links
//! between files resolved and checked, anchors checked against every file's headings,
//! and the reader's items read into the [`Roadmap`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use tera::Context;

use super::update::Changes;
use super::{Site, lap};
use crate::config::SiteConfig;
use crate::content::{Content, HOME_FILE, Schedule, Source, Which};
use crate::error::{BuildError, Diagnostic};
use crate::gathered::JsonPart;
use crate::markdown::{Items, LinkTargets, Markdown, Rendered};
use crate::reader::Roadmap;
use crate::url::{base_path, encode_path, page_path, stage_path};

/// Every content file's Markdown rendered, and the roadmap with its items: what the
/// pages are made of. `serve` keeps it between saves to re-render only what changed.
pub struct Rendering {
    targets: LinkTargets,
    pub(super) home: Rendered,
    /// Stages' and pages' renderings, in content order; their items are in `roadmap`.
    pub(super) stages: Vec<Rendered>,
    pub(super) pages: Vec<Rendered>,
    pub(super) schedule: Schedule,
    pub(super) roadmap: Roadmap,
    /// What a render keeps for later updates (see [`super::write::Keep`]).
    pub(super) kept: Option<Retained>,
}

/// What a render keeps for updates: the templates' shared values, and every stage's
/// part of the gathered files.
pub(super) struct Retained {
    pub shared: Context,
    pub roadmap_json: Vec<JsonPart>,
    pub checklist: Vec<String>,
    /// Every file of the site as last written, for the service worker's list.
    pub written: Vec<super::offline::WrittenFile>,
    /// The search files, once a render has made them.
    pub search: Option<crate::reader::search::SearchFiles>,
}

impl Retained {
    /// Takes in the files a render wrote and those it deleted; returns every file of
    /// the site now.
    pub fn record(
        &mut self,
        written: Vec<super::offline::WrittenFile>,
        removed: &[String],
    ) -> Vec<super::offline::WrittenFile> {
        self.written.retain(|f| !removed.contains(&f.rel));
        for file in written {
            match self.written.binary_search_by(|f| f.rel.cmp(&file.rel)) {
                Ok(at) => self.written[at] = file,
                Err(at) => self.written.insert(at, file),
            }
        }
        self.written.clone()
    }
}

impl Site {
    /// Every content file's Markdown, its links and anchors checked.
    pub fn render_markdown(&self) -> Result<Rendering, BuildError> {
        render_all(&self.config, &self.content, &self.markdown)
    }
}

/// The Markdown pass over a site's content (see the module documentation).
pub(super) fn render_all(
    config: &SiteConfig,
    content: &Content,
    markdown: &Markdown,
) -> Result<Rendering, BuildError> {
    let t = Instant::now();
    // All files at once: links need every file's URL, anchors every file's headings.
    let targets = link_targets(content, &base_path(&config.base_url));
    let render = |source: &Source, items| markdown.render(source, &targets, items);
    let home = render(&content.home.source, Items::None);
    let stages: Vec<_> = content
        .stages
        .par_iter()
        .map(|s| render(&s.source, Items::Tracked { slug: &s.slug }))
        .collect();
    let pages: Vec<_> = content
        .pages
        .par_iter()
        .map(|p| render(&p.source, Items::Listed { slug: &p.slug }))
        .collect();
    let results: Vec<_> = std::iter::once(home).chain(stages).chain(pages).collect();
    // Anchors too, in the files that rendered, so one run reports every broken link.
    let rendered: Vec<_> = content
        .sources()
        .zip(&results)
        .filter_map(|(s, r)| r.as_ref().ok().map(|r| (s, r)))
        .collect();
    let mut errors: Vec<Diagnostic> = results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .flatten()
        .cloned()
        .collect();
    if let Err(e) = check_anchors(&rendered) {
        errors.extend(e.diagnostics);
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(errors.into());
    }
    let mut results = results.into_iter().flatten();
    let home = results.next().unwrap_or_default();
    let (mut stages, mut pages): (Vec<Rendered>, Vec<Rendered>) = (
        results.by_ref().take(content.stages.len()).collect(),
        results.collect(),
    );
    let take_items = |r: &mut Rendered| std::mem::take(&mut r.items);
    let stage_items = stages.iter_mut().map(take_items).collect();
    let page_items = pages.iter_mut().map(take_items).collect();
    let schedule = content.schedule();
    let roadmap = Roadmap::new(config, content, &schedule, stage_items, page_items);
    lap("markdown", t);
    Ok(Rendering {
        targets,
        home,
        stages,
        pages,
        schedule,
        roadmap,
        kept: None,
    })
}

impl Rendering {
    /// Renders one content file again after a save, and notes in `changes` what of
    /// the site its new text touches.
    pub(super) fn rerender(
        &mut self,
        site: &Site,
        which: Which,
        changes: &mut Changes,
    ) -> Result<(), Vec<Diagnostic>> {
        let content = &site.content;
        let render = |source, items| site.markdown.render(source, &self.targets, items);
        match which {
            Which::Home => {
                let new = render(&content.home.source, Items::None)?;
                changes.gathered |= new.html != self.home.html;
                self.home = new;
            }
            Which::Stage(i) => {
                let stage = &content.stages[i];
                let mut new = render(&stage.source, Items::Tracked { slug: &stage.slug })?;
                let items = &mut self.roadmap.stages[i].items;
                if new.headings != self.stages[i].headings || new.items != *items {
                    changes.gathered = true;
                    changes.parts.insert(i);
                    changes.search.insert(i);
                }
                if new.html != self.stages[i].html {
                    changes.print.insert(i);
                }
                *items = std::mem::take(&mut new.items);
                self.stages[i] = new;
                changes.stage_pages.insert(i);
            }
            Which::Page(i) => {
                let page = &content.pages[i];
                let mut new = render(&page.source, Items::Listed { slug: &page.slug })?;
                let items = &mut self.roadmap.pages[i].items;
                changes.gathered |= new.items != *items;
                *items = std::mem::take(&mut new.items);
                self.pages[i] = new;
                changes.pages.insert(i);
            }
        }
        Ok(())
    }

    /// The week spans and the roadmap made again from the content, after a front
    /// matter edit: the items stay as they were read.
    /// Returns the schedule it replaces.
    pub(super) fn reschedule(&mut self, config: &SiteConfig, content: &Content) -> Schedule {
        let take = |items: &mut Vec<crate::reader::items::Item>| std::mem::take(items);
        let stages = self
            .roadmap
            .stages
            .iter_mut()
            .map(|s| take(&mut s.items))
            .collect();
        let pages = self
            .roadmap
            .pages
            .iter_mut()
            .map(|p| take(&mut p.items))
            .collect();
        let before = std::mem::replace(&mut self.schedule, content.schedule());
        self.roadmap = Roadmap::new(config, content, &self.schedule, stages, pages);
        before
    }

    /// Fails on links to headings that do not exist, in any file.
    pub(super) fn check_anchors(&self, content: &Content) -> Result<(), BuildError> {
        let rendered = std::iter::once(&self.home)
            .chain(&self.stages)
            .chain(&self.pages);
        check_anchors(&content.sources().zip(rendered).collect::<Vec<_>>())
    }
}

/// Every content file a Markdown link may name, with its URL.
fn link_targets(content: &Content, base: &str) -> LinkTargets {
    let mut urls = HashMap::new();
    urls.insert(PathBuf::from(HOME_FILE), base.to_string());
    for s in &content.stages {
        let url = format!("{base}{}", stage_path(&s.slug));
        urls.insert(s.source.content_rel().to_path_buf(), url);
    }
    for p in &content.pages {
        let url = format!("{base}{}", page_path(&p.slug));
        urls.insert(p.source.content_rel().to_path_buf(), url);
    }
    for a in &content.assets {
        urls.insert(
            PathBuf::from(&a.rel),
            format!("{base}{}", encode_path(&a.rel)),
        );
    }
    LinkTargets {
        urls,
        base_path: base.to_string(),
    }
}

/// Fails on links to headings that do not exist among `files`.
fn check_anchors(files: &[(&Source, &Rendered)]) -> Result<(), BuildError> {
    // The heading ids of the files links point into, not of every file.
    let targets: HashSet<&Path> = files
        .iter()
        .flat_map(|(_, r)| r.anchor_links.iter().map(|l| l.target.as_path()))
        .collect();
    let ids: HashMap<&Path, HashSet<&str>> = files
        .iter()
        .filter(|(src, _)| targets.contains(src.content_rel()))
        .map(|(src, r)| {
            (
                src.content_rel(),
                r.headings.iter().map(|h| h.id.as_str()).collect(),
            )
        })
        .collect();
    let mut errors = Vec::new();
    for (src, r) in files {
        for link in &r.anchor_links {
            // Links to assets (a PDF page, say) carry anchors nobody can check.
            let Some(known) = ids.get(link.target.as_path()) else {
                continue;
            };
            if known.contains(link.anchor.as_str()) {
                continue;
            }
            let mut available: Vec<String> = known.iter().map(|a| format!("#{a}")).collect();
            available.sort();
            let hint = if available.is_empty() {
                "that page has no headings; link to the page without #...".to_string()
            } else {
                format!("headings there: {}", available.join(", "))
            };
            errors.push(
                Diagnostic::new(
                    &src.path,
                    format!(
                        "link to #{} in content/{}: no heading has that id",
                        link.anchor,
                        link.target.display()
                    ),
                )
                .at_line(link.line)
                .with_hint(hint),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into())
    }
}
