//! Step 2 of the pipeline: what a site's outputs are made from, derived from its content.
//! Every content file's Markdown is rendered (on all cores, links between files
//! resolved and checked, anchors checked against every file's headings, the reader's
//! items read), then the schedule and the roadmap with its items are made. After a save
//! [`Derivations`] of the last build give back what was made from the same inputs:
//! renderings, the roadmap's entries, the links' targets.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use rayon::prelude::*;

use super::lap;
use super::links::{check_anchors, link_targets, targets_digest};
use super::memory::Derivations;
use crate::config::SiteConfig;
use crate::content::{Content, Schedule, Source};
use crate::digest::{self, Digest, Digester};
use crate::error::{BuildError, Diagnostic};
use crate::i18n::Words;
use crate::markdown::{Guide, Items, LinkTargets, Markdown, Rendered};
use crate::reader::{EditLinks, Roadmap, StageItems};
use crate::url::base_path;

/// What the outputs are made from, besides the site as loaded.
pub struct Derived {
    pub home: Arc<Rendered>,
    /// Stages' and pages' renderings, in content order.
    pub stages: Vec<Arc<Rendered>>,
    pub pages: Vec<Arc<Rendered>>,
    pub schedule: Schedule,
    pub roadmap: Roadmap,
    pub edit: EditLinks,
    /// The digest of what is made of each stage is made from ([`stage_inputs`]), by
    /// [`Made`]: taken when first asked for ([`Derived::made_from`]), which a build
    /// never does.
    made_from: [OnceLock<Vec<Digest>>; 2],
    /// The digest of the site's settings and interface words the stages are made with.
    settings: Digest,
    /// What each rendering was made from (home, stages, pages), to keep it by.
    pub(super) keys: Vec<Digest>,
    /// The digest of the link targets the renderings' links point into.
    pub(super) targets: Digest,
}

impl Derived {
    /// The digest of what `made` of each stage is made from, in stage order: what
    /// `serve` keeps outputs by from one save to the next.
    pub fn made_from(&self, content: &Content, made: Made) -> &[Digest] {
        self.made_from[made as usize]
            .get_or_init(|| made_from(self.settings, content, &self.schedule, &self.stages, made))
    }

    /// How each file's items line up, for its translations: home page, stages, pages.
    pub(super) fn guides(&self) -> Vec<Arc<Guide>> {
        std::iter::once(&self.home)
            .chain(&self.stages)
            .chain(&self.pages)
            .map(|r| Arc::new(Guide::of(&r.headings, &r.items)))
            .collect()
    }
}

impl Derived {
    /// Gives its renderings to `memory`, for the next update.
    pub(super) fn keep_renderings(self, memory: &mut Derivations) {
        let rendered = std::iter::once(self.home)
            .chain(self.stages)
            .chain(self.pages);
        memory.keep_renderings(self.targets, self.keys.into_iter().zip(rendered));
    }
}

/// What is made of a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    /// Its views.
    Views = 0,
    /// Its entry of the roadmap, and its parts of the reader's files.
    Entry = 1,
}

