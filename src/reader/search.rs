//! `search-index.json`: stages, their headings and items, small enough for the reader
//! script to search by hand.

use serde::Serialize;

use super::{Gathered, Roadmap};
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

/// The index: a JSON array with, for each stage, its own entry, its headings' and its
/// items'. `headings[i]` are the headings of `roadmap.stages[i]`.
pub fn index<'a>(
    roadmap: &'a Roadmap,
    base_path: &'a str,
    summaries: &'a [Option<&'a str>],
    headings: &'a [&'a [Heading]],
) -> Gathered<'a> {
    Gathered {
        rel: "search-index.json",
        head: "[".into(),
        tail: "]".into(),
        separator: ",",
        part: Box::new(move |i| {
            let stage = &roadmap.stages[i];
            let stage_title = stage.title.as_str();
            // Root-relative URLs: the index works wherever the site is previewed.
            let url = format!("{base_path}{}", stage_path(&stage.slug));
            let entry = |kind, title, url: String, text| Entry {
                kind,
                title,
                stage: stage_title,
                url,
                text,
            };
            let text = summaries.get(i).copied().flatten().unwrap_or("");
            let mut entries = vec![entry("stage", stage_title, url.clone(), text)];
            for h in headings.get(i).copied().unwrap_or(&[]) {
                let at = [url.as_str(), "#", &h.id].concat();
                entries.push(entry("heading", &h.title, at, ""));
            }
            for item in &stage.items {
                let at = [url.as_str(), "#", &item.section].concat();
                entries.push(entry(item.kind.name(), &item.text, at, ""));
            }
            let json = serde_json::to_string(&entries).unwrap_or_default();
            // The entries without their brackets: the file is one array.
            json[1..json.len() - 1].to_string()
        }),
    }
}
