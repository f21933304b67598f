//! `search-index.json`: stages, their headings and items, small enough for the reader
//! script to search by hand.

use serde::Serialize;

use super::Roadmap;
use crate::markdown::Heading;
use crate::templates::stage_path;

#[derive(Debug, Serialize)]
struct Entry<'a> {
    /// "stage", "heading" or the item's kind.
    kind: &'a str,
    title: &'a str,
    /// The stage it belongs to, for context.
    stage: &'a str,
    url: String,
    /// Words to show around a match.
    #[serde(skip_serializing_if = "str::is_empty")]
    text: &'a str,
}

/// `headings[i]` are the headings of `roadmap.stages[i]`.
pub fn index(
    roadmap: &Roadmap,
    base_path: &str,
    summaries: &[Option<&str>],
    headings: &[&[Heading]],
) -> String {
    let mut entries = Vec::new();
    for (i, stage) in roadmap.stages.iter().enumerate() {
        let stage_title = stage.title.as_str();
        // Root-relative URLs: the index works wherever the site is previewed.
        let url = format!("{base_path}{}", stage_path(&stage.slug));
        entries.push(Entry {
            kind: "stage",
            title: stage_title,
            stage: stage_title,
            url: url.clone(),
            text: summaries.get(i).copied().flatten().unwrap_or(""),
        });
        for h in headings.get(i).copied().unwrap_or(&[]) {
            entries.push(Entry {
                kind: "heading",
                title: &h.title,
                stage: stage_title,
                url: format!("{url}#{}", h.id),
                text: "",
            });
        }
        for item in &stage.items {
            entries.push(Entry {
                kind: item.kind.name(),
                title: &item.text,
                stage: stage_title,
                url: format!("{url}#{}", item.section),
                text: "",
            });
        }
    }
    serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into())
}
