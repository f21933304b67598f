//! The roadmap as data, in parts, as search's files are: `roadmap.json`, a small index
//! (the roadmap's title and totals, `items_version`, `study_order`, and a row per stage
//! and page: what the plan needs and which part holds its entry), and the parts under
//! `roadmap/`, each the entries of a block of [`STAGES_PER_PART`] stages (the
//! standalone pages' in a part of their own): what the rows do not say. A stage's items
//! are in its search fragment (`search/f-*.json`, with their ids), which a script needs
//! for their text anyway; a page's, which search does not cover, in the pages' part, as
//! compact arrays. Parts are named by a hash of their bytes so that a
//! cache never holds an old part under a new name. A reader's script fetches the index
//! for the plan and the parts it needs: a changed stage's, or all of them when the
//! reader makes a share link or imports (see docs/templates.md, "window.roadsmith").

use serde::Serialize;

use super::{Roadmap, StageItems, items};
use crate::gathered::{JsonPart, json_part};

/// The index, at the top of the language's folder.
pub const INDEX: &str = "roadmap.json";
/// Where the parts are, below the language's folder.
pub const FOLDER: &str = "roadmap/";
/// Stages a part holds: 10,000 stages make 625 parts of under 4 KB.
pub const STAGES_PER_PART: usize = 16;

/// A stage's row of the index: what the plan dates it by, and where its entry is.
#[derive(Serialize)]
struct StageRow<'a> {
    slug: &'a str,
    number: u32,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    duration: &'a str,
    days_min: f64,
    days_max: f64,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    requires: &'a [String],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    optional: bool,
    /// How many of its items are tracked.
    tracked: usize,
    /// [`items_hash`] of its items.
    items: String,
    /// Its part's place in `parts`.
    part: usize,
}

/// A standalone page's row of the index.
#[derive(Serialize)]
struct PageRow<'a> {
    slug: &'a str,
    title: &'a str,
    url: &'a str,
    items: String,
    part: usize,
}

#[derive(Serialize)]
struct Index<'a> {
    title: &'a str,
    description: &'a str,
    url: &'a str,
    weeks_min: f64,
    weeks_max: f64,
    weeks_label: &'a str,
    hours_per_week: f64,
    /// [`Roadmap::items_version`].
    items_version: &'a str,
    /// The parts' paths, relative to the index.
    parts: &'a [String],
    stages: Vec<StageRow<'a>>,
    study_order: &'a [String],
    pages: Vec<PageRow<'a>>,
}

/// 32-bit FNV-1a of a list of items' ids joined by `\n`, 8 hex digits: what a reader's
/// script compares with the ids it saw (`reader.js` computes it the same way).
pub fn items_hash<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    items::short_hash_lines(ids)
}

/// A stage's entry in its part: what its index row does not say (where the timeline
/// puts it, its track). Written once: the row's fields (number, title, summary,
/// duration, days, requires, optional) are not repeated here, nor its URL (the index's
/// and `stages/<slug>/`), nor its items, which its search fragment holds; a reader's
/// script lays the entry over its row and adds the URL and items (`reader.js`,
/// `entries`).
#[derive(Serialize)]
struct StageEntry<'a> {
    slug: &'a str,
    order: usize,
    weeks_min: f64,
    weeks_max: f64,
    start_min: f64,
    start_week: u64,
    end_week: u64,
    weeks_label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    track: Option<&'a str>,
}

/// A standalone page's entry in the pages' part.
#[derive(Serialize)]
struct PageEntry<'a> {
    slug: &'a str,
    items: Items<'a>,
}

/// Items as arrays, `[id, text, kind, tracked]`: `id` without the `<slug>/` every id of
/// the entry starts with (whole when it does not: it holds a `/`), `tracked` 1 or 0.
/// The item's section, link and Markdown are on the page; the text is here for the
/// scripts that follow a reworded item and for `my-roadmap.md`.
struct Items<'a> {
    slug: &'a str,
    items: &'a [items::Item],
}

impl Serialize for Items<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.items.len()))?;
        for item in self.items {
            let id = item.id_within(self.slug);
            let tracked = u8::from(item.tracked);
            seq.serialize_element(&(id, &item.text, item.kind.name(), tracked))?;
        }
        seq.end()
    }
}

/// Stage `i`'s entry, as its part holds it.
pub fn stage_part(roadmap: &Roadmap, i: usize) -> JsonPart {
    let s = &*roadmap.stages[i];
    json_part(&StageEntry {
        slug: &s.slug,
        order: s.order,
        weeks_min: s.weeks_min,
        weeks_max: s.weeks_max,
        start_min: s.start_min,
        start_week: s.start_week,
        end_week: s.end_week,
        weeks_label: &s.weeks_label,
        track: s.track.as_deref(),
    })
}

/// A part's file: its path below the language's folder, and its bytes.
pub type PartFile = (String, Vec<u8>);

