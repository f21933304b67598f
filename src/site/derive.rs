//! Step 2 of the pipeline: what a site's outputs are made from, derived from its content.
//! Every content file's Markdown is rendered (on all cores, links between files
//! resolved and checked, anchors checked against every file's headings, the reader's
//! items read), then the schedule and the roadmap with its items are made. After a save
//! a rendering is taken from the [`Renderings`] of the last build when its source, its
//! place and the URLs its links were given are as they were.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::lap;
use super::memory::Renderings;
use crate::config::SiteConfig;
use crate::content::{Content, HOME_FILE, Schedule, Source};
use crate::digest::{self, Digest, Digester};
use crate::error::{BuildError, Diagnostic};
use crate::markdown::{Items, LinkTargets, Markdown, Rendered};
use crate::reader::{EditLinks, Roadmap};
use crate::url::{base_path, encode_path, page_path, stage_path};

/// What the outputs are made from, besides the site as loaded.
pub struct Derived {
    pub home: Rendered,
    /// Stages' and pages' renderings, in content order.
    pub stages: Vec<Rendered>,
    pub pages: Vec<Rendered>,
    pub schedule: Schedule,
    pub roadmap: Roadmap,
    /// Each stage's tracked items' ids ([`Roadmap::tracked_ids`]).
    pub tracked: Vec<String>,
    pub edit: EditLinks,
    /// What each rendering was made from (home, stages, pages), to keep it by.
    pub(super) keys: Vec<Digest>,
}

/// Renders every content file (or takes its rendering from `renderings`), checks links
/// and anchors, and makes the schedule and the roadmap.
pub fn derive(
    config: &SiteConfig,
    content: &Content,
    markdown: &Markdown,
    mut renderings: Option<&mut Renderings>,
) -> Result<Derived, BuildError> {
    let t = Instant::now();
    let base = base_path(&config.base_url);
    // All files at once: links need every file's URL, anchors every file's headings.
    let targets = link_targets(content, &base);
    let jobs = jobs(content);
    let setup = digest::of(&(&config.markdown, &base));
    let keys: Vec<Digest> = (jobs.par_iter())
        .map(|(source, items)| key(setup, source, *items))
        .collect();
    let mut known: Vec<Option<Rendered>> = match renderings.as_deref_mut() {
        Some(r) => keys.iter().map(|key| r.take(*key, &targets)).collect(),
        None => vec![None; keys.len()],
    };
    let results: Vec<Result<Rendered, Vec<Diagnostic>>> = (jobs.par_iter())
        .zip(known.par_iter_mut())
        .map(|((source, items), known)| match known.take() {
            Some(rendered) => Ok(rendered),
            None => markdown.render(source, &targets, *items),
        })
        .collect();
    let mut errors: Vec<Diagnostic> = (results.iter())
        .filter_map(|r| r.as_ref().err())
        .flatten()
        .cloned()
        .collect();
    // Anchors too, in the files that rendered, so one run reports every broken link.
    let rendered: Vec<_> = (content.sources().zip(&results))
        .filter_map(|(s, r)| r.as_ref().ok().map(|r| (s, r)))
        .collect();
    if let Err(e) = check_anchors(&rendered) {
        errors.extend(e.diagnostics);
    }
    if !errors.is_empty() {
        // What did render is kept, so that once the mistake is mended only it is.
        if let Some(r) = renderings {
            for (key, result) in keys.into_iter().zip(results) {
                result.into_iter().for_each(|rendered| r.insert(key, rendered));
            }
        }
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(errors.into());
    }
    let mut results = results.into_iter().flatten();
    let home = results.next().unwrap_or_default();
    let stages: Vec<Rendered> = results.by_ref().take(content.stages.len()).collect();
    let pages: Vec<Rendered> = results.collect();
    let schedule = content.schedule();
    let items = |r: &Vec<Rendered>| r.iter().map(|r| r.items.clone()).collect();
    let roadmap = Roadmap::new(config, content, &schedule, items(&stages), items(&pages));
    lap("markdown", t);
    Ok(Derived {
        home,
        stages,
        pages,
        schedule,
        tracked: roadmap.tracked_ids(),
        edit: EditLinks::new(config, content),
        roadmap,
        keys,
    })
}

/// Every content file with whose items it has: the home page, stages, pages.
fn jobs(content: &Content) -> Vec<(&Source, Items<'_>)> {
    std::iter::once((&content.home.source, Items::None))
        .chain((content.stages.iter()).map(|s| (&s.source, Items::Tracked { slug: &s.slug })))
        .chain((content.pages.iter()).map(|p| (&p.source, Items::Listed { slug: &p.slug })))
        .collect()
}

/// What a file's rendering is made from, but for the URLs its links point to:
/// the Markdown settings and base path (`setup`), the file (its path and text), and
/// whose items it has. It names the rendering from one build to the next.
fn key(setup: Digest, source: &Source, items: Items) -> Digest {
    let mut d = Digester::new();
    d.add_u64(setup).add_u64(source.digest);
    match items {
        Items::None => d.add_str("none"),
        Items::Listed { slug } => d.add_str("listed").add_str(slug),
        Items::Tracked { slug } => d.add_str("tracked").add_str(slug),
    };
    d.finish()
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
