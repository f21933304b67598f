//! The links between content files, for the Markdown pass: every file a link may name
//! with the URL it is published at, and the anchors links name, checked against the
//! headings of the files they point into.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::content::{Content, HOME_FILE, Source};
use crate::digest::{Digest, Digester};
use crate::error::{BuildError, Diagnostic};
use crate::markdown::{LinkTargets, Rendered};
use crate::url::{encode_path, page_path, stage_path};

/// The digest of what [`link_targets`] is made from: every content file's path and slug,
/// the assets, the base path.
pub(super) fn targets_digest(content: &Content, base: &str) -> Digest {
    let mut d = Digester::new();
    d.add_str(base);
    for (path, slug) in (content.stages.iter())
        .map(|s| (&s.source.path, &s.slug))
        .chain(content.pages.iter().map(|p| (&p.source.path, &p.slug)))
    {
        d.add_str(&path.to_string_lossy()).add_str(slug);
    }
    content.assets.iter().for_each(|a| _ = d.add_str(&a.rel));
    d.finish()
}

/// Every content file a Markdown link may name, with its URL.
pub(super) fn link_targets(content: &Content, base: &str) -> LinkTargets {
    let mut urls = HashMap::new();
    urls.insert(PathBuf::from(HOME_FILE), base.to_string());
    for s in &content.stages {
        let url = format!("{base}{}", stage_path(&s.slug));
        urls.insert(s.source.content_rel().to_path_buf(), url);
    }
    for p in &content.pages {
        let url = format!("{base}{}", page_path(&p.slug));
        urls.insert(p.source.content_rel().to_path_buf(), url);
    }
    for a in &content.assets {
        urls.insert(
            PathBuf::from(&a.rel),
            format!("{base}{}", encode_path(&a.rel)),
        );
    }
    LinkTargets {
        urls,
        base_path: base.to_string(),
    }
}

/// Fails on links to headings that do not exist among `files`.
pub(super) fn check_anchors(files: &[(&Source, &Rendered)]) -> Result<(), BuildError> {
    // The heading ids of the files links point into, not of every file.
    let targets: HashSet<&Path> = files
        .iter()
        .flat_map(|(_, r)| r.anchor_links.iter().map(|l| l.target.as_path()))
        .collect();
    let ids: HashMap<&Path, HashSet<&str>> = files
        .iter()
        .filter(|(src, _)| targets.contains(src.content_rel()))
        .map(|(src, r)| {
            (
                src.content_rel(),
                r.headings.iter().map(|h| h.id.as_str()).collect(),
            )
        })
        .collect();
    let mut errors = Vec::new();
    for (src, r) in files {
        for link in &r.anchor_links {
            // Links to assets (a PDF page, say) carry anchors nobody can check.
            let Some(known) = ids.get(link.target.as_path()) else {
                continue;
            };
            if known.contains(link.anchor.as_str()) {
                continue;
            }
            let mut available: Vec<String> = known.iter().map(|a| format!("#{a}")).collect();
            available.sort();
            let hint = if available.is_empty() {
                "that page has no headings; link to the page without #...".to_string()
            } else {
                format!("headings there: {}", available.join(", "))
            };
            errors.push(
                Diagnostic::new(
                    &src.path,
                    format!(
                        "link to #{} in content/{}: no heading has that id",
                        link.anchor,
                        link.target.display()
                    ),
                )
                .at_line(link.line)
                .with_hint(hint),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into())
    }
}
