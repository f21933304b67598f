//! `roadsmith import FILE`: a roadmap written as one Markdown document becomes a site.
//!
//! [`plan`] reads the document ([`structure`]), names its stages ([`names`]) and reads
//! their durations ([`durations`]) into a [`Plan`] ([`model`]), pointing links to
//! `#anchors` at the files their headings moved to ([`links`]); [`report`] says what it
//! found and [`write`] writes it beside what `init` writes. Every stage's text is sliced from the
//! source as it was written, so nothing of it is lost: only raw HTML lists and headings
//! ([`html`]) and table rows that are stages ([`table`]) are written anew. [`head`] reads
//! what concerns the whole document.

pub mod durations;
pub mod head;
pub mod html;
pub mod links;
pub mod model;
pub mod names;
pub mod outline;
pub mod report;
pub mod structure;
pub mod table;
#[cfg(test)]
mod tests;
pub mod write;

use std::path::{Path, PathBuf};

use crate::error::{BuildError, Diagnostic};
pub use model::{Page, Plan, Stage};
use structure::{Block, Cut, Outline, TABLE};

/// What `import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub file: PathBuf,
    pub into: PathBuf,
    /// The heading level that marks stages (1-6, or [`structure::BOLD`],
    /// [`structure::ITEMS`], [`structure::TABLE`]); chosen when `None`.
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
        .replace("\r\n", "\n")
        // comrak counts a lone CR as a line end too: lines must be counted alike.
        .replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(Diagnostic::new(file, "the document is empty")
            .with_hint("import a Markdown roadmap with a heading (or a bold line) per stage")
            .into());
    }
    Ok(text)
}

/// The plan for `source`, read from `file` (named in errors).
pub fn plan(file: &Path, source: &str, level: Option<u8>) -> Result<Plan, BuildError> {
    let mut outline = structure::outline(source);
    let readings = structure::readings(&outline);
    let chosen = match level {
        Some(l) => readings.iter().find(|r| r.level == l).ok_or_else(|| {
            Diagnostic::new(
                file,
                format!("the document has no {}", structure::level_name(l)),
            )
            .with_hint(format!("levels it has: {}", head::levels(&readings)))
        })?,
        None => match structure::choose(&readings) {
            Some(r) => r,
            None => return Ok(prose(file, &outline)),
        },
    };
    let mut plan = Plan {
        reading: head::why(chosen, &readings, level.is_some()),
        ..Plan::default()
    };
    if chosen.level == TABLE {
        // The rows are stages: their header is said in each (its cells' labels).
        for &(start, end) in &outline.table_heads {
            let cut = Cut {
                end,
                with: String::new(),
                toc: false,
            };
            outline.cuts.insert(start, cut);
        }
    }
    let blocks = structure::blocks(&outline, chosen.level);
    let (intro, stage_blocks, page_blocks) = split_blocks(&blocks, chosen.level);
    plan.intro = text(&outline, &intro, &mut plan.dropped);
    fill_stages(&mut plan, &outline, &stage_blocks);
    fill_pages(&mut plan, &outline, &page_blocks);
    head::head(&mut plan, &outline, file, chosen.level);
    links::rewrite(&mut plan, &outline);
    Ok(plan)
}

