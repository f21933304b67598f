//! A roadmap document read once with comrak into an [`Outline`]: its headings (Markdown,
//! or HTML `<h2>` alone on a line), bold lines acting as headings, numbered top-level
//! items and the rows of tables with a time column, all as [`Heading`]s at a level;
//! and what is written otherwise than sliced from the source ([`Cut`]): tables of
//! contents (dropped), raw HTML lists that convert cleanly and HTML headings (made
//! Markdown), section headings made the ones the build reads items under.

use std::collections::{BTreeMap, HashMap, HashSet};

use comrak::nodes::{AstNode, ListType, NodeList, NodeValue};
use comrak::{Arena, parse_document};

use super::{durations, html, names, table};
use crate::markdown::parse_options;
use crate::reader::items::Kind;

/// The level given to bold lines acting as headings ("**Week 1**"): below `######`.
pub const BOLD: u8 = 7;
/// The level given to numbered top-level items ("1. **Learn Python** (2 weeks)").
pub const ITEMS: u8 = 8;
/// The level given to the rows of a table with a time column ("| Month | Topic |").
pub const TABLE: u8 = 9;

/// A heading, or what stands for one: a bold line, a numbered item, a table row.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// 0-based line of the source.
    pub line: usize,
    /// The heading's text without markup.
    pub text: String,
    /// What says when or how long, when not the text (a row's time cell, an item's line).
    pub when: Option<String>,
    /// How far the lines under it are indented (a numbered item's content).
    pub indent: usize,
}

impl Heading {
    fn new(level: u8, line: usize, text: String) -> Heading {
        Heading {
            level,
            line,
            text,
            when: None,
            indent: 0,
        }
    }
}

/// Source lines `start..end` written otherwise: dropped (`with` empty) or replaced.
#[derive(Debug, Clone)]
pub struct Cut {
    pub end: usize,
    pub with: String,
    /// A table of contents, which the report names.
    pub toc: bool,
}

/// The document read once: its lines, headings, and what is written otherwise.
pub struct Outline<'s> {
    pub lines: Vec<&'s str>,
    pub headings: Vec<Heading>,
    /// By first line: tables of contents (lists that only link to `#anchors`, with the
    /// heading that names them), raw HTML lists made Markdown, HTML headings.
    pub cuts: BTreeMap<usize, Cut>,
    /// The header and delimiter lines of tables whose rows may be stages.
    pub table_heads: Vec<(usize, usize)>,
    /// Text a stage starts with that its heading line held: a row's other cells, what
    /// follows an item's bold title.
    pub leads: HashMap<usize, String>,
    /// Rows with raw HTML (`<br>`) that is gone once they are stages.
    pub clean_rows: HashSet<usize>,
    /// First lines of raw HTML kept as written.
    pub raw_html: Vec<usize>,
    /// How many raw HTML lists became Markdown lists.
    pub html_lists: usize,
    /// How many section headings ("✅ Topics:") were written as the build reads them.
    pub sections: usize,
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

/// A paragraph's text up to its first line break.
fn first_line_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => break,
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

/// The source's lines as comrak counts them: a line ends at "\n", "\r\n" or a lone
/// "\r" (`str::lines` knows no lone "\r"); no empty line after the last end.
fn lines(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            out.push(&source[start..i]);
            i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            start = i;
        } else {
            i += 1;
        }
    }
    if start < bytes.len() {
        out.push(&source[start..]);
    }
    out
}

