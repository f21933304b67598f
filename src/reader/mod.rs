//! What readers take away besides the pages: every stage's items (topics, exercises...)
//! read from the Markdown AST, with ids stable across edits, and the files built from
//! them: `roadmap.json`, `checklist.md`, `search-index.json`, the timeline SVG and the
//! Notion CSV.

pub mod exports;
pub mod search;
pub mod timeline;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Anchorizer, Arena, parse_document};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::{Content, schedule};
use crate::templates::{TotalView, stage_path};

/// What an item is, from the heading it stands under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

    /// The heading of this kind's section in the checklist.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Topic => "Topics",
            Kind::BestPractice => "Best practices",
            Kind::Suggestion => "Suggestions",
            Kind::Learning => "Learning",
            Kind::Exercise => "Exercises",
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

/// One list item of a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// A stage with its items, as `roadmap.json` publishes it.
#[derive(Debug, Clone, Serialize)]
pub struct StageItems {
    pub order: usize,
    pub number: u32,
    pub title: String,
    pub slug: String,
    pub duration: String,
    pub weeks_min: f64,
    pub weeks_max: f64,
    /// Weeks done before it starts at the quickest pace: where its timeline bar starts.
    pub start_min: f64,
    pub start_week: u64,
    pub end_week: u64,
    pub weeks_label: String,
    pub url: String,
    pub items: Vec<Item>,
}

/// What one file's Markdown holds for readers.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub items: Vec<Item>,
    /// For each `<li>` of the file's HTML, in order: the index of its item, if any.
    list_items: Vec<Option<usize>>,
}

/// The whole roadmap as data.
#[derive(Debug, Clone, Serialize)]
pub struct Roadmap {
    pub title: String,
    pub description: String,
    pub url: String,
    pub weeks_min: f64,
    pub weeks_max: f64,
    pub weeks_label: String,
    pub stages: Vec<StageItems>,
    /// Standalone pages (the bonus topics) with their items, after the stages.
    pub pages: Vec<PageItems>,
}

/// A standalone page's items: part of the roadmap's checklist, but on no timeline.
#[derive(Debug, Clone, Serialize)]
pub struct PageItems {
    pub title: String,
    pub slug: String,
    pub url: String,
    pub items: Vec<Item>,
}

impl Roadmap {
    /// Reads every stage's and page's items from its Markdown. A build has them already
    /// from its one parse of each file and calls [`Roadmap::with_items`] instead.
    pub fn new(config: &SiteConfig, content: &Content) -> Roadmap {
        let stages = content
            .stages
            .par_iter()
            .map(|s| extract(&s.slug, &s.source.body))
            .collect();
        let pages = content
            .pages
            .par_iter()
            .map(|p| extract(&p.slug, &p.source.body).items)
            .collect();
        Roadmap::with_items(config, content, stages, pages)
    }

    /// The roadmap from items already extracted: `stages[i]` belongs to
    /// `content.stages[i]`, `pages[i]` to `content.pages[i]`.
    pub fn with_items(
        config: &SiteConfig,
        content: &Content,
        stages: Vec<Extracted>,
        pages: Vec<Vec<Item>>,
    ) -> Roadmap {
        let spans = schedule(&content.stages);
        let stages = content
            .stages
            .iter()
            .zip(&spans)
            .zip(stages)
            .enumerate()
            .map(|(order, ((s, span), extracted))| StageItems {
                order,
                number: s.number,
                title: s.title.clone(),
                slug: s.slug.clone(),
                duration: s.duration.text.clone(),
                weeks_min: s.duration.weeks_min,
                weeks_max: s.duration.weeks_max,
                start_min: span.start_min,
                start_week: span.start_week(),
                end_week: span.end_week(),
                weeks_label: span.label(),
                url: format!("{}{}", config.base_url, stage_path(&s.slug)),
                items: extracted.items,
            })
            .collect();
        let pages = content
            .pages
            .iter()
            .zip(pages)
            .map(|(p, items)| PageItems {
                title: p.title.clone(),
                slug: p.slug.clone(),
                url: format!(
                    "{}{}",
                    config.base_url,
                    crate::templates::page_path(&p.slug)
                ),
                items,
            })
            .collect();
        let total = TotalView::new(&spans);
        Roadmap {
            title: config.title.clone(),
            description: config.description.clone(),
            url: config.base_url.clone(),
            weeks_min: total.weeks_min,
            weeks_max: total.weeks_max,
            weeks_label: total.label,
            stages,
            pages,
        }
    }

