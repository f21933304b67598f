//! Markdown -> HTML with comrak: GFM extensions, heading ids, build-time highlighting
//! with CSS classes, links between content files rewritten to page URLs, and the
//! reader's items read and marked as the HTML is written.

mod format;
mod links;

use comrak::options::Plugins;
use comrak::plugins::syntect::{SyntectAdapter, SyntectAdapterBuilder};
use comrak::{Arena, Options, parse_document};

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::config::MarkdownConfig;
pub use crate::content::Heading;
use crate::content::Source;
use crate::digest::{Digest, Digested, Digester};
use crate::error::Diagnostic;
pub use crate::reader::items::{Guide, ItemList};
pub use format::Items;
pub use links::{AnchorLink, LinkTargets, WrittenLink};

/// One file's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: Digested<String>,
    pub headings: Vec<Heading>,
    /// Links to headings, checked once every file is rendered.
    pub anchor_links: Vec<AnchorLink>,
    /// The reader's items (see [`Items`]).
    pub items: ItemList,
    /// The content files its links point to, each with the URL it was given: the HTML
    /// holds as long as they keep those URLs.
    pub linked: Vec<(PathBuf, String)>,
    /// In a translation, where its items do not line up with its source's.
    pub structure: Vec<String>,
    /// The digest of its HTML, headings and items, taken when first asked for.
    digest: OnceLock<Digest>,
    /// The digest of its headings and items, taken when first asked for.
    outline: OnceLock<Digest>,
}

impl Rendered {
    /// The digest of all it shows: its HTML, headings and items.
    pub fn digest(&self) -> Digest {
        *self.digest.get_or_init(|| {
            let mut d = Digester::new();
            d.add_u64(self.html.digest()).add_u64(self.outline_digest());
            d.finish()
        })
    }

    /// The digest of its headings and items: what the roadmap takes of it.
    pub fn outline_digest(&self) -> Digest {
        *self.outline.get_or_init(|| {
            let mut d = Digester::new();
            d.add_hash(&self.headings).add_u64(self.items.digest());
            d.finish()
        })
    }
}

/// The Markdown dialect authors write (GFM: tables, strikethrough, autolinks, task lists,
/// footnotes). Everything that parses content uses it, so all readers agree on the AST.
pub fn parse_options() -> Options<'static> {
    let mut options = Options::default();
    let ext = &mut options.extension;
    ext.strikethrough = true;
    ext.table = true;
    ext.autolink = true;
    ext.tasklist = true;
    ext.footnotes = true;
    options
}

/// The label of a heading's link in English (`heading_link` of the string tables).
pub const HEADING_LINK: &str = "Link to heading '{title}'";

/// comrak set up once per build and shared by every page.
pub struct Markdown {
    options: Options<'static>,
    highlighter: Option<SyntectAdapter>,
}

impl Markdown {
    pub fn new(config: &MarkdownConfig) -> Markdown {
        let mut options = parse_options();
        // Headings get their ids and links in `format` (their links' labels in the
        // page's language).
        options.render.r#unsafe = config.unsafe_html;
        options.render.tasklist_classes = true;
        // Classes, not colours: the adapter needs no themes (highlight_css has them).
        let highlighter = config.highlight.then(|| {
            SyntectAdapterBuilder::new()
                .css_with_class_prefix(crate::highlight::HIGHLIGHT_PREFIX)
                .theme_set(syntect::highlighting::ThemeSet::default())
                .build()
        });
        Markdown {
            options,
            highlighter,
        }
    }

    /// Renders one file: links rewritten (broken ones are errors), then the HTML
    /// written, its headings and `items` read on the way.
    pub fn render(
        &self,
        source: &Source,
        targets: &LinkTargets,
        items: Items,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        self.render_guided(source, targets, items, (None, HEADING_LINK))
    }

