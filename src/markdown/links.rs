//! Links in Markdown: links between content files become the URLs those files are
//! published at (the anchors they name checked once every file is rendered), and
//! broken ones are errors with the file and line.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, parse_document};

use super::Markdown;
use crate::content::Source;
use crate::error::Diagnostic;
use crate::url::{decode, has_scheme};

/// What a link in Markdown may point at: content files by their path relative to
/// `content/`, mapped to the URL each one is published at.
#[derive(Debug, Default)]
pub struct LinkTargets {
    pub urls: HashMap<PathBuf, String>,
    /// The site's base path, for root-relative links: `/repo/`.
    pub base_path: String,
}

/// A link to `target#anchor` that can only be checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// Content-relative path of the linked file, or the linking file itself.
    pub target: PathBuf,
    pub anchor: String,
    pub line: usize,
}

/// The anchors a file's links name, to check once every file is rendered, and the
/// content files they point to with the URL each was given.
pub(super) type Rewritten = (Vec<AnchorLink>, Vec<(PathBuf, String)>);

/// Rewrites every link and image of a parsed file to its published URL; returns what
/// they point to, or every broken link.
pub(super) fn rewrite<'a>(
    root: &'a AstNode<'a>,
    source: &Source,
    targets: &LinkTargets,
) -> Result<Rewritten, Vec<Diagnostic>> {
    let rel = source.content_rel();
    let mut errors = Vec::new();
    let mut anchors = Vec::new();
    let mut linked = Vec::new();
    for node in root.descendants() {
        let url = match &node.data().value {
            NodeValue::Link(link) | NodeValue::Image(link) => link.url.clone(),
            _ => continue,
        };
        let line = source.body_line + node.data().sourcepos.start.line.saturating_sub(1);
        match resolve(&url, rel, targets) {
            Ok(Resolved::Keep) => {}
            Ok(Resolved::Url(new_url, anchor, file)) => {
                linked.extend(file);
                if let Some((target, anchor)) = anchor {
                    anchors.push(AnchorLink {
                        target,
                        anchor,
                        line,
                    });
                }
                if let NodeValue::Link(link) | NodeValue::Image(link) = &mut node.data_mut().value {
                    link.url = new_url;
                }
            }
            Err((message, hint)) => errors.push(
                Diagnostic::new(&source.path, message)
                    .at_line(line)
                    .with_hint(hint),
            ),
        }
    }
    if errors.is_empty() {
        linked.sort();
        linked.dedup();
        Ok((anchors, linked))
    } else {
        Err(errors)
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
    /// The new URL, the anchor to check in a content file, and the content file it
    /// points to with that file's URL.
    Url(String, Option<(PathBuf, String)>, Option<(PathBuf, String)>),
}

const LINK_HINT: &str =
    "link to another page by its file, relative to this one: [ORM](04-orm.md#topics)";

/// Maps a link written in `rel` to the URL it is published at.
/// The error is a message and a hint.
fn resolve(url: &str, rel: &Path, targets: &LinkTargets) -> Result<Resolved, (String, String)> {
    if url.is_empty() || has_scheme(url) || url.starts_with("//") {
        return Ok(Resolved::Keep);
    }
    if let Some(anchor) = url.strip_prefix('#') {
        return Ok(match anchor {
            "" => Resolved::Keep,
            _ => Resolved::Url(
                url.to_string(),
                Some((rel.to_path_buf(), decode(anchor).into_owned())),
                None,
            ),
        });
    }
    if let Some(rest) = url.strip_prefix('/') {
        return Ok(Resolved::Url(
            format!("{}{rest}", targets.base_path),
            None,
            None,
        ));
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f).filter(|f| !f.is_empty())),
        None => (url, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let base = rel.parent().unwrap_or(Path::new(""));
    let target = fold_dots(&base.join(&*decode(path))).ok_or_else(|| {
        (
            format!("link \"{url}\" points outside content/"),
            LINK_HINT.to_string(),
        )
    })?;
    let Some(page_url) = targets.urls.get(&target) else {
        return Err(missing(url, &target));
    };
    let file = Some((target.clone(), page_url.clone()));
    Ok(match fragment {
        Some(f) => Resolved::Url(
            format!("{page_url}#{f}"),
            Some((target, decode(f).into_owned())),
            file,
        ),
        None => Resolved::Url(page_url.clone(), None, file),
    })
}

/// The error for a link to a file `content/` does not have.
fn missing(url: &str, target: &Path) -> (String, String) {
    if target.extension().is_some_and(|e| e == "md") {
        return (
            format!(
                "link \"{url}\": there is no content/{} to link to",
                target.display()
            ),
            LINK_HINT.to_string(),
        );
    }
    (
        format!(
            "missing file \"{url}\": there is no content/{}",
            target.display()
        ),
        format!(
            "put the file at content/{}, or fix the path (it is relative to this file)",
            target.display()
        ),
    )
}

/// Folds `.` and `..`; `None` when the path climbs above its start.
fn fold_dots(path: &Path) -> Option<PathBuf> {
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

    fn resolve_from(url: &str, from: &str) -> Result<Option<String>, String> {
        resolve(url, Path::new(from), &targets())
            .map(|r| match r {
                Resolved::Keep => None,
                Resolved::Url(u, _, _) => Some(u),
            })
            .map_err(|(message, _)| message)
    }

    #[test]
    fn links_between_files_become_urls() {
        let ok = |url, from| resolve_from(url, from).unwrap().unwrap();
        assert_eq!(
            ok("04-orm.md#select-related", "03-x.md"),
            "/repo/stages/orm/#select-related"
        );
        assert_eq!(ok("../04-orm.md", "sub/x.md"), "/repo/stages/orm/");
        assert_eq!(ok("img/a%20b.png", "x.md"), "/repo/img/a%20b.png");
        assert_eq!(ok("/print/", "x.md"), "/repo/print/");
        assert_eq!(ok("04-orm.md#", "x.md"), "/repo/stages/orm/");
        assert_eq!(
            resolve_from("https://djangoproject.com", "x.md").unwrap(),
            None
        );
        assert_eq!(resolve_from("mailto:a@b.c", "x.md").unwrap(), None);
    }

    #[test]
    fn broken_links_are_errors() {
        let err = |url| resolve_from(url, "x.md").unwrap_err();
        assert!(err("05-forms.md").contains("no content/05-forms.md"));
        assert!(err("../../etc/passwd").contains("outside"));
        let missing = err("img/logo.png");
        assert!(missing.starts_with("missing file"), "{missing}");
    }
}
