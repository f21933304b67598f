//! Markdown -> HTML with comrak: GFM extensions, heading ids, build-time highlighting
//! with CSS classes, and links between content files rewritten to page URLs.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use comrak::nodes::{AstNode, NodeValue};
use comrak::options::Plugins;
use comrak::plugins::syntect::{SyntectAdapter, SyntectAdapterBuilder};
use comrak::{Anchorizer, Arena, Options, format_html_with_plugins, parse_document};
use serde::Serialize;

use crate::config::MarkdownConfig;
use crate::content::Source;
use crate::error::Diagnostic;

/// A heading of a rendered page, for its table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to `target#anchor` that can only be checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// Content-relative path of the linked file, or the linking file itself.
    pub target: PathBuf,
    pub anchor: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub anchor_links: Vec<AnchorLink>,
}

/// What a link in Markdown may point at: content files by their path relative to
/// `content/`, mapped to the URL each one is published at.
#[derive(Debug, Default)]
pub struct LinkTargets {
    pub urls: HashMap<PathBuf, String>,
    /// The site's base path, for root-relative links: `/repo/`.
    pub base_path: String,
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

/// comrak set up once per build and shared by every page.
pub struct Markdown {
    options: Options<'static>,
    highlighter: Option<SyntectAdapter>,
}

impl Markdown {
    pub fn new(config: &MarkdownConfig) -> Markdown {
        let mut options = parse_options();
        options.extension.header_id_prefix = Some(String::new());
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

    /// Renders one file. `rel` is its path relative to `content/`.
    pub fn render(
        &self,
        source: &Source,
        rel: &Path,
        targets: &LinkTargets,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        self.render_with(source, rel, targets, |_| ())
            .map(|(rendered, ())| rendered)
    }

    /// Renders one file, and hands its syntax tree to `inspect` before it is written
    /// out, so whoever needs more from the Markdown (the reader's items) reads the same
    /// tree instead of parsing the file again.
    pub fn render_with<T>(
        &self,
        source: &Source,
        rel: &Path,
        targets: &LinkTargets,
        inspect: impl for<'a> FnOnce(&'a AstNode<'a>) -> T,
    ) -> Result<(Rendered, T), Vec<Diagnostic>> {
        let arena = Arena::new();
        let root = parse_document(&arena, &source.body, &self.options);
        let line_of = |node: &AstNode<'_>| {
            source.body_line + node.data().sourcepos.start.line.saturating_sub(1)
        };

        let mut errors = Vec::new();
        let mut headings = Vec::new();
        let mut anchor_links = Vec::new();
        let mut anchorizer = Anchorizer::new();
        for node in root.descendants() {
            let url = match &node.data().value {
                NodeValue::Heading(h) => {
                    let title = node.collect_text();
                    let id = anchorizer.anchorize(&title);
                    headings.push(Heading {
                        level: h.level,
                        id,
                        title,
                    });
                    continue;
                }
                NodeValue::Link(link) | NodeValue::Image(link) => link.url.clone(),
                _ => continue,
            };
            match resolve_link(&url, rel, targets) {
                Ok(Resolved::Keep) => {}
                Ok(Resolved::Url(new_url, anchor)) => {
                    if let Some((target, anchor)) = anchor {
                        anchor_links.push(AnchorLink {
                            target,
                            anchor,
                            line: line_of(node),
                        });
                    }
                    if let NodeValue::Link(link) | NodeValue::Image(link) =
                        &mut node.data_mut().value
                    {
                        link.url = new_url;
                    }
                }
                Err((message, hint)) => errors.push(
                    Diagnostic::new(&source.path, message)
                        .at_line(line_of(node))
                        .with_hint(hint),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let inspected = inspect(root);
        let mut plugins = Plugins::default();
        if let Some(h) = &self.highlighter {
            plugins.render.codefence_syntax_highlighter = Some(h);
        }
        let mut html = String::with_capacity(source.body.len() * 2);
        format_html_with_plugins(root, &self.options, &mut html, &plugins).map_err(|_| {
            vec![Diagnostic::new(
                &source.path,
                "could not render the Markdown",
            )]
        })?;
        Ok((
            Rendered {
                html,
                headings,
                anchor_links,
            },
            inspected,
        ))
    }
}

/// A link or image as written in a Markdown file, for `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenLink {
    pub url: String,
    /// 1-based line in the file (front matter included).
    pub line: usize,
}

impl Markdown {
    /// Every link and image URL in `source`, as written, with its line.
    pub fn links(&self, source: &Source) -> Vec<WrittenLink> {
        let arena = Arena::new();
        let root = parse_document(&arena, &source.body, &self.options);
        root.descendants()
            .filter_map(|node| match &node.data().value {
                NodeValue::Link(link) | NodeValue::Image(link) => Some(WrittenLink {
                    url: link.url.clone(),
                    line: source.body_line + node.data().sourcepos.start.line.saturating_sub(1),
                }),
                _ => None,
            })
            .collect()
    }
}

enum Resolved {
    /// An external link, or one that needs nothing done.
    Keep,
    /// The new URL, and the anchor to check in a content file.
    Url(String, Option<(PathBuf, String)>),
}

const LINK_HINT: &str =
    "link to another page by its file, relative to this one: [ORM](04-orm.md#topics)";

/// Maps a link written in `rel` to the URL it is published at.
/// The error is a message and a hint.
fn resolve_link(
    url: &str,
    rel: &Path,
    targets: &LinkTargets,
) -> Result<Resolved, (String, String)> {
    if url.is_empty() || has_scheme(url) || url.starts_with("//") {
        return Ok(Resolved::Keep);
    }
    if let Some(anchor) = url.strip_prefix('#') {
        return Ok(match anchor {
            "" => Resolved::Keep,
            _ => Resolved::Url(
                url.to_string(),
                Some((rel.to_path_buf(), percent_decode(anchor))),
            ),
        });
    }
    if let Some(rest) = url.strip_prefix('/') {
        return Ok(Resolved::Url(format!("{}{rest}", targets.base_path), None));
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let decoded = percent_decode(path);
    let base = rel.parent().unwrap_or(Path::new(""));
    let target = normalize(&base.join(&decoded)).ok_or_else(|| {
        (
            format!("link \"{url}\" points outside content/"),
            LINK_HINT.to_string(),
        )
    })?;
    let Some(page_url) = targets.urls.get(&target) else {
        if target.extension().is_some_and(|e| e == "md") {
            return Err((
                format!(
                    "link \"{url}\": there is no content/{} to link to",
                    target.display()
                ),
                LINK_HINT.to_string(),
            ));
        }
        return Err((
            format!(
                "missing file \"{url}\": there is no content/{}",
                target.display()
            ),
            format!(
                "put the file at content/{}, or fix the path (it is relative to this file)",
                target.display()
            ),
        ));
    };
    let anchor = fragment
        .filter(|f| !f.is_empty())
        .map(|f| (target.clone(), percent_decode(f)));
    let new_url = match fragment {
        Some(f) if !f.is_empty() => format!("{page_url}#{f}"),
        _ => page_url.clone(),
    };
    Ok(Resolved::Url(new_url, anchor))
}

/// `mailto:`, `https:`, `data:` ... (an RFC 3986 scheme before the first `/`).
fn has_scheme(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Folds `.` and `..`; `None` when the path climbs above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// `%20` -> ` `; malformed escapes stay as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut urls = HashMap::new();
        urls.insert(PathBuf::from("04-orm.md"), "/repo/stages/orm/".to_string());
        urls.insert(
            PathBuf::from("img/a b.png"),
            "/repo/img/a%20b.png".to_string(),
        );
        LinkTargets {
            urls,
            base_path: "/repo/".into(),
        }
    }

    fn resolve(url: &str, from: &str) -> Result<Option<String>, String> {
        resolve_link(url, Path::new(from), &targets())
            .map(|r| match r {
                Resolved::Keep => None,
                Resolved::Url(u, _) => Some(u),
            })
            .map_err(|(message, _)| message)
    }

    #[test]
    fn links_between_files_become_urls() {
        assert_eq!(
            resolve("04-orm.md#select-related", "03-x.md")
                .unwrap()
                .unwrap(),
            "/repo/stages/orm/#select-related"
        );
        assert_eq!(
            resolve("../04-orm.md", "sub/x.md").unwrap().unwrap(),
            "/repo/stages/orm/"
        );
        assert_eq!(
            resolve("img/a%20b.png", "x.md").unwrap().unwrap(),
            "/repo/img/a%20b.png"
        );
        assert_eq!(resolve("/print/", "x.md").unwrap().unwrap(), "/repo/print/");
        assert_eq!(resolve("https://djangoproject.com", "x.md").unwrap(), None);
        assert_eq!(resolve("mailto:a@b.c", "x.md").unwrap(), None);
    }

    #[test]
    fn broken_links_are_errors() {
        assert!(
            resolve("05-forms.md", "x.md")
                .unwrap_err()
                .contains("no content/05-forms.md")
        );
        assert!(
            resolve("../../etc/passwd", "x.md")
                .unwrap_err()
                .contains("outside")
        );
    }

    #[test]
    fn missing_files_are_named_as_such() {
        let err = resolve("img/logo.png", "x.md").unwrap_err();
        assert!(err.starts_with("missing file"), "{err}");
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
