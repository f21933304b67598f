//! A stage's items: the list items under its "Topics", "Best practices", "Learning",
//! "Exercises"... headings, read from the Markdown syntax tree while it is rendered
//! (see `markdown::format`), each with an id that survives edits elsewhere in the file.

use std::collections::HashMap;
use std::fmt::Write;

use comrak::nodes::{AstNode, NodeValue};
use serde::Serialize;

mod guide;
pub use guide::Guide;

/// What an item is, from the heading it stands under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Topic,
    BestPractice,
    Suggestion,
    Learning,
    Exercise,
}

impl Kind {
    /// The kind a section heading announces: "Topics", "Best practices"...
    pub fn from_heading(title: &str) -> Option<Kind> {
        match title.trim().to_lowercase().as_str() {
            "topics" | "topic" => Some(Kind::Topic),
            "best practices" | "best practice" => Some(Kind::BestPractice),
            "suggestions" | "suggestion" => Some(Kind::Suggestion),
            "learning" | "resources" | "learning resources" => Some(Kind::Learning),
            "exercises" | "exercise" => Some(Kind::Exercise),
            _ => None,
        }
    }

    /// "Best practice", for people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Topic => "Topic",
            Kind::BestPractice => "Best practice",
            Kind::Suggestion => "Suggestion",
            Kind::Learning => "Learning",
            Kind::Exercise => "Exercise",
        }
    }

    /// The key, in the interface's string tables, of the section that lists items of
    /// this kind ("Topics").
    pub fn section_key(self) -> &'static str {
        match self {
            Kind::Topic => "items_topics",
            Kind::BestPractice => "items_best_practices",
            Kind::Suggestion => "items_suggestions",
            Kind::Learning => "items_learning",
            Kind::Exercise => "items_exercises",
        }
    }

    /// The name in JSON and in `data-kind`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Topic => "topic",
            Kind::BestPractice => "best-practice",
            Kind::Suggestion => "suggestion",
            Kind::Learning => "learning",
            Kind::Exercise => "exercise",
        }
    }

    /// Topics and exercises are what a reader works through and marks done.
    pub fn is_tracked(self) -> bool {
        matches!(self, Kind::Topic | Kind::Exercise)
    }
}

/// A file's items, shared by its rendering and the roadmap, with their digest.
pub type ItemList = crate::digest::Digested<std::sync::Arc<[Item]>>;

/// One list item of a stage.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Item {
    /// `<stage slug>/<hash of the normalized text>`: survives reordering and edits elsewhere.
    pub id: String,
    pub kind: Kind,
    /// Plain text, as a reader sees it.
    pub text: String,
    /// Inline Markdown (code spans, external links) for the checklist.
    #[serde(skip)]
    pub markdown: String,
    /// Id of the section heading the item stands under.
    pub section: String,
    /// The first external link of the item (a learning resource's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// A task-list item (`- [ ]`).
    pub task: bool,
    /// Progress is tracked for it (topics, exercises and task-list items).
    pub tracked: bool,
}

impl Item {
    /// Its id as the reader's files write it within the stage or page `slug`: without the
    /// `<slug>/` it starts with, unless what is left holds a `/` (then whole). A script
    /// puts `<slug>/` back in front of an id without a `/` (`reader.js`).
    pub fn id_within<'a>(&'a self, slug: &str) -> &'a str {
        (self.id.strip_prefix(slug))
            .and_then(|rest| rest.strip_prefix('/'))
            .filter(|rest| !rest.contains('/'))
            .unwrap_or(&self.id)
    }

    /// The attributes of the item's `<li>` by which the reader script keeps progress:
    /// ` data-item-id="…"`, and ` data-tracked` when it is tracked and `own_tracked` (its
    /// list does not say it for all its items). Its kind is on its list, once for all the
    /// section's items there.
    pub fn write_attributes(
        &self,
        out: &mut dyn std::fmt::Write,
        own_tracked: bool,
    ) -> std::fmt::Result {
        out.write_str(" data-item-id=\"")?;
        out.write_str(&crate::html::escape(&self.id))?;
        out.write_char('"')?;
        if self.tracked && own_tracked {
            out.write_str(" data-tracked")?;
        }
        Ok(())
    }
}

/// A translation's guide, the section of it being read (with how many of its items so
/// far), and how many items each of its sections had.
type Guided = (std::sync::Arc<Guide>, Option<(usize, usize)>, Vec<usize>);

/// Reads one file's items, node by node in document order, as the renderer meets
/// its headings and list items.
pub struct ItemReader {
    slug: String,
    /// The section list items fall in: (heading level, kind, heading id).
    section: Option<(u8, Kind, String)>,
    items: Vec<Item>,
    /// How many items so far had each text's hash: a repeated text gets `-2`, `-3`...
    seen: HashMap<u32, usize>,
    /// For a translation, its source's sections, and the place of the section it is
    /// in (with how many items of it were read), and how many items each had.
    guide: Option<Guided>,
    /// How many headings of each level were read.
    headings: [usize; 7],
    /// The item being read: its text and Markdown as they come, before they are
    /// normalized into strings of their own (one buffer for all the file's items).
    read: Inline,
}

