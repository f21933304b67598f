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

/// Writes the index. `headings[i]` are the headings of `roadmap.stages[i]`.
pub fn write_index(
    roadmap: &Roadmap,
    base_path: &str,
    summaries: &[Option<&str>],
    headings: &[&[Heading]],
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // One stage's entries at a time, straight into the writer.
    let entries = roadmap.stages.iter().enumerate().flat_map(|(i, stage)| {
        let stage_title = stage.title.as_str();
        // Root-relative URLs: the index works wherever the site is previewed.
        let url = format!("{base_path}{}", stage_path(&stage.slug));
        let first = Entry {
            kind: "stage",
            title: stage_title,
            stage: stage_title,
            url: url.clone(),
            text: summaries.get(i).copied().flatten().unwrap_or(""),
        };
        let headings = headings.get(i).copied().unwrap_or(&[]).iter().map(|h| {
            (
                "heading",
                h.title.as_str(),
                [url.as_str(), "#", &h.id].concat(),
            )
        });
        let items = stage.items.iter().map(|item| {
            (
                item.kind.name(),
                item.text.as_str(),
                [url.as_str(), "#", &item.section].concat(),
            )
        });
        let rest: Vec<Entry> = headings
            .chain(items)
            .map(|(kind, title, url)| Entry {
                kind,
                title,
                stage: stage_title,
                url,
                text: "",
            })
            .collect();
        std::iter::once(first).chain(rest)
    });
    let mut json = serde_json::Serializer::new(w);
    serde::Serializer::collect_seq(&mut json, entries).map_err(std::io::Error::other)
}
