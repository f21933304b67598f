//! What readers take away besides the pages, built from the content model alone:
//! every stage's items ([`items`]), the roadmap as data ([`Roadmap`]), the files made
//! from it ([`parts`]: `roadmap.json` and its parts; [`files`]: `checklist.md`, the Notion CSV; [`search`]: the
//! search files), the timeline's and the map's geometry ([`timeline`], [`map`]), and the dated study plan with
//! its calendar ([`plan`], [`ics`]). It knows the content model and the URL scheme,
//! nothing of how a site is built.

pub mod files;
pub mod ics;
pub mod items;
pub mod map;
pub mod parts;
pub mod plan;
pub mod search;
pub mod timeline;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::{Content, Schedule};
use crate::i18n::Words;
use crate::url::{edit_url, page_path, stage_path};
use items::ItemList;

/// Past how many stages a roadmap is long: its overview lists blocks of stages
/// ([`crate::templates::blocks`]) and its checklist one line per stage ([`files`]).
pub const LONG_ROADMAP: usize = 500;

/// A stage with its items, as a part of the roadmap's data publishes it ([`parts`]).
#[derive(Debug, Clone, Serialize)]
pub struct StageItems {
    pub order: usize,
    pub number: u32,
    pub title: String,
    pub summary: Option<String>,
    pub slug: String,
    pub duration: String,
    pub weeks_min: f64,
    pub weeks_max: f64,
    /// The duration in days at the author's weekly hours (`[plan] hours_per_week`): what
    /// a reader's plan scales (see [`plan`]).
    pub days_min: f64,
    pub days_max: f64,
    /// Weeks done before it starts at the quickest pace: where its timeline bar starts.
    pub start_min: f64,
    pub start_week: u64,
    pub end_week: u64,
    pub weeks_label: String,
    pub url: String,
    /// Slugs of the stages to finish first, in stage order (the default filled in).
    pub requires: Vec<String>,
    /// An elective: not counted in the roadmap's total.
    pub optional: bool,
    /// Its lane on the timeline; `null` for the main one.
    pub track: Option<String>,
    pub items: ItemList,
    /// The ids of its items whose progress is kept, space-separated, for progress bars.
    #[serde(skip)]
    pub tracked: String,
}

impl StageItems {
    /// Stage `i` of `content` with its `items`, where `schedule` puts it.
    pub fn new(
        config: &SiteConfig,
        content: &Content,
        schedule: &Schedule,
        i: usize,
        items: ItemList,
        words: &Words,
    ) -> StageItems {
        let (s, span) = (&content.stages[i], &schedule.spans[i]);
        let tracked: Vec<&str> = (items.iter())
            .filter(|i| i.tracked)
            .map(|i| i.id.as_str())
            .collect();
        StageItems {
            order: i,
            number: s.number,
            title: s.title.clone(),
            summary: s.summary.clone(),
            slug: s.slug.clone(),
            duration: words.duration(&s.duration.text),
            weeks_min: s.duration.weeks_min,
            weeks_max: s.duration.weeks_max,
            days_min: plan::days(s.duration.weeks_min),
            days_max: plan::days(s.duration.weeks_max),
            start_min: span.start_min,
            start_week: span.start_week(),
            end_week: span.end_week(),
            weeks_label: words.duration(&span.label()),
            url: format!("{}{}", config.base_url, stage_path(&s.slug)),
            requires: slugs(content, &content.graph.requires[i]),
            optional: s.branching.optional,
            track: s.branching.track.clone(),
            tracked: tracked.join(" "),
            items,
        }
    }
}

/// The slugs of stages `list` of `content`.
fn slugs(content: &Content, list: &[usize]) -> Vec<String> {
    list.iter()
        .map(|&j| content.stages[j].slug.clone())
        .collect()
}

/// A standalone page's items: part of the roadmap's checklist, but on no timeline.
#[derive(Debug, Clone, Serialize)]
pub struct PageItems {
    pub title: String,
    pub slug: String,
    pub url: String,
    pub items: ItemList,
}

/// The whole roadmap as data.
#[derive(Debug, Clone)]
pub struct Roadmap {
    pub title: String,
    pub description: String,
    pub url: String,
    /// The longest path through the required stages, shortest and longest.
    pub weeks_min: f64,
    pub weeks_max: f64,
    pub weeks_label: String,
    /// Where the last stage, optional ones included, ends at the slowest pace.
    pub last_end: f64,
    /// The weekly hours the durations assume (`[plan] hours_per_week`).
    pub hours_per_week: f64,
    pub stages: Vec<Arc<StageItems>>,
    /// Stage slugs in the order one learner takes them one at a time: each after what it
    /// requires, otherwise by stage number.
    pub study_order: Vec<String>,
    /// Standalone pages (the bonus topics) with their items, after the stages.
    pub pages: Vec<PageItems>,
    /// A hash of every item id, stages' then pages', in order: it changes when an item
    /// is added, removed, reworded or moved, and the reader script then follows the
    /// reader's items to where they went.
    pub items_version: String,
}