impl<'s> Outline<'s> {
    fn new(source: &'s str) -> Outline<'s> {
        Outline {
            lines: lines(source),
            headings: Vec::new(),
            cuts: BTreeMap::new(),
            table_heads: Vec::new(),
            leads: HashMap::new(),
            clean_rows: HashSet::new(),
            raw_html: Vec::new(),
            html_lists: 0,
            sections: 0,
        }
    }
}

pub fn outline(source: &str) -> Outline<'_> {
    let arena = Arena::new();
    let root = parse_document(&arena, source, &parse_options());
    let mut out = Outline::new(source);
    for node in root.descendants() {
        let line = node.data().sourcepos.start.line.saturating_sub(1);
        match node.data().value {
            NodeValue::HtmlBlock(_) if node.parent().is_some_and(|p| p.same_node(root)) => {}
            NodeValue::HtmlBlock(_) => out.raw_html.push(line),
            NodeValue::HtmlInline(_) => {
                let row = node
                    .ancestors()
                    .find(|a| matches!(a.data().value, NodeValue::TableRow(_)));
                let at = row.map_or(line, |r| r.data().sourcepos.start.line.saturating_sub(1));
                out.raw_html.push(at);
            }
            _ => {}
        }
    }
    for node in root.children() {
        let pos = node.data().sourcepos;
        let line = pos.start.line.saturating_sub(1);
        match &node.data().value {
            NodeValue::Heading(h) => out
                .headings
                .push(Heading::new(h.level, line, text_of(node))),
            NodeValue::Paragraph => {
                if let Some(text) = bold_line(node) {
                    out.headings.push(Heading::new(BOLD, line, text));
                }
            }
            NodeValue::List(_) if is_toc(node) => {
                let mut start = line;
                if let Some(h) = out.headings.last().filter(|h| is_toc_title(&h.text)) {
                    start = h.line;
                    out.headings.pop();
                }
                let cut = Cut {
                    end: pos.end.line,
                    with: String::new(),
                    toc: true,
                };
                out.cuts.insert(start, cut);
            }
            NodeValue::List(l) if l.list_type == ListType::Ordered => items(node, l, &mut out),
            NodeValue::Table(_) => rows(node, &mut out),
            NodeValue::HtmlBlock(_) => html_block(line, pos.end.line, &mut out),
            _ => {}
        }
    }
    out.raw_html.sort_unstable();
    out.raw_html.dedup();
    // Numbered items are stages when there are two at least, in one list or in lists
    // one after another ("10." indented less than its nested list ends a list).
    if out.headings.iter().filter(|h| h.level == ITEMS).count() < 2 {
        out.headings.retain(|h| h.level != ITEMS);
    }
    sections(&mut out);
    out
}

/// Section headings the build reads items under, written as it reads them: "#### ✅
/// Topics:" becomes "#### Topics", so that the lists under it are the stage's items.
fn sections(out: &mut Outline<'_>) {
    for h in out.headings.iter().filter(|h| h.level <= 6) {
        let atx = out
            .lines
            .get(h.line)
            .is_some_and(|l| l.trim_start().starts_with('#'));
        let bare = names::split_icon(&h.text).1;
        let bare = bare.trim().trim_end_matches(':').trim();
        if !atx || Kind::from_heading(&h.text).is_some() || Kind::from_heading(bare).is_none() {
            continue;
        }
        let with = format!("{} {bare}", "#".repeat(h.level.into()));
        let cut = Cut {
            end: h.line + 1,
            with,
            toc: false,
        };
        out.cuts.insert(h.line, cut);
        out.sections += 1;
    }
}

/// A top-level HTML block (lines `start..end`): its `<hN>` lines read as headings and
/// written as Markdown headings, the lists between them made Markdown where they
/// convert cleanly; what is left is raw HTML.
fn html_block(start: usize, end: usize, out: &mut Outline<'_>) {
    let end = end.min(out.lines.len());
    let start = start.min(end);
    let mut run = start;
    let flush = |from: usize, to: usize, out: &mut Outline<'_>| {
        let html = out.lines[from..to].join("\n");
        if html.trim().is_empty() {
            return;
        }
        match html::list(&html) {
            Some(md) => {
                let with = format!("\n{md}\n");
                out.cuts.insert(
                    from,
                    Cut {
                        end: to,
                        with,
                        toc: false,
                    },
                );
                out.html_lists += 1;
            }
            None => out.raw_html.push(from),
        }
    };
    for i in start..end {
        let Some((level, text)) = html::heading(out.lines[i]) else {
            continue;
        };
        flush(run, i, out);
        run = i + 1;
        let with = format!("\n{} {text}\n", "#".repeat(level.into()));
        out.cuts.insert(
            i,
            Cut {
                end: i + 1,
                with,
                toc: false,
            },
        );
        out.headings.push(Heading::new(level, i, text));
    }
    flush(run, end, out);
}