    /// Stage slug -> space-separated ids of its tracked items, for progress bars.
    pub fn tracked_ids(&self) -> BTreeMap<&str, String> {
        self.stages
            .iter()
            .map(|s| {
                let ids: Vec<&str> = s
                    .items
                    .iter()
                    .filter(|i| i.tracked)
                    .map(|i| i.id.as_str())
                    .collect();
                (s.slug.as_str(), ids.join(" "))
            })
            .collect()
    }
}

impl Extracted {
    /// A stage's rendered HTML with `data-item-id` and `data-kind` on each item's
    /// `<li>`, so the reader script keeps progress by id. Returned unchanged when the
    /// HTML does not hold the list items the AST has (lists written in raw HTML, say).
    pub fn mark_items(&self, html: &str) -> String {
        // Footnotes are an <ol> comrak writes after the body; they are not items.
        let body_end = html
            .find("<section class=\"footnotes\"")
            .unwrap_or(html.len());
        let starts: Vec<usize> = memchr::memmem::find_iter(&html.as_bytes()[..body_end], "<li")
            .filter(|i| matches!(html.as_bytes().get(i + 3), Some(b'>' | b' ')))
            .map(|i| i + 3)
            .collect();
        if starts.len() != self.list_items.len() {
            return html.to_string();
        }
        // Sized exactly: at thousands of stages, all their HTML stays in memory.
        let added: usize = self
            .list_items
            .iter()
            .flatten()
            .map(|&i| {
                let item = &self.items[i];
                let tracked = if item.tracked {
                    " data-tracked=\"\"".len()
                } else {
                    0
                };
                " data-item-id=\"\" data-kind=\"\"".len()
                    + attr_escape(&item.id).len()
                    + item.kind.name().len()
                    + tracked
            })
            .sum();
        let mut out = String::with_capacity(html.len() + added);
        let mut last = 0;
        for (at, item) in starts.iter().zip(&self.list_items) {
            let Some(item) = item.map(|i| &self.items[i]) else {
                continue;
            };
            out.push_str(&html[last..*at]);
            out.push_str(" data-item-id=\"");
            out.push_str(&attr_escape(&item.id));
            out.push_str("\" data-kind=\"");
            out.push_str(item.kind.name());
            out.push('"');
            if item.tracked {
                out.push_str(" data-tracked=\"\"");
            }
            last = *at;
        }
        out.push_str(&html[last..]);
        out
    }
}

/// `reader` in every template: what the reader features add to the theme's pages.
#[derive(Debug, Clone, Serialize)]
pub struct ReaderView<'a> {
    /// The timeline SVG, for the overview (`{{ reader.timeline | safe }}`).
    pub timeline: String,
    /// Stage slug -> space-separated ids of the items whose progress is kept.
    pub tracked: BTreeMap<&'a str, String>,
    /// "Edit this page" links, when `repo_url` is set: stage slug -> URL.
    pub stage_edit: BTreeMap<&'a str, Option<String>>,
    /// Standalone page slug -> URL.
    pub page_edit: BTreeMap<&'a str, Option<String>>,
    pub home_edit: Option<String>,
}

impl<'a> ReaderView<'a> {
    pub fn new(roadmap: &'a Roadmap, config: &SiteConfig, content: &'a Content) -> Self {
        let (timeline, tracked) = rayon::join(|| timeline::svg(roadmap), || roadmap.tracked_ids());
        let edit =
            |path: &std::path::Path| config.repo_url.as_deref().map(|repo| edit_url(repo, path));
        ReaderView {
            timeline,
            tracked,
            stage_edit: content
                .stages
                .iter()
                .map(|s| (s.slug.as_str(), edit(&s.source.path)))
                .collect(),
            page_edit: content
                .pages
                .iter()
                .map(|p| (p.slug.as_str(), edit(&p.source.path)))
                .collect(),
            home_edit: edit(&content.home.source.path),
        }
    }
}