impl Roadmap {
    /// The roadmap of `content` with its items: `stages[i]` are the items of
    /// `content.stages[i]`, `pages[i]` those of `content.pages[i]`.
    pub fn new(
        config: &SiteConfig,
        content: &Content,
        schedule: &Schedule,
        stages: Vec<ItemList>,
        pages: Vec<ItemList>,
    ) -> Roadmap {
        // On all cores: at 10,000 stages this runs while no other work can.
        let stages = (stages.into_par_iter().enumerate())
            .map(|(i, items)| {
                let words = &Words::default();
                Arc::new(StageItems::new(config, content, schedule, i, items, words))
            })
            .collect();
        let words = &Words::default();
        Roadmap::of(config, content, schedule, (stages, pages), None, words)
    }

    /// The roadmap of `content` of these entries (made by [`StageItems::new`]) and
    /// these pages' items, and its [`Roadmap::items_version`] when known.
    pub fn of(
        config: &SiteConfig,
        content: &Content,
        schedule: &Schedule,
        (stages, pages): (Vec<Arc<StageItems>>, Vec<ItemList>),
        items_version: Option<String>,
        words: &Words,
    ) -> Roadmap {
        let base = &config.base_url;
        let pages: Vec<PageItems> = content
            .pages
            .iter()
            .zip(pages)
            .map(|(p, items)| PageItems {
                title: p.title.clone(),
                slug: p.slug.clone(),
                url: format!("{base}{}", page_path(&p.slug)),
                items,
            })
            .collect();
        let items_version =
            items_version.unwrap_or_else(|| Roadmap::items_version_of(&stages, &pages));
        Roadmap {
            title: config.title.clone(),
            description: config.description.clone(),
            url: base.clone(),
            weeks_min: schedule.weeks_min,
            weeks_max: schedule.weeks_max,
            weeks_label: words.duration(&schedule.label()),
            last_end: schedule.last_end,
            hours_per_week: config.plan.hours_per_week,
            stages,
            study_order: slugs(content, &content.graph.study_order()),
            items_version,
            pages,
        }
    }

    /// "5 stages", "7 stages (2 optional)".
    pub fn stage_count(&self) -> String {
        match self.stages.iter().filter(|s| s.optional).count() {
            0 => format!("{} stages", self.stages.len()),
            n => format!("{} stages ({n} optional)", self.stages.len()),
        }
    }

    /// A hash of every item id, stages' then pages', in order (see
    /// [`Roadmap::items_version`]).
    pub fn items_version_of(stages: &[Arc<StageItems>], pages: &[PageItems]) -> String {
        let stages = stages.iter().map(|s| &s.items);
        let pages = pages.iter().map(|p| &p.items);
        let ids = (stages.chain(pages))
            .flat_map(|items| items.iter())
            .map(|i| i.id.as_str());
        items::short_hash_lines(ids)
    }
}

/// "Edit this page" links, when `repo_url` is set: `{repo_url}/edit/main/content/<file>`.
#[derive(Debug, Clone, Default)]
pub struct EditLinks {
    pub stages: Vec<Option<String>>,
    pub pages: Vec<Option<String>>,
    pub home: Option<String>,
}

impl EditLinks {
    pub fn new(config: &SiteConfig, content: &Content) -> EditLinks {
        let edit =
            |path: &std::path::Path| config.repo_url.as_deref().map(|repo| edit_url(repo, path));
        EditLinks {
            stages: content
                .stages
                .iter()
                .map(|s| edit(&s.source.path))
                .collect(),
            pages: content.pages.iter().map(|p| edit(&p.source.path)).collect(),
            home: edit(&content.home.source.path),
        }
    }
}

/// `reader` in every template: what the reader features add to the theme's pages.
#[derive(Debug, Clone, Serialize)]
pub struct ReaderView<'a> {
    /// Stage slug -> space-separated ids of the items whose progress is kept.
    pub tracked: BTreeMap<&'a str, &'a str>,
    /// Stage slug -> space-separated slugs of the stages it requires: with `tracked`,
    /// what the overview's "Ready to start" is computed from in the browser.
    pub requires: BTreeMap<&'a str, String>,
    /// [`Roadmap::items_version`].
    pub items_version: &'a str,
    /// "Edit this page" links ([`EditLinks`]): stage slug -> URL.
    pub stage_edit: BTreeMap<&'a str, Option<&'a str>>,
    /// Standalone page slug -> URL.
    pub page_edit: BTreeMap<&'a str, Option<&'a str>>,
    pub home_edit: Option<&'a str>,
}

impl<'a> ReaderView<'a> {
    pub fn new(roadmap: &'a Roadmap, edit: &'a EditLinks) -> Self {
        let stages = || roadmap.stages.iter().map(|s| s.slug.as_str());
        ReaderView {
            tracked: (roadmap.stages.iter())
                .map(|s| (s.slug.as_str(), s.tracked.as_str()))
                .collect(),
            requires: (roadmap.stages.iter())
                .map(|s| (s.slug.as_str(), s.requires.join(" ")))
                .collect(),
            items_version: &roadmap.items_version,
            stage_edit: stages()
                .zip(edit.stages.iter().map(Option::as_deref))
                .collect(),
            page_edit: (roadmap.pages.iter())
                .map(|p| p.slug.as_str())
                .zip(edit.pages.iter().map(Option::as_deref))
                .collect(),
            home_edit: edit.home.as_deref(),
        }
    }
}
