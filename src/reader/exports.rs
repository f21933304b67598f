//! The roadmap as files to take away: `roadmap.json`, the Markdown checklist and a CSV
//! that Notion imports as a database.

use std::fmt::Write;

use super::{Gathered, Roadmap};
use crate::error::{BuildError, Diagnostic};
use crate::site::{BuildOptions, Site};

/// What `roadsmith export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Checklist,
    Notion,
}

/// Loads the site at `root` and renders the roadmap in `format`; nothing is written.
pub fn export(root: &std::path::Path, format: Format) -> Result<String, BuildError> {
    let site = Site::load(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })?;
    let roadmap = Roadmap::new(&site.config, &site.content);
    Ok(match format {
        Format::Checklist => checklist(&roadmap),
        Format::Notion => notion_csv(&roadmap)
            .map_err(|e| Diagnostic::new("notion.csv", format!("could not write the CSV: {e}")))?,
    })
}

/// `roadmap.json`: stages in order with their durations, URLs and items.
pub fn roadmap_json(roadmap: &Roadmap) -> Gathered<'_> {
    // The roadmap without its stages (the same fields, in the same order), cut where
    // they go.
    #[derive(serde::Serialize)]
    struct Head<'a> {
        title: &'a str,
        description: &'a str,
        url: &'a str,
        weeks_min: f64,
        weeks_max: f64,
        weeks_label: &'a str,
        stages: [(); 0],
        pages: &'a [super::PageItems],
    }
    let json = serde_json::to_string(&Head {
        title: &roadmap.title,
        description: &roadmap.description,
        url: &roadmap.url,
        weeks_min: roadmap.weeks_min,
        weeks_max: roadmap.weeks_max,
        weeks_label: &roadmap.weeks_label,
        stages: [],
        pages: &roadmap.pages,
    })
    .unwrap_or_default();
    let cut = json
        .find("\"stages\":[]")
        .map_or(json.len(), |i| i + "\"stages\":[".len());
    Gathered {
        rel: "roadmap.json",
        head: json[..cut].to_string(),
        tail: format!("{}\n", &json[cut..]),
        separator: ",",
        part: Box::new(|i| serde_json::to_string(&roadmap.stages[i]).unwrap_or_default()),
    }
}

/// The whole roadmap as one task-based Markdown checklist.
pub fn checklist(roadmap: &Roadmap) -> String {
    let mut out = Vec::new();
    let _ = checklist_parts(roadmap).write(roadmap.stages.len(), &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`checklist`] as a head, a section per stage, and the standalone pages' items.
pub fn checklist_parts(roadmap: &Roadmap) -> Gathered<'_> {
    let mut head = format!("# {}\n\n", roadmap.title);
    let _ = writeln!(
        head,
        "{} stages · {} · <{}>",
        roadmap.stages.len(),
        roadmap.weeks_label,
        roadmap.url
    );
    let mut tail = String::new();
    for page in &roadmap.pages {
        if page.items.is_empty() {
            continue;
        }
        let _ = write!(tail, "\n## {}\n\n<{}>\n\n", page.title, page.url);
        for item in &page.items {
            let _ = writeln!(tail, "- [ ] {}", item.markdown);
        }
    }
    Gathered {
        rel: "checklist.md",
        head,
        tail,
        separator: "",
        part: Box::new(|i| {
            let stage = &roadmap.stages[i];
            let mut md = String::new();
            let _ = writeln!(
                md,
                "\n## Stage {}: {}\n\n{} · {} · <{}>",
                stage.number, stage.title, stage.duration, stage.weeks_label, stage.url
            );
            let mut current = None;
            for item in &stage.items {
                if current != Some(item.kind) {
                    let _ = write!(md, "\n### {}\n\n", item.kind.section());
                    current = Some(item.kind);
                }
                let _ = writeln!(md, "- [ ] {}", item.markdown);
            }
            md
        }),
    }
}

/// A CSV with the columns Stage, Item, Kind, Duration, Status: Notion's "Import > CSV"
/// makes it a database, one row per item.
pub fn notion_csv(roadmap: &Roadmap) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["Stage", "Item", "Kind", "Duration", "Status"])?;
    for stage in &roadmap.stages {
        let name = format!("Stage {}: {}", stage.number, stage.title);
        for item in &stage.items {
            w.write_record([
                name.as_str(),
                item.text.as_str(),
                item.kind.label(),
                stage.duration.as_str(),
                "Not started",
            ])?;
        }
    }
    for page in &roadmap.pages {
        for item in &page.items {
            w.write_record([
                page.title.as_str(),
                item.text.as_str(),
                item.kind.label(),
                "",
                "Not started",
            ])?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