/// `{repo_url}/edit/main/content/<file>`: GitHub's (and Gitea's) page for editing a file.
pub fn edit_url(repo_url: &str, source: &std::path::Path) -> String {
    format!(
        "{}/edit/main/{}",
        repo_url.trim_end_matches('/'),
        crate::content::url_path(source)
    )
}

/// A file that gathers every stage: a head, one part per stage, a tail. Written part
/// by part; `serve` keeps the parts and, after a save, makes only the changed stage's.
pub struct Gathered<'a> {
    pub rel: &'static str,
    pub head: String,
    pub tail: String,
    /// Between two stages' parts.
    pub separator: &'static str,
    /// Stage `i`'s part.
    pub part: Box<dyn Fn(usize) -> String + Send + Sync + 'a>,
}

impl Gathered<'_> {
    /// Writes the file with `parts` as the stages' parts.
    pub fn write_parts(&self, parts: &[String], w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(self.head.as_bytes())?;
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                w.write_all(self.separator.as_bytes())?;
            }
            w.write_all(part.as_bytes())?;
        }
        w.write_all(self.tail.as_bytes())
    }

    /// Every part, made on all cores.
    pub fn parts(&self, count: usize) -> Vec<String> {
        (0..count).into_par_iter().map(|i| (self.part)(i)).collect()
    }

    /// Writes the file for `count` stages, making the parts a block at a time on all
    /// cores, so that only a block is ever in memory.
    pub fn write(&self, count: usize, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        const BLOCK: usize = 256;
        w.write_all(self.head.as_bytes())?;
        for start in (0..count).step_by(BLOCK) {
            let parts: Vec<String> = (start..count.min(start + BLOCK))
                .into_par_iter()
                .map(|i| (self.part)(i))
                .collect();
            for (i, part) in (start..).zip(&parts) {
                if i > 0 {
                    w.write_all(self.separator.as_bytes())?;
                }
                w.write_all(part.as_bytes())?;
            }
        }
        w.write_all(self.tail.as_bytes())
    }
}

/// The files every build publishes for readers. `headings[i]` and `summaries[i]`
/// belong to `roadmap.stages[i]`.
pub fn outputs<'a>(
    roadmap: &'a Roadmap,
    base_path: &'a str,
    summaries: &'a [Option<&'a str>],
    headings: &'a [&'a [crate::markdown::Heading]],
) -> Vec<Gathered<'a>> {
    vec![
        exports::roadmap_json(roadmap),
        exports::checklist_parts(roadmap),
        search::index(roadmap, base_path, summaries, headings),
    ]
}

/// A stage's HTML for the one-page print view: ids and in-page links prefixed with the
/// slug, so the stages' "#topics" do not clash.
/// Headings `<h2>` to `<h5>` go one level down, below each stage's own `<h2>`.
/// One pass from tag to tag: at thousands of stages the print page is the largest file.
pub fn print_html(slug: &str, html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let bytes = html.as_bytes();
    let mut last = 0;
    for lt in memchr::memchr_iter(b'<', bytes) {
        if lt < last {
            continue;
        }
        let tag_end = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |i| lt + i);
        let tag = &bytes[lt..tag_end];
        // The heading level's digit, bumped by one.
        let digit = match tag {
            [b'<', b'h', d @ b'2'..=b'5', ..] => Some((lt + 2, *d)),
            [b'<', b'/', b'h', d @ b'2'..=b'5'] => Some((lt + 3, *d)),
            _ => None,
        };
        if let Some((at, d)) = digit {
            out.push_str(&html[last..at]);
            out.push(char::from(d + 1));
            last = at + 1;
        }
        // Attributes whose value gets the slug in front: ` id="…"`, ` href="#…"`.
        for eq in memchr::memchr_iter(b'=', tag) {
            let (name, value) = (&tag[..eq], &tag[eq + 1..]);
            let skip = if name.ends_with(b" id") && value.starts_with(b"\"") {
                2
            } else if name.ends_with(b" href") && value.starts_with(b"\"#") {
                3
            } else {
                continue;
            };
            let at = lt + eq + skip;
            out.push_str(&html[last..at]);
            out.push_str(slug);
            out.push('-');
            last = at;
        }
    }
    out.push_str(&html[last..]);
    out
}

