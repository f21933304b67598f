//! `roadsmith import FILE`: a roadmap written as one Markdown document becomes a site.
//!
//! [`plan`] reads the document ([`structure`]), names its stages ([`names`]) and reads
//! their durations ([`durations`]) into a [`Plan`] ([`model`]), pointing links to
//! `#anchors` at the files their headings moved to ([`links`]); [`report`] says what it
//! found and [`write`] writes it beside what `init` writes. Every stage's text is sliced from the
//! source as it was written, so nothing of it is lost.

pub mod durations;
pub mod links;
pub mod model;
pub mod names;
pub mod report;
pub mod structure;
pub mod write;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{BuildError, Diagnostic};
pub use model::{Page, Plan, Stage};
use structure::{BOLD, Block, Outline};

/// What `import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub file: PathBuf,
    pub into: PathBuf,
    /// The heading level that marks stages (1-6, or [`BOLD`]); chosen when `None`.
    pub level: Option<u8>,
}

/// Reads `file` as a document: missing, empty or binary files are errors naming it.
pub fn read_source(file: &Path) -> Result<String, BuildError> {
    let bytes = std::fs::read(file).map_err(|e| Diagnostic::io(file, "read", &e))?;
    if bytes.contains(&0) {
        return Err(
            Diagnostic::new(file, "is a binary file, not a Markdown document")
                .with_hint("import reads one Markdown roadmap, like a README.md")
                .into(),
        );
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::new(file, "is not UTF-8 text")
            .with_hint("save the document as UTF-8 and import it again")
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");
    if text.trim().is_empty() {
        return Err(Diagnostic::new(file, "the document is empty")
            .with_hint("import a Markdown roadmap with a heading (or a bold line) per stage")
            .into());
    }
    Ok(text)
}

/// The plan for `source`, read from `file` (named in errors).
pub fn plan(file: &Path, source: &str, level: Option<u8>) -> Result<Plan, BuildError> {
    let outline = structure::outline(source);
    let readings = structure::readings(&outline);
    let no_structure = || {
        Diagnostic::new(file, "found no headings or bold lines to make stages of").with_hint(
            "give each stage a heading (## Week 1: Basics) or a bold line of its own (**Week 1**)",
        )
    };
    let chosen = match level {
        Some(l) => readings.iter().find(|r| r.level == l).ok_or_else(|| {
            Diagnostic::new(
                file,
                format!("the document has no {}", structure::level_name(l)),
            )
            .with_hint(format!("levels it has: {}", levels(&readings)))
        })?,
        None => structure::choose(&readings).ok_or_else(no_structure)?,
    };
    let mut plan = Plan {
        reading: why(chosen, &readings, level.is_some()),
        ..Plan::default()
    };
    let blocks = structure::blocks(&outline, chosen.level);
    let (intro, stage_blocks, page_blocks) = split_blocks(&blocks, chosen.level);
    plan.intro = text(&outline, &intro, &mut plan.dropped);
    fill_stages(&mut plan, &outline, &stage_blocks);
    fill_pages(&mut plan, &outline, &page_blocks);
    head(&mut plan, &outline, file);
    links::rewrite(&mut plan, &outline);
    Ok(plan)
}

fn levels(readings: &[structure::Reading]) -> String {
    let names: Vec<String> = readings
        .iter()
        .map(|r| {
            if r.level == BOLD {
                "bold".into()
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

fn why(chosen: &structure::Reading, all: &[structure::Reading], forced: bool) -> String {
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
    let because = if chosen.with_duration > 0 {
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

/// The blocks before the first stage (the introduction), the stages (each with the
/// parent headings just above it), and the pages after the last stage.
fn split_blocks(blocks: &[Block], level: u8) -> (Vec<Block>, Vec<Vec<Block>>, Vec<Block>) {
    let is_stage = |b: &Block| b.heading.as_ref().is_some_and(|h| h.level == level);
    let Some(first) = blocks.iter().position(is_stage) else {
        return (blocks.to_vec(), Vec::new(), Vec::new());
    };
    let mut last = blocks.len();
    while last > first + 1 {
        let b = &blocks[last - 1];
        let h = b
            .heading
            .as_ref()
            .expect("blocks after the first have headings");
        if h.level < level || names::is_page_title(&h.text) {
            last -= 1;
        } else {
            break;
        }
    }
    // A parent that is part of the schedule ("## Month 1" above "### Week 1") goes
    // with its first stage, not into the introduction.
    let mut start = first;
    while start > 1
        && blocks[start - 1]
            .heading
            .as_ref()
            .is_some_and(|h| durations::position(&h.text).is_some())
    {
        start -= 1;
    }
    let mut stages: Vec<Vec<Block>> = Vec::new();
    let mut parents = Vec::new();
    for b in &blocks[start..last] {
        if is_stage(b) {
            stages.push(std::mem::take(&mut parents));
            stages.last_mut().expect("pushed").push(b.clone());
        } else {
            parents.push(b.clone());
        }
    }
    if let Some(s) = stages.last_mut() {
        s.extend(parents);
    }
    (blocks[..start].to_vec(), stages, blocks[last..].to_vec())
}

/// The lines of `blocks`, tables of contents dropped (and said), edges trimmed of
/// blank lines and `---` rules.
fn text(outline: &Outline<'_>, blocks: &[Block], dropped: &mut Vec<String>) -> String {
    let mut lines = Vec::new();
    for b in blocks {
        for i in b.start..b.end {
            if let Some(&(s, e)) = outline.tocs.iter().find(|(s, e)| (*s..*e).contains(&i)) {
                if i == s {
                    dropped.push(format!(
                        "a table of contents (lines {}-{}): it only repeats the stages",
                        s + 1,
                        e
                    ));
                }
                continue;
            }
            lines.push(outline.lines[i]);
        }
    }
    let edge = |l: &&str| l.trim().is_empty() || l.trim() == "---" || l.trim() == "***";
    while lines.first().is_some_and(edge) {
        lines.remove(0);
    }
    while lines.last().is_some_and(edge) {
        lines.pop();
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

fn items(body: &str) -> usize {
    body.lines()
        .map(str::trim_start)
        .filter(|l| {
            l.starts_with("* ")
                || l.starts_with("- ")
                || l.starts_with("+ ")
                || l.contains("<li")
                || l.split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .count()
}

/// A stage's own heading block: the deepest of its group (the others are parents).
fn own(group: &[Block]) -> &Block {
    group
        .iter()
        .filter(|b| b.heading.is_some())
        .max_by_key(|b| b.heading.as_ref().map_or(0, |h| h.level))
        .expect("a stage group holds its stage")
}

/// A stage's name; a bare label ("Week 1") under a parent ("Month 2") is named with
/// it ("Month 2 · Week 1"), so that labels restarting under each parent stay apart.
fn name_in(group: &[Block], parent: &mut Option<String>) -> names::Name {
    let heading = &own(group).heading.as_ref().expect("has a heading").text;
    let mut name = names::name(heading);
    let above = group
        .iter()
        .filter_map(|b| b.heading.as_ref())
        .find(|h| h.text != *heading);
    if let Some(p) = above {
        *parent = Some(names::split_icon(&p.text).1.trim().to_string());
    }
    let bare =
        name.title.split_whitespace().count() <= 2 && durations::position(&name.title).is_some();
    if let Some(p) = parent.as_ref().filter(|_| bare) {
        name.title = format!("{p} · {}", name.title);
    }
    name
}

fn fill_stages(plan: &mut Plan, outline: &Outline<'_>, stage_blocks: &[Vec<Block>]) {
    let labels: Vec<_> = stage_blocks
        .iter()
        .map(|g| structure::label(outline, own(g)))
        .collect();
    let found = durations::lengths(&labels);
    let mut parent = None;
    let named: Vec<names::Name> = stage_blocks
        .iter()
        .map(|g| name_in(g, &mut parent))
        .collect();
    let numbered = named
        .windows(2)
        .all(|w| matches!((w[0].number, w[1].number), (Some(a), Some(b)) if a < b))
        && named
            .first()
            .is_some_and(|n| n.number.is_some_and(|x| x.fract() == 0.0 && x < 1000.0));
    let mut taken = HashSet::new();
    for (i, (group, name)) in stage_blocks.iter().zip(named).enumerate() {
        let number = if numbered {
            name.number.unwrap_or_default() as u32
        } else {
            i as u32 + 1
        };
        let body = stage_body(outline, group, &mut plan.dropped);
        let (duration, assumed) = match &found[i] {
            Some(f) => {
                if let Some(note) = &f.note {
                    plan.notes.push(format!(
                        "stage {number} \"{}\": {note} ({})",
                        name.title, f.text
                    ));
                }
                (f.text.clone(), false)
            }
            None => {
                plan.notes.push(format!("stage {number} \"{}\": the source gives no duration; wrote \"1 week\", marked in its file", name.title));
                ("1 week".to_string(), true)
            }
        };
        let slug = names::unique_slug(&mut taken, &name.title, &format!("stage-{number}"));
        let items = items(&body);
        plan.stages.push(Stage {
            number,
            title: name.title,
            icon: name.icon,
            slug,
            duration,
            assumed,
            body,
            items,
            lines: group.iter().map(|b| b.start..b.end).collect(),
            own: group
                .iter()
                .position(|b| b.start == own(group).start)
                .unwrap_or(0),
        });
    }
}

/// A stage's text: its parents' blocks (headings kept), then its own block without its
/// heading line.
fn stage_body(outline: &Outline<'_>, group: &[Block], dropped: &mut Vec<String>) -> String {
    let own_start = own(group).start;
    let mut blocks = group.to_vec();
    if let Some(b) = blocks.iter_mut().find(|b| b.start == own_start) {
        b.start += 1;
    }
    text(outline, &blocks, dropped)
}

fn fill_pages(plan: &mut Plan, outline: &Outline<'_>, blocks: &[Block]) {
    let mut taken: HashSet<String> = plan.stages.iter().map(|s| s.slug.clone()).collect();
    for b in blocks {
        let heading = b.heading.as_ref().map_or("", |h| h.text.as_str());
        let (_, title) = names::split_icon(heading);
        let title = title.trim().to_string();
        let mut own = b.clone();
        own.start += 1;
        let body = text(outline, std::slice::from_ref(&own), &mut plan.dropped);
        if body.trim().is_empty() {
            plan.dropped.push(format!(
                "the empty section \"{title}\" (line {})",
                b.start + 1
            ));
            continue;
        }
        let slug = names::unique_slug(&mut taken, &title, "page");
        plan.pages.push(Page {
            title,
            slug,
            body,
            lines: b.start..b.end,
        });
    }
}

/// The site's title and description, weekly effort and raw HTML.
fn head(plan: &mut Plan, outline: &Outline<'_>, file: &Path) {
    let stem = file.file_stem().map_or("Roadmap".into(), |s| {
        s.to_string_lossy().replace(['-', '_'], " ")
    });
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
    plan.unsafe_html = outline.has_html;
    if plan.unsafe_html {
        plan.notes.push("the document has raw HTML: kept as written, with [markdown] unsafe_html = true so it is rendered".into());
    }
}
