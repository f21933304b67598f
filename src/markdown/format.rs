//! The HTML of a file, written by comrak with one addition: while it writes, it reads
//! the file's headings and reader items, and marks each item's `<li>` with the item's
//! id, and a section's lists of items with their kind (once a list, not once an item).
//! Reading and marking happen at the same node, so every item carries its id by
//! construction; nothing is searched for in the HTML afterwards.

use std::fmt::{self, Write};

use comrak::html::{ChildRendering, Context, format_document_with_formatter, format_node_default};
use comrak::nodes::{AstNode, ListType, NodeList, NodeValue};
use comrak::options::Plugins;
use comrak::{Anchorizer, Options};

use super::Heading;
use crate::reader::items::{Guide, Item, ItemReader, Kind};

/// Whose items a file has, and whether they are marked in its HTML.
#[derive(Debug, Clone, Copy)]
pub enum Items<'s> {
    /// None (the home page).
    None,
    /// A standalone page's: listed in the checklist, not marked.
    Listed { slug: &'s str },
    /// A stage's: each `<li>` marked so the reader script keeps its progress.
    Tracked { slug: &'s str },
}

/// What the formatter gathers on its way through the document.
struct Walk {
    anchorizer: Anchorizer,
    /// The label of a heading's link, `{title}` its text, in the page's language.
    heading_link: String,
    headings: Vec<Heading>,
    items: Option<ItemReader>,
    mark: bool,
    /// The list being written says its items are tracked (`data-tracked`), which they
    /// then do not each say.
    list_tracked: bool,
    /// The source line of an item whose `<li>` could not be marked.
    unmarked: Option<usize>,
}

/// The file's HTML, headings and items.
pub(super) struct Formatted {
    pub html: String,
    pub headings: Vec<Heading>,
    pub items: Vec<Item>,
    /// In a translation, where its items do not line up with its source's.
    pub structure: Vec<String>,
    /// Set when an item could not be marked: the line in the Markdown body.
    pub unmarked: Option<usize>,
}

pub(super) fn format<'a>(
    root: &'a AstNode<'a>,
    options: &Options,
    plugins: &Plugins,
    (items, guide): (Items, Option<&std::sync::Arc<Guide>>),
    (capacity, heading_link): (usize, &str),
) -> Result<Formatted, fmt::Error> {
    let reader = |slug| match guide {
        Some(g) => ItemReader::guided(slug, std::sync::Arc::clone(g)),
        None => ItemReader::new(slug),
    };
    let (reader, mark) = match items {
        Items::None => (None, false),
        Items::Listed { slug } => (Some(reader(slug)), false),
        Items::Tracked { slug } => (Some(reader(slug)), true),
    };
    let walk = Walk {
        anchorizer: Anchorizer::new(),
        heading_link: heading_link.to_string(),
        headings: Vec::new(),
        items: reader,
        mark,
        list_tracked: false,
        unmarked: None,
    };
    let mut html = String::with_capacity(capacity);
    let walk =
        format_document_with_formatter(root, options, &mut html, plugins, format_node, walk)?;
    Ok(Formatted {
        html,
        headings: walk.headings,
        structure: (walk.items.as_ref()).map_or_else(Vec::new, ItemReader::mismatches),
        items: walk.items.map(ItemReader::into_items).unwrap_or_default(),
        unmarked: walk.unmarked,
    })
}

/// comrak's own formatting for every node, but headings and list items are read on
/// the way in, and an item's `<li>` gets its attributes.
fn format_node<'a>(
    context: &mut Context<Walk>,
    node: &'a AstNode<'a>,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    if let NodeValue::Heading(h) = &node.data().value {
        return heading(context, node, h.level, entering);
    }
    if entering {
        match &node.data().value {
            NodeValue::List(list) => return items_list(context, node, list),
            NodeValue::Item(_) => return list_item(context, node, ListItem::Plain),
            NodeValue::TaskItem(t) => {
                let checked = t.symbol.is_some();
                return list_item(context, node, ListItem::Task { checked });
            }
            _ => {}
        }
    }
    format_node_default(context, node, entering)
}