/// A document with nothing that marks stages (prose without headings): one stage of
/// all of it, named after the file, the reason said.
fn prose(file: &Path, outline: &Outline<'_>) -> Plan {
    let mut plan = Plan {
        reading: "one stage of the whole document: it has no headings, bold lines, numbered items or table with a time column to make stages of".into(),
        ..Plan::default()
    };
    let all = Block {
        heading: None,
        start: 0,
        end: outline.lines.len(),
    };
    let body = text(outline, std::slice::from_ref(&all), &mut plan.dropped);
    // The description comes from the introduction, which here is the stage.
    plan.intro = body.clone();
    head::head(&mut plan, outline, file, 0);
    plan.intro = String::new();
    let title = head::stem_title(file);
    let found = durations::length(&body).map(|l| durations::lengths(&[Some(l)]));
    let found = found.and_then(|mut f| f.pop().flatten());
    let (duration, assumed) = found.map_or(("1 week".to_string(), true), |f| (f.text, false));
    plan.notes.push(if assumed {
        format!("stage 1 \"{title}\": the source gives no duration; wrote \"1 week\", marked in its file")
    } else {
        format!("stage 1 \"{title}\": the first length its text gives (\"{duration}\")")
    });
    plan.stages.push(Stage {
        number: 1,
        slug: names::Slugs::default().unique(&title, "stage-1"),
        title,
        icon: None,
        duration,
        assumed,
        items: items(&body),
        body,
        lines: std::iter::once(all.start..all.end).collect(),
        own: 0,
    });
    plan
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

/// The lines of `blocks`, tables of contents dropped (and said) and what is written
/// otherwise replaced ([`Cut`]), a numbered item's lines out-dented, edges trimmed of
/// blank lines and `---` rules.
fn text(outline: &Outline<'_>, blocks: &[Block], dropped: &mut Vec<String>) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for b in blocks {
        let indent = b.heading.as_ref().map_or(0, |h| h.indent);
        let mut collapse = false;
        let mut i = b.start;
        while i < b.end {
            if let Some(cut) = outline.cuts.get(&i) {
                if cut.toc {
                    dropped.push(format!(
                        "a table of contents (lines {}-{}): it only repeats the stages",
                        i + 1,
                        cut.end
                    ));
                }
                for l in cut.with.split('\n') {
                    push_collapsed(&mut lines, l);
                }
                collapse = true;
                i = cut.end.max(i + 1);
                continue;
            }
            let line = outline.lines[i];
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let line = &line[spaces.min(indent)..];
            // Blank lines that a cut left side by side are one.
            if collapse && line.trim().is_empty() {
                push_collapsed(&mut lines, line);
            } else {
                collapse = false;
                lines.push(line);
            }
            i += 1;
        }
    }
    let edge = |l: &&str| l.trim().is_empty() || l.trim() == "---" || l.trim() == "***";
    let first = lines.iter().position(|l| !edge(l)).unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !edge(l))
        .map_or(first, |l| l + 1);
    let mut s = lines[first..last.max(first)].join("\n");
    s.push('\n');
    s
}

/// Pushes `line`, but a blank line after a blank one.
fn push_collapsed<'a>(lines: &mut Vec<&'a str>, line: &'a str) {
    let blank = |l: &str| l.trim().is_empty();
    if !(blank(line) && lines.last().is_some_and(|l| blank(l))) {
        lines.push(line);
    }
}

/// What the plan counts as a stage's items: list items (task boxes among them), HTML
/// `<li>`s and table rows.
fn items(body: &str) -> usize {
    let mut n = 0;
    let mut in_table = false;
    for l in body.lines().map(str::trim_start) {
        let row = l.starts_with('|');
        let delimiter = row && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        // A table's first line is its header, not a row.
        if row && in_table && !delimiter {
            n += 1;
        }
        in_table = row;
        let numbered = l
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if ["* ", "- ", "+ "].iter().any(|m| l.starts_with(m)) || numbered {
            n += 1;
        }
        n += l.matches("<li").count();
    }
    n
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
    let mut slugs = names::Slugs::default();
    for (i, (group, mut name)) in stage_blocks.iter().zip(named).enumerate() {
        let number = if numbered {
            name.number.unwrap_or_default() as u32
        } else {
            i as u32 + 1
        };
        if name.title.trim().is_empty() {
            // A heading of only decoration ("## 🎯"): the build needs a title.
            name.title = format!("Stage {number}");
        }
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
        let slug = slugs.unique(&name.title, &format!("stage-{number}"));
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

/// A stage's text: its parents' blocks (headings kept), then what its heading line held
/// besides its title (a row's other cells), then its own block without its heading line.
fn stage_body(outline: &Outline<'_>, group: &[Block], dropped: &mut Vec<String>) -> String {
    let own = own(group);
    let own_start = own.start;
    let lead = outline.leads.get(&own_start).map_or("", String::as_str);
    let mut blocks = group.to_vec();
    let at = blocks
        .iter()
        .position(|b| b.start == own_start)
        .unwrap_or(0);
    blocks[at].start += 1;
    let (parents, rest) = blocks.split_at(at);
    let parents = text(outline, parents, dropped);
    let rest = text(outline, rest, dropped);
    let mut s = String::new();
    for part in [parents.as_str(), lead, rest.as_str()] {
        if !part.trim().is_empty() {
            if !s.is_empty() {
                s.push('\n');
            }
            s.push_str(part.trim_end());
            s.push('\n');
        }
    }
    if s.is_empty() {
        s.push('\n');
    }
    s
}

fn fill_pages(plan: &mut Plan, outline: &Outline<'_>, blocks: &[Block]) {
    let mut slugs = names::Slugs::default();
    for st in &plan.stages {
        slugs.take(&st.slug);
    }
    for b in blocks {
        let heading = b.heading.as_ref().map_or("", |h| h.text.as_str());
        let (_, title) = names::split_icon(heading);
        let title = match title.trim() {
            "" => "Notes".to_string(),
            t => t.to_string(),
        };
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
        let slug = slugs.unique(&title, "page");
        plan.pages.push(Page {
            title,
            slug,
            body,
            lines: b.start..b.end,
        });
    }
}
