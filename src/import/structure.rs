//! What marks a stage in a document: the document ([`Outline`]) cut into blocks at one
//! level of its headings, bold lines, numbered items or table rows, each level read,
//! and the reading that gives a roadmap chosen.
//!
//! A block runs from its heading to the next heading of its level or above; text is
//! never re-rendered, only sliced from the source by the lines comrak reports (but for
//! the outline's [`Cut`]s).

use super::durations::{self, Label};
pub use super::outline::{BOLD, Block, Cut, Heading, ITEMS, Outline, TABLE, outline};

/// The document cut at every heading of `level` or above (numbered items and table
/// rows only at their own level): the text before the first one, then one block per
/// heading.
pub fn blocks(outline: &Outline<'_>, level: u8) -> Vec<Block> {
    let cuts: Vec<&Heading> = outline
        .headings
        .iter()
        .filter(|h| h.level <= level.min(BOLD) || h.level == level)
        .collect();
    let total = outline.lines.len();
    let first = cuts.first().map_or(total, |h| h.line);
    let mut out = vec![Block {
        heading: None,
        start: 0,
        end: first,
    }];
    for (i, h) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).map_or(total, |n| n.line);
        out.push(Block {
            heading: Some((*h).clone()),
            start: h.line,
            end,
        });
    }
    out
}

/// A block's duration label: in its heading, else on a "Duration:" line near its top.
pub fn label(outline: &Outline<'_>, block: &Block) -> Option<Label> {
    let heading = block.heading.as_ref()?;
    if let Some(w) = &heading.when
        && let Some(l) = durations::position(w).or_else(|| durations::length(w))
    {
        return Some(l);
    }
    if let Some(l) = durations::position(&heading.text).or_else(|| durations::length(&heading.text))
    {
        return Some(l);
    }
    outline
        .lines
        .get(block.start + 1..block.end)
        .unwrap_or_default()
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .filter(|l| {
            let l = l.to_lowercase();
            ["duration", "time", "⏳", "length", "estimated"]
                .iter()
                .any(|k| l.contains(k))
        })
        .find_map(|l| durations::length(l))
}

/// How one level reads: its stage blocks, and how many carry a duration.
#[derive(Debug, Clone)]
pub struct Reading {
    pub level: u8,
    pub sections: usize,
    pub with_duration: usize,
}

fn reading(outline: &Outline<'_>, level: u8) -> Reading {
    let blocks = blocks(outline, level);
    let at_level: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.heading.as_ref().is_some_and(|h| h.level == level))
        .collect();
    let with_duration = at_level
        .iter()
        .filter(|b| label(outline, b).is_some())
        .count();
    Reading {
        level,
        sections: at_level.len(),
        with_duration,
    }
}

/// Every level that has headings, read.
pub fn readings(outline: &Outline<'_>) -> Vec<Reading> {
    let mut levels: Vec<u8> = outline.headings.iter().map(|h| h.level).collect();
    levels.sort_unstable();
    levels.dedup();
    levels.into_iter().map(|l| reading(outline, l)).collect()
}

/// The reading that gives a roadmap: the most sections with a duration, then (none
/// having any) the shallowest level with two sections or more. Headings and bold lines
/// of which two give durations come first: numbered items and table rows under them
/// are their content ("1. **Read the docs** (2 days)" under "## Week 1").
pub fn choose(readings: &[Reading]) -> Option<&Reading> {
    let most = |r: &&Reading| (r.with_duration, std::cmp::Reverse(r.level));
    let headings = readings
        .iter()
        .filter(|r| r.level <= BOLD && r.with_duration >= 2)
        .max_by_key(most);
    headings
        .or_else(|| {
            readings
                .iter()
                .filter(|r| r.with_duration > 0)
                .max_by_key(most)
        })
        .or_else(|| readings.iter().find(|r| r.sections >= 2))
        .or_else(|| readings.iter().find(|r| r.sections >= 1))
}

/// How a level is named in the report.
pub fn level_name(level: u8) -> String {
    if level == BOLD {
        "bold lines (**…**)".into()
    } else if level == ITEMS {
        "numbered top-level items (1. …)".into()
    } else if level == TABLE {
        "rows of a table with a time column (| Month | Topic |)".into()
    } else {
        format!("level-{level} headings ({})", "#".repeat(level.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(level: u8, sections: usize, with_duration: usize) -> Reading {
        Reading {
            level,
            sections,
            with_duration,
        }
    }

    #[test]
    fn the_reading_that_gives_a_roadmap() {
        let level = |all: &[Reading]| choose(all).map(|r| r.level);
        // The most durations; on a tie, the shallower.
        assert_eq!(level(&[r(2, 3, 1), r(3, 6, 6)]), Some(3));
        assert_eq!(level(&[r(2, 4, 4), r(3, 4, 4)]), Some(2));
        // Steps with durations under headings with durations are the headings' content.
        assert_eq!(level(&[r(2, 4, 4), r(ITEMS, 12, 12)]), Some(2));
        // Numbered items or rows win over headings without (or with one) duration.
        assert_eq!(
            level(&[r(1, 1, 1), r(2, 1, 0), r(TABLE, 4, 4)]),
            Some(TABLE)
        );
        assert_eq!(level(&[r(2, 2, 0), r(ITEMS, 3, 3)]), Some(ITEMS));
        // No durations anywhere: the shallowest level with two sections.
        assert_eq!(level(&[r(1, 1, 0), r(2, 3, 0), r(3, 9, 0)]), Some(2));
        assert_eq!(level(&[]), None);
    }
}