impl ItemReader {
    pub fn new(slug: &str) -> ItemReader {
        ItemReader {
            slug: slug.to_string(),
            section: None,
            items: Vec::new(),
            seen: HashMap::new(),
            guide: None,
            headings: [0; 7],
            read: Inline::default(),
        }
    }

    /// For a translation: its items take the ids of the source's items in `guide`.
    pub fn guided(slug: &str, guide: std::sync::Arc<Guide>) -> ItemReader {
        let counts = vec![0; guide.sections.len()];
        ItemReader {
            guide: Some((guide, None, counts)),
            ..ItemReader::new(slug)
        }
    }

    /// A heading: a section of items starts, or a heading at its level or above ends it.
    /// A subheading ("### Class-Based Views") stays in its section. In a translation,
    /// the heading at the place of one of the source's sections starts that section.
    pub fn heading(&mut self, level: u8, title: &str, id: &str) {
        let at = usize::from(level.min(6));
        let ordinal = self.headings[at];
        self.headings[at] += 1;
        if let Some((guide, current, _)) = &mut self.guide {
            let found = guide.section(level, ordinal);
            if let Some(k) = found {
                *current = Some((k, 0));
                self.section = Some((level, guide.sections[k].kind, id.to_string()));
                return;
            }
            if self.section.as_ref().is_some_and(|(l, _, _)| level <= *l) {
                *current = None;
            }
        }
        match Kind::from_heading(title) {
            Some(kind) if self.guide.is_none() => {
                self.section = Some((level, kind, id.to_string()));
            }
            _ => {
                if self.section.as_ref().is_some_and(|(at, _, _)| level <= *at) {
                    self.section = None;
                }
            }
        }
    }

    /// The kind of the section being read: its lists' items are of it.
    pub fn section_kind(&self) -> Option<Kind> {
        self.section.as_ref().map(|(_, kind, _)| *kind)
    }

    /// Where a translation's items do not line up with its source's, for people.
    pub fn mismatches(&self) -> Vec<String> {
        let Some((guide, _, counts)) = &self.guide else {
            return Vec::new();
        };
        (guide.sections.iter().zip(counts))
            .filter(|(s, n)| s.ids.len() != **n)
            .map(|(s, n)| {
                format!(
                    "\"{}\" has {n} items here and {} in the source",
                    s.title,
                    s.ids.len()
                )
            })
            .collect()
    }

    /// The id of the source's item at the place of the next item, in a translation.
    fn guided_id(&mut self) -> Option<String> {
        let (guide, current, counts) = self.guide.as_mut()?;
        let (k, n) = current.as_mut()?;
        let id = guide.sections[*k].ids.get(*n).cloned();
        *n += 1;
        counts[*k] += 1;
        id
    }

    /// A list item (`task`: a task-list item): the item it is, if it stands in a
    /// section and has text.
    pub fn item<'a>(&mut self, node: &'a AstNode<'a>, task: bool) -> Option<&Item> {
        let (kind, section) = {
            let (_, kind, section) = self.section.as_ref()?;
            (*kind, section.clone())
        };
        let read = &mut self.read;
        read.text.clear();
        read.markdown.clear();
        read.link = None;
        for child in node.children() {
            if matches!(child.data().value, NodeValue::List(_)) {
                continue;
            }
            if !read.text.is_empty() {
                read.text.push(' ');
                read.markdown.push(' ');
            }
            read.node(child);
        }
        let text = normalized(&read.text);
        if text.is_empty() {
            return None;
        }
        let (markdown, link) = (normalized(&read.markdown), read.link.take());
        if let Some(id) = self.guided_id() {
            return Some(self.push(id, kind, section, text, markdown, link, task));
        }
        let hash = fnv1a_lowercase(&text);
        let n = self.seen.entry(hash).or_insert(0);
        *n += 1;
        let mut id = String::with_capacity(self.slug.len() + 12);
        id.push_str(&self.slug);
        // Writing into a String cannot fail.
        id.push('/');
        push_hex(&mut id, hash);
        if *n > 1 {
            let _ = write!(id, "-{n}");
        }
        Some(self.push(id, kind, section, text, markdown, link, task))
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        id: String,
        kind: Kind,
        section: String,
        text: String,
        markdown: String,
        link: Option<String>,
        task: bool,
    ) -> &Item {
        self.items.push(Item {
            id,
            kind,
            markdown,
            text,
            section,
            link,
            task,
            tracked: task || kind.is_tracked(),
        });
        &self.items[self.items.len() - 1]
    }

    pub fn into_items(self) -> Vec<Item> {
        self.items
    }
}