pub(crate) fn attr_escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '"', '<', '>']) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
    )
}

/// The items of one stage and, for every list item of the page in document order (the
/// order of the HTML's `<li>`s), the index of the item it is, if any.
pub fn extract(slug: &str, body: &str) -> Extracted {
    let arena = Arena::new();
    let options = crate::markdown::parse_options();
    extract_from(slug, parse_document(&arena, body, &options))
}

/// [`extract`] from a file's syntax tree.
pub fn extract_from<'a>(slug: &str, root: &'a AstNode<'a>) -> Extracted {
    let mut anchorizer = Anchorizer::new();
    // The section list items fall in: (heading level, kind, heading id).
    let mut section: Option<(u8, Kind, String)> = None;
    let mut items = Vec::new();
    let mut list_items = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for node in root.descendants() {
        let task = match &node.data().value {
            NodeValue::Heading(h) => {
                let title = node.collect_text();
                let id = anchorizer.anchorize(&title);
                match Kind::from_heading(&title) {
                    Some(kind) => section = Some((h.level, kind, id)),
                    // A subheading ("### Class-Based Views") stays in its section.
                    None => {
                        if section
                            .as_ref()
                            .is_some_and(|(level, _, _)| h.level <= *level)
                        {
                            section = None;
                        }
                    }
                }
                continue;
            }
            NodeValue::Item(_) => false,
            NodeValue::TaskItem(_) => true,
            _ => continue,
        };
        let Some((_, kind, section_id)) = &section else {
            list_items.push(None);
            continue;
        };
        let mut text = String::new();
        let mut markdown = String::new();
        let mut link = None;
        for child in node.children() {
            if matches!(child.data().value, NodeValue::List(_)) {
                continue;
            }
            if !text.is_empty() {
                text.push(' ');
                markdown.push(' ');
            }
            child.collect_text_append(&mut text);
            inline_markdown(child, &mut markdown, &mut link);
        }
        let text = normalize_space(&text);
        if text.is_empty() {
            list_items.push(None);
            continue;
        }
        let mut id = [slug, "/", &short_hash(&text.to_lowercase())].concat();
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            id = format!("{id}-{n}");
        }
        list_items.push(Some(items.len()));
        items.push(Item {
            id,
            kind: *kind,
            markdown: normalize_space(&markdown),
            text,
            section: section_id.clone(),
            link,
            task,
            tracked: task || kind.is_tracked(),
        });
    }
    Extracted { items, list_items }
}

