//! The roadmap as files to take away: the Markdown checklist (gathered from one part per
//! stage, see [`crate::gathered`]) and a CSV that Notion imports as a database. The
//! roadmap's data is [`super::parts`]'s, the search files [`super::search`]'s.

use std::fmt::Write;

use super::Roadmap;
use crate::gathered::Gathered;
use crate::i18n::Words;

/// Whether the checklist of a roadmap of `stages` stages has a line per stage.
pub fn one_line_per_stage(stages: usize) -> bool {
    stages > super::LONG_ROADMAP
}

/// `checklist.md`: the whole roadmap as one Markdown task list, a section per stage,
/// then the standalone pages' items. A roadmap of more than [`super::LONG_ROADMAP`]
/// stages gets one task per stage instead (its title, duration, weeks and URL): every
/// item of 10,000 stages would make a file of tens of MB that no notes app takes, and
/// each stage's page lists its items.
pub fn checklist<'r>(roadmap: &'r Roadmap, words: &'r Words) -> Gathered<'r, String> {
    let mut head = format!("# {}\n\n", roadmap.title);
    let optional = roadmap.stages.iter().filter(|s| s.optional).count();
    let mut count = words.stage_count(roadmap.stages.len());
    if optional > 0 {
        count = format!("{count} {}", words.optional_count(optional));
    }
    let _ = writeln!(
        head,
        "{count} · {} · <{}>",
        roadmap.weeks_label, roadmap.url
    );
    // Made when a part is: the frame alone names no stage.
    let names = std::sync::OnceLock::new();
    let mut tail = String::new();
    for page in roadmap.pages.iter().filter(|p| !p.items.is_empty()) {
        let _ = write!(tail, "\n## {}\n\n<{}>\n\n", page.title, page.url);
        for item in page.items.iter() {
            let _ = writeln!(tail, "- [ ] {}", item.markdown);
        }
    }
    let long = one_line_per_stage(roadmap.stages.len());
    if long {
        head.push('\n');
    }
    Gathered::text("checklist.md", head, "", tail, move |i| {
        let stage = &roadmap.stages[i];
        let heading = words.stage_title(stage.number, &stage.title);
        if long {
            return format!(
                "- [ ] {heading} · {} · {} · <{}>\n",
                stage.duration, stage.weeks_label, stage.url
            );
        }
        let mut md = String::new();
        let _ = write!(
            md,
            "\n## {heading}\n\n{} · {}",
            stage.duration, stage.weeks_label
        );
        if stage.optional {
            let _ = write!(md, " · {}", words.text("optional_word", &[]));
        }
        if let Some(track) = &stage.track {
            let _ = write!(
                md,
                " · {}",
                words.text("checklist_track", &[("track", track)])
            );
        }
        let _ = writeln!(md, " · <{}>", stage.url);
        if !stage.requires.is_empty() {
            let names = names.get_or_init(|| stage_names(roadmap, words));
            let before = words.text("before_this", &[]);
            let _ = writeln!(md, "\n{before} {}", names.join(&stage.requires, "; "));
        }
        let mut current = None;
        for item in stage.items.iter() {
            if current != Some(item.kind) {
                let _ = write!(md, "\n### {}\n\n", words.text(item.kind.section_key(), &[]));
                current = Some(item.kind);
            }
            let _ = writeln!(md, "- [ ] {}", item.markdown);
        }
        md
    })
}

/// Stage slug -> "Stage 4: ORM Mastery", to name what a stage requires.
struct StageNames<'a>(std::collections::HashMap<&'a str, String>);

impl StageNames<'_> {
    fn join(&self, slugs: &[String], separator: &str) -> String {
        let names: Vec<&str> = slugs
            .iter()
            .map(|s| self.0.get(s.as_str()).map_or(s.as_str(), String::as_str))
            .collect();
        names.join(separator)
    }
}

fn stage_names<'r>(roadmap: &'r Roadmap, words: &Words) -> StageNames<'r> {
    StageNames(
        roadmap
            .stages
            .iter()
            .map(|s| (s.slug.as_str(), words.stage_title(s.number, &s.title)))
            .collect(),
    )
}

/// A CSV with the columns Stage, Item, Kind, Duration, Status, Requires (the stages
/// to finish first, `; `-separated), Optional (Yes or No) and Track: Notion's
/// "Import > CSV" makes it a database, one row per item.
pub fn notion_csv(roadmap: &Roadmap) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "Stage", "Item", "Kind", "Duration", "Status", "Requires", "Optional", "Track",
    ])?;
    // Notion's columns and values stay English: they are the database's keys.
    let names = stage_names(roadmap, &Words::default());
    for stage in &roadmap.stages {
        let name = format!("Stage {}: {}", stage.number, stage.title);
        let requires = names.join(&stage.requires, "; ");
        let optional = if stage.optional { "Yes" } else { "No" };
        for item in stage.items.iter() {
            w.write_record([
                name.as_str(),
                item.text.as_str(),
                item.kind.label(),
                stage.duration.as_str(),
                "Not started",
                requires.as_str(),
                optional,
                stage.track.as_deref().unwrap_or(""),
            ])?;
        }
    }
    for page in &roadmap.pages {
        for item in page.items.iter() {
            w.write_record([
                page.title.as_str(),
                item.text.as_str(),
                item.kind.label(),
                "",
                "Not started",
                "",
                "",
                "",
            ])?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
