//! What marks a stage in a document: its top-level headings and bold lines read with
//! comrak, cut into blocks at one level, and the reading that gives a roadmap chosen.
//!
//! A block runs from its heading to the next heading of its level or above; text is
//! never re-rendered, only sliced from the source by the lines comrak reports.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, parse_document};

use super::durations::{self, Label};
use crate::markdown::parse_options;

/// The level given to bold lines acting as headings ("**Week 1**"): below `######`.
pub const BOLD: u8 = 7;

/// A heading, or a paragraph that is one bold line.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// 0-based line of the source.
    pub line: usize,
    /// The heading's text without markup.
    pub text: String,
}

/// The document read once: its lines, headings, tables of contents and raw HTML.
pub struct Outline<'s> {
    pub lines: Vec<&'s str>,
    pub headings: Vec<Heading>,
    /// 0-based line ranges (end exclusive) of lists that only link to `#anchors`,
    /// with the heading that names them.
    pub tocs: Vec<(usize, usize)>,
    pub has_html: bool,
}

/// A part of the document: its heading (none for the text before the first one) and
/// its lines, `start..end`, heading line included.
#[derive(Debug, Clone)]
pub struct Block {
    pub heading: Option<Heading>,
    pub start: usize,
    pub end: usize,
}

fn text_of<'a>(node: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// A paragraph of one line that is all bold (a trailing ":" allowed).
fn bold_line<'a>(node: &'a AstNode<'a>) -> Option<String> {
    let kids: Vec<_> = node.children().collect();
    let first = kids.first()?;
    if !matches!(first.data().value, NodeValue::Strong) || kids.len() > 2 {
        return None;
    }
    if let Some(rest) = kids.get(1) {
        let NodeValue::Text(t) = &rest.data().value else {
            return None;
        };
        if t.trim() != ":" {
            return None;
        }
    }
    let pos = node.data().sourcepos;
    (pos.start.line == pos.end.line).then(|| text_of(first))
}

/// A list whose every item is one link to an `#anchor` (nested lists allowed).
fn is_toc<'a>(list: &'a AstNode<'a>) -> bool {
    let mut links = 0;
    for d in list.descendants() {
        match &d.data().value {
            NodeValue::Link(l) if l.url.starts_with('#') => links += 1,
            NodeValue::Link(_) | NodeValue::Code(_) | NodeValue::CodeBlock(_) => return false,
            NodeValue::Item(_) => {
                let para = d.first_child();
                let one_link = para.is_some_and(|p| {
                    p.children().count() == 1
                        && p.first_child()
                            .is_some_and(|c| matches!(c.data().value, NodeValue::Link(_)))
                });
                if !one_link {
                    return false;
                }
            }
            _ => {}
        }
    }
    links >= 2
}

fn is_toc_title(text: &str) -> bool {
    let t = text.to_lowercase();
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(
        t,
        "contents" | "table of contents" | "toc" | "index" | "overview of stages"
    )
}

pub fn outline(source: &str) -> Outline<'_> {
    let arena = Arena::new();
    let root = parse_document(&arena, source, &parse_options());
    let mut headings = Vec::new();
    let mut tocs: Vec<(usize, usize)> = Vec::new();
    let has_html = root.descendants().any(|n| {
        matches!(
            n.data().value,
            NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_)
        )
    });
    for node in root.children() {
        let pos = node.data().sourcepos;
        let line = pos.start.line.saturating_sub(1);
        match &node.data().value {
            NodeValue::Heading(h) => headings.push(Heading {
                level: h.level,
                line,
                text: text_of(node),
            }),
            NodeValue::Paragraph => {
                if let Some(text) = bold_line(node) {
                    headings.push(Heading {
                        level: BOLD,
                        line,
                        text,
                    });
                }
            }
            NodeValue::List(_) if is_toc(node) => {
                let mut start = line;
                if let Some(h) = headings.last().filter(|h| is_toc_title(&h.text)) {
                    start = h.line;
                    headings.pop();
                }
                tocs.push((start, pos.end.line));
            }
            _ => {}
        }
    }
    Outline {
        lines: source.lines().collect(),
        headings,
        tocs,
        has_html,
    }
}

/// The document cut at every heading of `level` or above: the text before the first
/// one, then one block per heading.
pub fn blocks(outline: &Outline<'_>, level: u8) -> Vec<Block> {
    let cuts: Vec<&Heading> = outline
        .headings
        .iter()
        .filter(|h| h.level <= level)
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
    if let Some(l) = durations::position(&heading.text).or_else(|| durations::length(&heading.text))
    {
        return Some(l);
    }
    outline.lines[block.start + 1..block.end]
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
/// having any) the shallowest level with two sections or more.
pub fn choose(readings: &[Reading]) -> Option<&Reading> {
    let with_durations = readings
        .iter()
        .filter(|r| r.with_duration > 0)
        .max_by(|a, b| {
            (a.with_duration, std::cmp::Reverse(a.level))
                .cmp(&(b.with_duration, std::cmp::Reverse(b.level)))
        });
    with_durations
        .or_else(|| readings.iter().find(|r| r.sections >= 2))
        .or_else(|| readings.iter().find(|r| r.sections >= 1))
}

/// How a level is named in the report.
pub fn level_name(level: u8) -> String {
    if level == BOLD {
        "bold lines (**…**)".into()
    } else {
        format!("level-{level} headings ({})", "#".repeat(level.into()))
    }
}