    /// Renders a file as a language's site shows it: as [`Markdown::render`], a
    /// translation's items taking the ids of its source's by their place (`guide`, see
    /// [`Guide`]), and its headings' links labelled `heading_link` (`{title}` the
    /// heading's text).
    pub fn render_guided(
        &self,
        source: &Source,
        targets: &LinkTargets,
        items: Items,
        (guide, heading_link): (Option<&std::sync::Arc<Guide>>, &str),
    ) -> Result<Rendered, Vec<Diagnostic>> {
        let arena = Arena::new();
        let root = parse_document(&arena, &source.body, &self.options);
        let (anchor_links, linked) = links::rewrite(root, source, targets)?;
        let mut plugins = Plugins::default();
        if let Some(h) = &self.highlighter {
            plugins.render.codefence_syntax_highlighter = Some(h);
        }
        let failed = || {
            vec![Diagnostic::new(
                &source.path,
                "could not render the Markdown",
            )]
        };
        let formatted = format::format(
            root,
            &self.options,
            &plugins,
            (items, guide),
            (source.body.len() * 2, heading_link),
        )
        .map_err(|_| failed())?;
        if let Some(line) = formatted.unmarked {
            return Err(vec![
                Diagnostic::new(
                    &source.path,
                    "this list item cannot be marked for the reader's progress",
                )
                .at_line(source.body_line + line.saturating_sub(1))
                .with_hint(
                    "write the item as a Markdown list item (`- ...`) under its section heading",
                ),
            ]);
        }
        Ok(Rendered {
            html: Digested::new(formatted.html),
            headings: formatted.headings,
            anchor_links,
            items: Digested::new(formatted.items.into()),
            linked,
            structure: formatted.structure,
            digest: OnceLock::new(),
            outline: OnceLock::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str, items: Items) -> Rendered {
        render_with(body, items, RawHtml::Dropped)
    }

    #[derive(PartialEq)]
    enum RawHtml {
        Dropped,
        Kept,
    }

    fn render_with(body: &str, items: Items, raw: RawHtml) -> Rendered {
        let markdown = Markdown::new(&MarkdownConfig {
            unsafe_html: raw == RawHtml::Kept,
            highlight: false,
            ..MarkdownConfig::default()
        });
        let source = Source::new("content/x.md".into(), "", body.to_string(), 1);
        markdown
            .render(&source, &LinkTargets::default(), items)
            .unwrap()
    }

    const BODY: &str = "Intro\n\n- not an item\n\n## Topics\n\n- `select_related()` and more\n\n### Sub\n\n- Nested parent\n  - child\n\n## Learning\n\n- [Docs](https://docs.djangoproject.com/)\n\n## Exercises\n\n- [ ] Build a blog\n- [x] Done already\n\n## Other\n\n- ignored\n";

    #[test]
    fn items_come_from_their_sections() {
        let items = render(BODY, Items::Tracked { slug: "orm" }).items;
        let got: Vec<(crate::reader::items::Kind, &str)> =
            items.iter().map(|i| (i.kind, i.text.as_str())).collect();
        use crate::reader::items::Kind;
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
    }

    #[test]
    fn every_item_is_marked_where_it_is_written() {
        let rendered = render(BODY, Items::Tracked { slug: "orm" });
        for item in &rendered.items {
            let mut attributes = String::new();
            // Topics and exercises are tracked by their lists.
            let own_tracked = !item.kind.is_tracked();
            item.write_attributes(&mut attributes, own_tracked).unwrap();
            assert_eq!(
                rendered.html.matches(&format!("<li{attributes}")).count(),
                1,
                "{} in {}",
                item.text,
                rendered.html
            );
        }
        assert!(rendered.html.contains("<li>not an item</li>"));
        assert!(rendered.html.contains("<li>ignored</li>"));
        assert!(rendered.html.contains("<li data-item-id=\"orm/"));
        assert!(rendered.html.contains(
            "\" class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"\" /> Build a blog</li>"
        ));
        // A section's kind once, on its list, and that its items are tracked.
        assert!(
            (rendered.html)
                .contains("<ul class=\"contains-task-list\" data-kind=\"exercise\" data-tracked>")
        );
        assert!(!rendered.html.contains("<li data-kind"));
        assert!(!rendered.html.contains("data-tracked class"));
    }

    #[test]
    fn a_task_of_an_untracked_section_is_tracked_on_its_own() {
        let body = "## Learning\n\n- [ ] Read the tutorial\n- The docs\n\n## Topics\n\n- Views\n  - [ ] Class-based\n";
        let html = render(body, Items::Tracked { slug: "s" }).html;
        assert!(html.contains("<ul class=\"contains-task-list\" data-kind=\"learning\">"));
        let task = html.find("Read the tutorial").unwrap();
        assert!(html[..task].ends_with("data-tracked class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"\" /> "), "{html}");
        let docs = &html[..html.find("The docs").unwrap()];
        assert!(!docs[docs.rfind("<li").unwrap()..].contains("data-tracked"));
        // A topic's nested list is tracked by the section's list.
        assert!(html.contains("<ul data-kind=\"topic\" data-tracked>"));
        assert_eq!(html.matches("data-kind").count(), 2, "{html}");
        assert_eq!(html.matches("data-tracked").count(), 2, "{html}");
    }

    #[test]
    fn raw_html_lists_and_footnotes_do_not_hide_items() {
        // Counting `<li`s in the HTML lost every mark of a stage like this one.
        let body = "<ul><li>raw</li></ul>\n\n## Topics\n\n- One[^n]\n- Two\n\n[^n]: A note\n    - with a list\n";
        let rendered = render_with(body, Items::Tracked { slug: "s" }, RawHtml::Kept);
        let marked = rendered.html.matches("data-item-id=").count();
        assert_eq!(marked, rendered.items.len());
        assert!(marked >= 2, "{}", rendered.html);
    }

    #[test]
    fn an_item_that_cannot_be_marked_is_reported_with_its_line() {
        // comrak writes no `<li>` for a task item outside a list; Markdown cannot say
        // that, so the tree is bent by hand to reach the check.
        let arena = Arena::new();
        let options = parse_options();
        let root = parse_document(&arena, "## Topics\n\nText\n\n- [ ] Task\n", &options);
        let list = root.last_child().unwrap();
        let task = list.first_child().unwrap();
        task.detach();
        root.append(task);
        list.detach();
        let formatted = format::format(
            root,
            &options,
            &Plugins::default(),
            (Items::Tracked { slug: "s" }, None),
            (0, HEADING_LINK),
        )
        .unwrap();
        assert_eq!(formatted.unmarked, Some(5));
        assert_eq!(formatted.items.len(), 1);
    }

    #[test]
    fn pages_list_their_items_without_marks() {
        let rendered = render(BODY, Items::Listed { slug: "bonus" });
        assert_eq!(rendered.items.len(), 6);
        assert!(!rendered.html.contains("data-item-id"));
        assert!(render(BODY, Items::None).items.is_empty());
    }

    #[test]
    fn ids_follow_the_text_not_the_position() {
        let ids = |body: &str| -> Vec<String> {
            render(body, Items::Tracked { slug: "s" })
                .items
                .into_iter()
                .map(|i| i.id.clone())
                .collect()
        };
        let a = ids("## Topics\n\n- One\n- Two\n");
        let b = ids("## Topics\n\n- Zero\n- Two\n- One\n");
        assert_eq!(a[0], b[2]);
        assert_eq!(a[1], b[1]);
        assert!(a[0].starts_with("s/"));
        let c = ids("## Topics\n\n- Same\n- same\n");
        assert_ne!(c[0], c[1]);
    }

    #[test]
    fn headings_have_the_ids_comrak_gives_them() {
        let rendered = render("## Topics\n\n## Topics\n\n### Déjà vu!\n", Items::None);
        let ids: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["topics", "topics-1", "déjà-vu"]);
        for id in ids {
            assert!(rendered.html.contains(&format!("id=\"{id}\"")), "{id}");
        }
    }
}
