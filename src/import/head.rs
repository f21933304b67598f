//! What an import says of the whole document: the site's title and description, the
//! weekly effort it states, whether raw HTML is left, and why the stages are what they
//! are.

use std::path::Path;

use super::model::Plan;
use super::structure::{self, BOLD, ITEMS, Outline, TABLE};
use super::{durations, names};

pub fn levels(readings: &[structure::Reading]) -> String {
    let names: Vec<String> = readings
        .iter()
        .map(|r| {
            if r.level == BOLD {
                "bold".into()
            } else if r.level == ITEMS {
                "items".into()
            } else if r.level == TABLE {
                "table".into()
            } else {
                r.level.to_string()
            }
        })
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

pub fn why(chosen: &structure::Reading, all: &[structure::Reading], forced: bool) -> String {
    let name = structure::level_name(chosen.level);
    let what = format!(
        "{} sections, {} with a duration",
        chosen.sections, chosen.with_duration
    );
    if forced {
        return format!("stages are {name} (--level): {what}");
    }
    let others: Vec<String> = all
        .iter()
        .filter(|r| r.level != chosen.level)
        .map(|r| {
            format!(
                "{}: {} sections, {} with a duration",
                structure::level_name(r.level),
                r.sections,
                r.with_duration
            )
        })
        .collect();
    let beaten = all
        .iter()
        .any(|r| r.level > BOLD && r.with_duration > chosen.with_duration);
    let because = if chosen.with_duration > 0 && beaten {
        "headings with durations come first: the numbered items or table rows under them are their content"
    } else if chosen.with_duration > 0 {
        "the most sections carrying a duration"
    } else {
        "no level has durations; the shallowest with two sections or more"
    };
    let others = if others.is_empty() {
        String::new()
    } else {
        format!("; other readings: {}", others.join("; "))
    };
    format!("stages are {name}: {what} ({because}){others}")
}

/// The file's name as a title: "my-roadmap.md" is "My roadmap".
pub fn stem_title(file: &Path) -> String {
    file.file_stem().map_or("Roadmap".into(), |s| {
        let t = s.to_string_lossy().replace(['-', '_'], " ");
        let mut c = t.chars();
        c.next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    })
}

/// The site's title and description, weekly effort and raw HTML.
pub fn head(plan: &mut Plan, outline: &Outline<'_>, file: &Path, level: u8) {
    let stem = stem_title(file);
    let first = outline.headings.iter().find(|h| {
        h.level <= 2
            && h.line
                < outline
                    .headings
                    .iter()
                    .map(|x| x.line)
                    .nth(1)
                    .unwrap_or(usize::MAX)
    });
    plan.title = first
        .map(|h| names::split_icon(&h.text).1.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or(stem);
    plan.description = plan
        .intro
        .split("\n\n")
        .map(|p| p.trim())
        .find(|p| !p.is_empty() && !p.starts_with(['#', '<', '|', '-', '*', '>', '`']))
        .map(|p| {
            p.replace(['*', '`'], "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .map(|p| {
            if p.chars().count() > 200 {
                format!("{}…", p.chars().take(199).collect::<String>())
            } else {
                p
            }
        })
        .unwrap_or_else(|| {
            format!(
                "Imported from {}",
                file.file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned())
            )
        });
    plan.hours_per_week = outline
        .lines
        .iter()
        .filter(|l| l.contains("eek") || l.contains("EEK") || l.contains("wk"))
        .find_map(|l| durations::effort(l));
    if let Some(h) = plan.hours_per_week {
        plan.notes.push(format!(
            "the document states a weekly effort: [plan] hours_per_week = {}",
            crate::content::duration::fmt_number(h)
        ));
    }
    raw_html(plan, outline, level);
}

/// Whether raw HTML is left once HTML lists and headings are Markdown and table rows
/// are stages; said in the report either way.
fn raw_html(plan: &mut Plan, outline: &Outline<'_>, level: u8) {
    if outline.sections > 0 {
        plan.notes.push(format!(
            "{} section heading{} (like \"✅ Topics:\") written without decoration (\"Topics\"), so that the lists under them are the stages' items",
            outline.sections,
            if outline.sections == 1 { "" } else { "s" }
        ));
    }
    if outline.html_lists > 0 {
        plan.notes.push(format!(
            "{} raw HTML list{} became Markdown",
            outline.html_lists,
            if outline.html_lists == 1 { "" } else { "s" }
        ));
    }
    let left: Vec<String> = outline
        .raw_html
        .iter()
        .filter(|l| !(level == TABLE && outline.clean_rows.contains(l)))
        .map(|l| (l + 1).to_string())
        .collect();
    plan.unsafe_html = !left.is_empty();
    if plan.unsafe_html {
        let more = if left.len() > 5 { ", …" } else { "" };
        plan.notes.push(format!(
            "the document has raw HTML that is not a plain list (line {}{more}): kept as written, with [markdown] unsafe_html = true so it is rendered",
            left[..left.len().min(5)].join(", ")
        ));
    }
}