/// The file of a block of stages' entries.
pub fn stages_file<'a>(entries: impl Iterator<Item = &'a JsonPart>) -> PartFile {
    let mut bytes = b"{\"stages\":[".to_vec();
    for (k, entry) in entries.enumerate() {
        if k > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(entry.get().as_bytes());
    }
    bytes.extend_from_slice(b"]}\n");
    (named(&bytes), bytes)
}

/// The standalone pages' part, when there are pages.
pub fn pages_file(roadmap: &Roadmap) -> Option<PartFile> {
    if roadmap.pages.is_empty() {
        return None;
    }
    #[derive(Serialize)]
    struct Pages<'a> {
        pages: Vec<PageEntry<'a>>,
    }
    let pages = (roadmap.pages.iter())
        .map(|p| PageEntry {
            slug: &p.slug,
            items: Items {
                slug: &p.slug,
                items: &p.items,
            },
        })
        .collect();
    let mut bytes = serde_json::to_vec(&Pages { pages }).unwrap_or_default();
    bytes.push(b'\n');
    Some((named(&bytes), bytes))
}

/// `roadmap/<16 hex digits of the bytes' digest>.json`.
fn named(bytes: &[u8]) -> String {
    let digest = crate::digest::Digester::new().add(bytes).finish();
    format!("{FOLDER}{digest:016x}.json")
}

fn stage_row(stage: &StageItems, part: usize) -> StageRow<'_> {
    StageRow {
        slug: &stage.slug,
        number: stage.number,
        title: &stage.title,
        summary: stage.summary.as_deref(),
        duration: &stage.duration,
        days_min: stage.days_min,
        days_max: stage.days_max,
        requires: &stage.requires,
        optional: stage.optional,
        tracked: stage.items.iter().filter(|i| i.tracked).count(),
        items: items_hash(stage.items.iter().map(|i| i.id.as_str())),
        part,
    }
}

/// `roadmap.json`, the index, naming `parts` (the stages' blocks in order, then the
/// pages' part when there is one).
pub fn index(roadmap: &Roadmap, parts: &[String]) -> Vec<u8> {
    let pages_part = parts.len().saturating_sub(1);
    let index = Index {
        title: &roadmap.title,
        description: &roadmap.description,
        url: &roadmap.url,
        weeks_min: roadmap.weeks_min,
        weeks_max: roadmap.weeks_max,
        weeks_label: &roadmap.weeks_label,
        hours_per_week: roadmap.hours_per_week,
        items_version: &roadmap.items_version,
        parts,
        stages: (roadmap.stages.iter().enumerate())
            .map(|(i, s)| stage_row(s, i / STAGES_PER_PART))
            .collect(),
        study_order: &roadmap.study_order,
        pages: (roadmap.pages.iter())
            .map(|p| PageRow {
                slug: &p.slug,
                title: &p.title,
                url: &p.url,
                items: items_hash(p.items.iter().map(|i| i.id.as_str())),
                part: pages_part,
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec(&index).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The digest of the index but its parts' names and rows: the roadmap's fields and
/// pages, which no stage's part digest covers.
pub fn frame_digest(roadmap: &Roadmap) -> crate::digest::Digest {
    let mut d = crate::digest::Digester::new();
    d.add_str(&roadmap.title)
        .add_str(&roadmap.description)
        .add_str(&roadmap.url)
        .add_str(&roadmap.weeks_label)
        .add_str(&roadmap.items_version)
        .add_u64(roadmap.weeks_min.to_bits())
        .add_u64(roadmap.weeks_max.to_bits())
        .add_u64(roadmap.hours_per_week.to_bits());
    for slug in &roadmap.study_order {
        d.add_str(slug);
    }
    // The pages' rows: their part does not say their titles and URLs.
    for page in &roadmap.pages {
        d.add_str(&page.slug)
            .add_str(&page.title)
            .add_str(&page.url);
    }
    if let Some((name, _)) = pages_file(roadmap) {
        d.add_str(&name);
    }
    d.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_named_by_its_bytes() {
        let a = json_part(&serde_json::json!({"slug": "a"}));
        let b = json_part(&serde_json::json!({"slug": "b"}));
        let (name, bytes) = stages_file([&a, &b].into_iter());
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "{\"stages\":[{\"slug\":\"a\"},{\"slug\":\"b\"}]}\n"
        );
        assert!(name.starts_with("roadmap/") && name.ends_with(".json"));
        assert_eq!(name.len(), "roadmap/".len() + 16 + ".json".len());
        assert_eq!(stages_file([&a, &b].into_iter()).0, name);
        assert_ne!(stages_file([&b, &a].into_iter()).0, name);
    }

    #[test]
    fn the_items_hash_is_fnv_of_the_ids_joined() {
        // reader.js computes the same: FNV-1a of "s/1\ns/2".
        assert_eq!(
            items_hash(["s/1", "s/2"].into_iter()),
            items::short_hash("s/1\ns/2")
        );
        assert_eq!(items_hash(std::iter::empty()), "811c9dc5");
    }
}
