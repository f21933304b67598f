//! What `roadsmith export` reads: the roadmap, from `site.toml` and `content/` alone
//! (no theme, no output folder), its links checked as a build checks them.

use std::path::Path;

use crate::config::{MarkdownConfig, SiteConfig};
use crate::content::{Content, Drafts};
use crate::error::{BuildError, Diagnostic};
use crate::markdown::Markdown;
use crate::reader::Roadmap;
use crate::reader::files::{checklist, notion_csv};

/// What `roadsmith export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `checklist.md`, as a build publishes it.
    Checklist,
    /// A CSV to import into Notion as a database.
    Notion,
}

/// The roadmap of the site at `root`, with every stage's items. Broken links and
/// anchors are errors, as in a build.
pub fn roadmap(root: &Path) -> Result<Roadmap, BuildError> {
    let config = SiteConfig::load(root)?;
    let content = Content::load(root, Drafts::Skip)?;
    // Items are all an export needs of the Markdown: no highlighting.
    let markdown = Markdown::new(&MarkdownConfig {
        highlight: false,
        ..config.markdown.clone()
    });
    Ok(super::rendering::render_all(&config, &content, &markdown)?.roadmap)
}

/// The roadmap of the site at `root` in `format`; nothing is written.
pub fn export(root: &Path, format: Format) -> Result<String, BuildError> {
    let roadmap = roadmap(root)?;
    let text = match format {
        Format::Checklist => {
            let file = checklist(&roadmap);
            let mut bytes = Vec::new();
            file.write(&mut bytes, &file.made(roadmap.stages.len()))
                .map(|()| String::from_utf8_lossy(&bytes).into_owned())
                .map_err(|e| e.to_string())
        }
        Format::Notion => notion_csv(&roadmap).map_err(|e| e.to_string()),
    };
    text.map_err(|e| Diagnostic::new("(export)", format!("could not write the export: {e}")).into())
}