/// A heading, read on the way in and written as comrak writes one with ids on, but for
/// its link's label, in the page's language: `<h2 id="topics">Topics<a href="#topics"
/// aria-label="Link to heading 'Topics'" class="anchor"></a></h2>`.
fn heading<'a>(
    context: &mut Context<Walk>,
    node: &'a AstNode<'a>,
    level: u8,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    if entering {
        let title = node.collect_text();
        let walk = &mut context.user;
        let id = walk.anchorizer.anchorize(&title);
        if let Some(items) = &mut walk.items {
            items.heading(level, &title, &id);
        }
        context.cr()?;
        write!(context, "<h{level} id=\"{id}\">")?;
        context.user.headings.push(Heading { level, id, title });
        return Ok(ChildRendering::HTML);
    }
    // Headings do not hold headings: the last one read is this one.
    if let Some(h) = context.user.headings.last() {
        let (id, label) = (
            h.id.clone(),
            context.user.heading_link.replace("{title}", &h.title),
        );
        write!(context, "<a href=\"#{id}\" aria-label=\"")?;
        context.escape(&label)?;
        context.write_str("\" class=\"anchor\"></a>")?;
    }
    write!(context, "</h{level}>")?;
    context.lf()?;
    Ok(ChildRendering::HTML)
}

/// Entering a list: written as comrak writes it, with ` data-kind="…"` when it is a
/// list of a section's items (the outermost: a list in an item is in its section too),
/// and ` data-tracked` when they all are (their kind is).
fn items_list<'a>(
    context: &mut Context<Walk>,
    node: &'a AstNode<'a>,
    list: &NodeList,
) -> Result<ChildRendering, fmt::Error> {
    let walk = &mut context.user;
    let kind = (walk.items.as_ref())
        .filter(|_| walk.mark)
        .and_then(ItemReader::section_kind);
    let in_item = node
        .parent()
        .is_some_and(|p| matches!(p.data().value, NodeValue::Item(_) | NodeValue::TaskItem(_)));
    if in_item {
        return format_node_default(context, node, true);
    }
    walk.list_tracked = kind.is_some_and(Kind::is_tracked);
    let Some(kind) = kind else {
        return format_node_default(context, node, true);
    };
    let ordered = list.list_type == ListType::Ordered;
    context.cr()?;
    context.write_str(if ordered { "<ol" } else { "<ul" })?;
    if list.is_task_list && context.options.render.tasklist_classes {
        context.write_str(" class=\"contains-task-list\"")?;
    }
    write!(context, " data-kind=\"{}\"", kind.name())?;
    if context.user.list_tracked {
        context.write_str(" data-tracked")?;
    }
    comrak::html::render_sourcepos(context, node)?;
    if ordered && list.start != 1 {
        write!(context, " start=\"{}\"", list.start)?;
    }
    context.write_str(">")?;
    context.lf()?;
    Ok(ChildRendering::HTML)
}

#[derive(Clone, Copy)]
enum ListItem {
    Plain,
    Task { checked: bool },
}

/// Entering a list item: read it, and write its opening tag as comrak does, with the
/// item's attributes when it is one to mark.
fn list_item<'a>(
    context: &mut Context<Walk>,
    node: &'a AstNode<'a>,
    kind: ListItem,
) -> Result<ChildRendering, fmt::Error> {
    let task = matches!(kind, ListItem::Task { .. });
    let walk = &mut context.user;
    let attributes = match walk.items.as_mut().and_then(|r| r.item(node, task)) {
        Some(item) if walk.mark => {
            let mut attributes = String::with_capacity(96);
            item.write_attributes(&mut attributes, !walk.list_tracked)?;
            attributes
        }
        _ => return format_node_default(context, node, true),
    };
    // comrak writes a task item's `<li>` only when its parent is a list.
    let in_list = node
        .parent()
        .is_some_and(|p| matches!(p.data().value, NodeValue::List(_)));
    if !in_list {
        let line = node.data().sourcepos.start.line;
        context.user.unmarked.get_or_insert(line);
        return format_node_default(context, node, true);
    }
    context.cr()?;
    context.write_str("<li")?;
    context.write_str(&attributes)?;
    let classes = context.options.render.tasklist_classes;
    if task && classes {
        context.write_str(" class=\"task-list-item\"")?;
    }
    comrak::html::render_sourcepos(context, node)?;
    context.write_str(">")?;
    if let ListItem::Task { checked } = kind {
        context.write_str("<input type=\"checkbox\"")?;
        if classes {
            context.write_str(" class=\"task-list-item-checkbox\"")?;
        }
        if checked {
            context.write_str(" checked=\"\"")?;
        }
        context.write_str(" disabled=\"\" /> ")?;
    }
    Ok(ChildRendering::HTML)
}