/// Renders every content file (or takes its rendering from `memory`), checks links
/// and anchors, and makes the schedule and the roadmap.
pub fn derive(
    (config, words): (&SiteConfig, &Words),
    content: &Content,
    markdown: &Markdown,
    mut memory: Option<&mut Derivations>,
    guides: Option<&[Arc<Guide>]>,
) -> Result<Derived, BuildError> {
    let t = Instant::now();
    let (targets_key, targets) =
        targets(content, &base_path(&config.base_url), memory.as_deref_mut());
    let jobs = jobs(content, guides);
    let heading_link = words.template("heading_link");
    let setup = digest::of(&(&config.markdown, &targets.base_path, heading_link));
    let keys: Vec<Digest> = (jobs.par_iter())
        .map(|(source, items, guide)| key(setup, source, *items, *guide))
        .collect();
    let mut known: Vec<Option<Arc<Rendered>>> = match memory.as_deref_mut() {
        Some(m) => keys
            .iter()
            .map(|key| m.take_rendering(*key, (targets_key, &targets)))
            .collect(),
        None => vec![None; keys.len()],
    };
    let results: Vec<Result<Arc<Rendered>, Vec<Diagnostic>>> = (jobs.par_iter())
        .zip(known.par_iter_mut())
        .map(|((source, items, guide), known)| match known.take() {
            Some(rendered) => Ok(rendered),
            None => (markdown.render_guided(source, &targets, *items, (*guide, heading_link)))
                .map(Arc::new),
        })
        .collect();
    if let Err(errors) = checked(content, &results) {
        // What did render is kept, so that once the mistake is mended only it is.
        if let Some(m) = memory {
            for (key, result) in keys.into_iter().zip(results) {
                result
                    .into_iter()
                    .for_each(|r| m.keep_rendering(key, targets_key, r));
            }
        }
        return Err(errors);
    }
    let mut results = results.into_iter().flatten();
    let home = results.next().unwrap_or_default();
    let stages: Vec<Arc<Rendered>> = results.by_ref().take(content.stages.len()).collect();
    let pages: Vec<Arc<Rendered>> = results.collect();
    let schedule = content.schedule();
    // The interface words the views and entries say durations and headings with.
    let settings = digest::of(&(digest::of(config), words.digest));
    // `serve` takes the stages' entries it kept by what they are made from.
    let entries =
        (memory.is_some()).then(|| made_from(settings, content, &schedule, &stages, Made::Entry));
    let pieces = (
        stages.as_slice(),
        pages.as_slice(),
        entries.as_deref().unwrap_or_default(),
    );
    let roadmap = roadmap((config, words), content, &schedule, pieces, memory);
    lap("markdown", t);
    Ok(Derived {
        home,
        stages,
        pages,
        schedule,
        edit: EditLinks::new(config, content),
        roadmap,
        made_from: [
            OnceLock::new(),
            entries.map_or_else(OnceLock::new, OnceLock::from),
        ],
        settings,
        keys,
        targets: targets_key,
    })
}

/// The files links may name with their digest (none without `memory`), kept by
/// `memory` while they are the same.
fn targets(
    content: &Content,
    base: &str,
    memory: Option<&mut Derivations>,
) -> (Digest, Arc<LinkTargets>) {
    let Some(memory) = memory else {
        return (0, Arc::new(link_targets(content, base)));
    };
    let key = targets_digest(content, base);
    match &memory.targets {
        Some((known, targets)) if *known == key => (key, Arc::clone(targets)),
        _ => {
            let targets = Arc::new(link_targets(content, base));
            memory.targets = Some((key, Arc::clone(&targets)));
            (key, targets)
        }
    }
}

/// Every error of the renderings, and of the anchors of those that rendered, so one
/// run reports every broken link.
fn checked(
    content: &Content,
    results: &[Result<Arc<Rendered>, Vec<Diagnostic>>],
) -> Result<(), BuildError> {
    let mut errors: Vec<Diagnostic> = (results.iter())
        .filter_map(|r| r.as_ref().err())
        .flatten()
        .cloned()
        .collect();
    let rendered: Vec<_> = (content.sources().zip(results))
        .filter_map(|(s, r)| r.as_ref().ok().map(|r| (s, &**r)))
        .collect();
    if let Err(e) = check_anchors(&rendered) {
        errors.extend(e.diagnostics);
    }
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Err(errors.into())
}

/// The roadmap, its entries taken from `memory` when made from the same inputs
/// (`pieces`: the stages' and pages' renderings, and what each entry is made from).
fn roadmap(
    (config, words): (&SiteConfig, &Words),
    content: &Content,
    schedule: &Schedule,
    pieces: (&[Arc<Rendered>], &[Arc<Rendered>], &[Digest]),
    memory: Option<&mut Derivations>,
) -> Roadmap {
    let (stages, pages, made_from) = pieces;
    let page_items = pages.iter().map(|r| r.items.clone()).collect();
    let known = memory.as_deref().map(|m| &m.entries);
    let entries: Vec<Arc<StageItems>> = (0..stages.len())
        .into_par_iter()
        .map(|i| match known.and_then(|k| k.get(&made_from[i])) {
            Some(entry) => Arc::clone(entry),
            None => Arc::new(StageItems::new(
                config,
                content,
                schedule,
                i,
                stages[i].items.clone(),
                words,
            )),
        })
        .collect();
    let Some(memory) = memory else {
        return Roadmap::of(
            config,
            content,
            schedule,
            (entries, page_items),
            None,
            words,
        );
    };
    // Every item id, in order, is what the version is made of.
    let mut d = Digester::new();
    stages
        .iter()
        .chain(pages)
        .for_each(|r| _ = d.add_u64(r.items.digest()));
    let items = d.finish();
    let version = (memory.items_version.take()).filter(|(k, _)| *k == items);
    memory.entries = made_from
        .iter()
        .copied()
        .zip(entries.iter().cloned())
        .collect();
    let version = version.map(|v| v.1);
    let roadmap = Roadmap::of(
        config,
        content,
        schedule,
        (entries, page_items),
        version,
        words,
    );
    memory.items_version = Some((items, roadmap.items_version.clone()));
    roadmap
}