/// What an item says, read in one walk of its nodes: its plain text (as comrak's
/// `collect_text` gives it), its inline Markdown (code spans and external links kept,
/// the rest as text), and its first external link.
#[derive(Default)]
struct Inline {
    text: String,
    markdown: String,
    link: Option<String>,
}

impl Inline {
    fn node<'a>(&mut self, node: &'a AstNode<'a>) {
        match &node.data().value {
            NodeValue::Text(t) => {
                self.text.push_str(t);
                self.markdown.push_str(t);
            }
            NodeValue::Code(c) => {
                self.text.push_str(&c.literal);
                let ticks = "`".repeat(longest_run(&c.literal, '`') + 1);
                let pad = if c.literal.starts_with('`') || c.literal.ends_with('`') {
                    " "
                } else {
                    ""
                };
                for part in [&ticks, pad, &c.literal, pad, &ticks] {
                    self.markdown.push_str(part);
                }
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => {
                self.text.push(' ');
                self.markdown.push(' ');
            }
            // Text, as `collect_text` has it; nothing in the Markdown, as before.
            NodeValue::Math(m) => self.text.push_str(&m.literal),
            NodeValue::Link(l) if l.url.contains("://") => {
                if self.link.is_none() {
                    self.link = Some(l.url.to_string());
                }
                self.markdown.push('[');
                for child in node.children() {
                    self.node(child);
                }
                self.markdown.push_str("](");
                self.markdown.push_str(&l.url);
                self.markdown.push(')');
            }
            _ => {
                for child in node.children() {
                    self.node(child);
                }
            }
        }
    }
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// `text` with runs of whitespace as one space and none at either end, in a `String`
/// of its own length: item texts are many, and kept for the whole build.
fn normalized(text: &str) -> String {
    if is_normalized(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `text` is normalized already, as most item texts are: no control
/// characters, no space at either end or after another, no other whitespace. One
/// quick look at its bytes; its characters are decoded only when some are not ASCII.
fn is_normalized(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Every byte looked at, without stopping at the first: the compiler makes these
    // loops over many bytes at once (a `memmem` searcher costs more to set up than
    // an item's text takes to look at).
    let controls = bytes.iter().fold(false, |any, &b| any | (b < b' '));
    let doubled = (bytes.iter().zip(bytes.get(1..).unwrap_or_default()))
        .fold(false, |any, (a, b)| any | ((*a == b' ') & (*b == b' ')));
    if controls || doubled {
        return false;
    }
    text.is_ascii() || !text.chars().any(|c| !c.is_ascii() && c.is_whitespace())
}

/// 32-bit FNV-1a as 8 hex digits: short, and stable across builds and platforms.
pub fn short_hash(text: &str) -> String {
    hex(fnv1a(text))
}

/// [`short_hash`] of `lines` joined by `\n`, without joining them (every item id of a
/// roadmap is megabytes at 10,000 stages).
pub fn short_hash_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = FNV_OFFSET;
    for (i, line) in lines.into_iter().enumerate() {
        if i > 0 {
            h = fnv1a_on(h, b"\n");
        }
        h = fnv1a_on(h, line.as_bytes());
    }
    hex(h)
}

/// [`fnv1a`] of `text.to_lowercase()`, without making it: character by character, but
/// for a capital sigma, whose lowercase depends on where it stands in its word.
fn fnv1a_lowercase(text: &str) -> u32 {
    if text.contains('Σ') {
        return fnv1a(&text.to_lowercase());
    }
    let mut h = FNV_OFFSET;
    if text.is_ascii() {
        for b in text.bytes() {
            h = fnv1a_on(h, &[b.to_ascii_lowercase()]);
        }
        return h;
    }
    let mut utf8 = [0; 4];
    for c in text.chars().flat_map(char::to_lowercase) {
        h = fnv1a_on(h, c.encode_utf8(&mut utf8).as_bytes());
    }
    h
}

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// 32-bit FNV-1a.
fn fnv1a(text: &str) -> u32 {
    fnv1a_on(FNV_OFFSET, text.as_bytes())
}

/// FNV-1a carried on from `h` over `bytes`.
fn fnv1a_on(mut h: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// 8 lowercase hex digits.
fn hex(h: u32) -> String {
    let mut out = String::with_capacity(8);
    push_hex(&mut out, h);
    out
}

/// `h` as 8 lowercase hex digits at the end of `out` (as `{h:08x}` writes it, without
/// the formatting machinery: every item id has them).
fn push_hex(out: &mut String, h: u32) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for shift in (0..8).rev() {
        out.push(char::from(DIGITS[((h >> (shift * 4)) & 0xf) as usize]));
    }
}

#[cfg(test)]
mod tests;