/// Inline Markdown of a node: code spans and external links kept, the rest as text.
fn inline_markdown<'a>(node: &'a AstNode<'a>, out: &mut String, link: &mut Option<String>) {
    match &node.data().value {
        NodeValue::Text(t) => out.push_str(t),
        NodeValue::Code(c) => {
            let ticks = "`".repeat(longest_run(&c.literal, '`') + 1);
            let pad = if c.literal.starts_with('`') || c.literal.ends_with('`') {
                " "
            } else {
                ""
            };
            for part in [&ticks, pad, &c.literal, pad, &ticks] {
                out.push_str(part);
            }
        }
        NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
        NodeValue::Link(l) if l.url.contains("://") => {
            if link.is_none() {
                *link = Some(l.url.to_string());
            }
            out.push('[');
            for child in node.children() {
                inline_markdown(child, out, link);
            }
            out.push_str("](");
            out.push_str(&l.url);
            out.push(')');
        }
        _ => {
            for child in node.children() {
                inline_markdown(child, out, link);
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

/// Runs of whitespace as one space, none at either end. Byte by byte, decoding only
/// non-ASCII characters: item texts are many and mostly ASCII.
fn normalize_space(s: &str) -> String {
    let bytes = s.as_bytes();
    // Most texts are normalized already: one quick look, then a copy.
    let plain = bytes.iter().all(|&b| b > b' ' && b < 0x80 || b == b' ')
        && memchr::memmem::find(bytes, b"  ").is_none()
        && !s.starts_with(' ')
        && !s.ends_with(' ');
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i <= bytes.len() {
        let (space, len) = match bytes.get(i) {
            None => (true, 1),
            Some(b) if b.is_ascii() => (matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'), 1),
            Some(_) => {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if !space && word.is_none() {
            word = Some(i);
        } else if space {
            if let Some(start) = word.take() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        }
        i += len;
    }
    out
}

/// 32-bit FNV-1a as 8 hex digits: short, and stable across builds and platforms.
pub fn short_hash(text: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (0..8)
        .rev()
        .map(|i| char::from(b"0123456789abcdef"[(h >> (i * 4)) as usize & 0xf]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Intro\n\n- not an item\n\n## Topics\n\n- `select_related()` and more\n\n### Sub\n\n- Nested parent\n  - child\n\n## Learning\n\n- [Docs](https://docs.djangoproject.com/)\n\n## Exercises\n\n- [ ] Build a blog\n- [x] Done already\n\n## Other\n\n- ignored\n";

    #[test]
    fn items_come_from_their_sections() {
        let Extracted {
            items,
            list_items: lis,
        } = extract("orm", BODY);
        let got: Vec<(Kind, &str)> = items.iter().map(|i| (i.kind, i.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (Kind::Topic, "select_related() and more"),
                (Kind::Topic, "Nested parent"),
                (Kind::Topic, "child"),
                (Kind::Learning, "Docs"),
                (Kind::Exercise, "Build a blog"),
                (Kind::Exercise, "Done already"),
            ]
        );
        assert_eq!(items[0].markdown, "`select_related()` and more");
        assert_eq!(items[1].section, "topics");
        assert_eq!(
            items[3].link.as_deref(),
            Some("https://docs.djangoproject.com/")
        );
        assert!(!items[3].tracked && items[4].tracked && items[4].task);
        assert_eq!(lis.len(), 8);
        assert_eq!(lis[0], None);
        assert_eq!(lis[7], None);
    }

    #[test]
    fn print_html_prefixes_ids_and_moves_headings_down() {
        let html = "<h2 id=\"topics\">Topics</h2>\n<p>See <a href=\"#topics\">x</a>, \
            <a href=\"https://a.b/#c\">y</a> and <code>h2 id=\"no\"</code></p>\n\
            <h3 id=\"sub\">Sub</h3><h5>5</h5><h6>6</h6><h1>1</h1><hr />\
            <ul>\n<li id=\"x\" data-kind=\"topic\">t</li>\n</ul>\n\
            <a href=\"#b\" id=\"a\">both</a>";
        assert_eq!(
            print_html("orm", html),
            "<h3 id=\"orm-topics\">Topics</h3>\n<p>See <a href=\"#orm-topics\">x</a>, \
            <a href=\"https://a.b/#c\">y</a> and <code>h2 id=\"no\"</code></p>\n\
            <h4 id=\"orm-sub\">Sub</h4><h6>5</h6><h6>6</h6><h1>1</h1><hr />\
            <ul>\n<li id=\"orm-x\" data-kind=\"topic\">t</li>\n</ul>\n\
            <a href=\"#orm-b\" id=\"orm-a\">both</a>"
        );
    }

    #[test]
    fn normalize_space_keeps_words_and_single_spaces() {
        assert_eq!(normalize_space("  a \n\t b\u{a0}c  "), "a b c");
        assert_eq!(normalize_space(" \n "), "");
        assert_eq!(normalize_space("é  ü"), "é ü");
    }

    #[test]
    fn ids_follow_the_text_not_the_position() {
        let a = extract("s", "## Topics\n\n- One\n- Two\n").items;
        let b = extract("s", "## Topics\n\n- Zero\n- Two\n- One\n").items;
        assert_eq!(a[0].id, b[2].id);
        assert_eq!(a[1].id, b[1].id);
        assert!(a[0].id.starts_with("s/"));
        let c = extract("s", "## Topics\n\n- Same\n- same\n").items;
        assert_ne!(c[0].id, c[1].id);
    }
}