/// A content file to render: its source, whose items it has, and for a translation
/// how its items line up with its source's.
type Job<'c> = (&'c Source, Items<'c>, Option<&'c Arc<Guide>>);

/// Every content file with whose items it has: the home page, stages, pages; a
/// translated file with the guide of its source (`guides`, in the same order).
fn jobs<'c>(content: &'c Content, guides: Option<&'c [Arc<Guide>]>) -> Vec<Job<'c>> {
    let files = std::iter::once((&content.home.source, Items::None))
        .chain((content.stages.iter()).map(|s| (&s.source, Items::Tracked { slug: &s.slug })))
        .chain((content.pages.iter()).map(|p| (&p.source, Items::Listed { slug: &p.slug })));
    (files.enumerate())
        .map(|(k, (source, items))| {
            let guide = guides
                .filter(|_| source.origin.is_some())
                .and_then(|g| g.get(k));
            (source, items, guide)
        })
        .collect()
}

/// What a file's rendering is made from, but for the URLs its links point to:
/// the Markdown settings and base path (`setup`), the file (its path and text), and
/// whose items it has. It names the rendering from one build to the next.
fn key(setup: Digest, source: &Source, items: Items, guide: Option<&Arc<Guide>>) -> Digest {
    let mut d = Digester::new();
    d.add_u64(setup).add_u64(source.digest);
    if let Some(guide) = guide {
        d.add_hash(&**guide);
    }
    match items {
        Items::None => d.add_str("none"),
        Items::Listed { slug } => d.add_str("listed").add_str(slug),
        Items::Tracked { slug } => d.add_str("tracked").add_str(slug),
    };
    d.finish()
}

/// [`stage_inputs`] of every stage, on all cores.
fn made_from(
    settings: Digest,
    content: &Content,
    schedule: &Schedule,
    stages: &[Arc<Rendered>],
    made: Made,
) -> Vec<Digest> {
    (0..stages.len())
        .into_par_iter()
        .map(|i| stage_inputs(settings, content, schedule, &stages[i], i, made))
        .collect()
}

/// What is made of stage `i` (`made`) is made from: the site's settings (`settings`, the
/// digest of site.toml as loaded), its place, its front matter (and its file's path),
/// what its `rendered` Markdown shows (for its views, its HTML, headings and items; for
/// its entry, its headings and items), where the schedule puts it, and the front matter
/// of the stages it requires and leads to (whose titles, numbers and slugs it names).
/// Everything made of a stage is made from these alone (see [`super::stage_views`]).
fn stage_inputs(
    settings: Digest,
    content: &Content,
    schedule: &Schedule,
    rendered: &Rendered,
    i: usize,
    made: Made,
) -> Digest {
    let span = &schedule.spans[i];
    let mut d = Digester::new();
    d.add_u64(settings)
        .add_u64(i as u64)
        .add_u64(content.stages[i].source.front_matter);
    match made {
        Made::Views => d.add_u64(rendered.digest()),
        Made::Entry => d.add_u64(rendered.outline_digest()),
    };
    for weeks in [span.start_min, span.start_max, span.end_min, span.end_max] {
        d.add_u64(weeks.to_bits());
    }
    for list in [&content.graph.requires[i], &content.graph.leads_to[i]] {
        d.add_u64(list.len() as u64);
        for &j in list {
            d.add_u64(j as u64)
                .add_u64(content.stages[j].source.front_matter);
        }
    }
    d.finish()
}