/// A numbered top-level list whose items look like stages (a bold title, text or a
/// list under them, or a duration): each item a heading at [`ITEMS`].
fn items<'a>(list: &'a AstNode<'a>, l: &NodeList, out: &mut Outline<'_>) {
    let mut found = Vec::new();
    let mut staged = false;
    for item in list.children() {
        let line = item.data().sourcepos.start.line.saturating_sub(1);
        let Some(para) = item
            .first_child()
            .filter(|p| matches!(p.data().value, NodeValue::Paragraph))
        else {
            return;
        };
        let whole = first_line_text(para);
        let bold = para
            .first_child()
            .filter(|c| matches!(c.data().value, NodeValue::Strong));
        let mut h = Heading::new(ITEMS, line, whole.clone());
        h.indent = l.marker_offset + l.padding;
        if let Some(b) = bold {
            h.text = text_of(b);
            h.when = Some(whole.clone());
            if let Some(lead) = out.lines.get(line).and_then(|l| after_bold(l)) {
                out.leads.insert(line, lead);
            }
        }
        staged |= bold.is_some()
            || item.children().count() > 1
            || durations::length(&whole).is_some()
            || durations::position(&whole).is_some();
        found.push(h);
    }
    if staged {
        out.headings.extend(found);
    }
}

/// What follows an item's `**title**` on its line, but a "(2 weeks)" and separators.
fn after_bold(line: &str) -> Option<String> {
    let open = line.find("**")?;
    let close = line[open + 2..].find("**")? + open + 4;
    let mut rest = line[close..].trim();
    if rest.starts_with('(')
        && let Some(end) = rest.find(')')
        && (durations::length(&rest[..end]).is_some()
            || durations::position(&rest[..end]).is_some())
    {
        rest = &rest[end + 1..];
    }
    let rest = rest.trim_start_matches(|c: char| {
        matches!(c, ':' | '-' | '–' | '—' | ',') || c.is_whitespace()
    });
    (!rest.is_empty()).then(|| format!("{rest}\n\n"))
}

/// A table with a time column: each row a heading at [`TABLE`], its other cells its lead.
fn rows<'a>(node: &'a AstNode<'a>, out: &mut Outline<'_>) {
    let lines: Vec<usize> = node
        .children()
        .map(|r| r.data().sourcepos.start.line.saturating_sub(1))
        .filter(|&l| l < out.lines.len())
        .collect();
    let Some((&head, body)) = lines.split_first() else {
        return;
    };
    let header = table::cells(out.lines[head]);
    let cells: Vec<Vec<String>> = body.iter().map(|&l| table::cells(out.lines[l])).collect();
    let Some(cols) = table::columns(&header, &cells) else {
        return;
    };
    out.table_heads.push((head, head + 2));
    for (&line, row) in body.iter().zip(&cells) {
        let time = row.get(cols.time).map_or("", String::as_str);
        let when = table::when(&header[cols.time], time);
        let title = table::title(&cols, row);
        let mut h = Heading::new(
            TABLE,
            line,
            if title.is_empty() {
                when.clone()
            } else {
                title
            },
        );
        h.when = Some(when);
        out.headings.push(h);
        let lead = table::body(&cols, row);
        if !table::has_tag(&lead) {
            out.clean_rows.insert(line);
        }
        out.leads.insert(line, lead);
    }
}
