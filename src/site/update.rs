//! What `serve` writes again after a save, without rendering the whole site: the
//! files saved are read again; an edit of Markdown text re-renders those files and
//! what gathers every stage, an edit of what front matter shows (a title, summary,
//! duration...) also the pages that show it. Anything else (a stage moved, a file
//! added or removed, templates, site.toml) renders the whole site.
//!
//! Which pages show what is the theme contract of `docs/templates.md`: a stage's page
//! shows, of other stages, `prev`, `next`, its `requires` and `leads_to`, and
//! `nav_stages`; the overview, the 404 page, print pages and the reader's files show
//! every stage; every page shows `total`.
//! `tests/incremental.rs` checks that an update equals a full build, byte for byte.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::Site;
use super::rendering::Rendering;
use crate::content::{Edited, Reread, Schedule, Which};
use crate::error::BuildError;

/// What a save touched, as the pages and files to write again.
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// Stages and standalone pages whose own page is written again.
    pub stage_pages: BTreeSet<usize>,
    pub pages: BTreeSet<usize>,
    /// Every page is written again: what every page shows changed (the total, or the
    /// stages listed on every page).
    pub all_pages: bool,
    /// The overview and the reader's files (roadmap.json, checklist, search index).
    pub gathered: bool,
    /// Stages whose part of the reader's files is made again.
    pub parts: BTreeSet<usize>,
    /// Stages whose search entries are made again (their title, summary, headings or
    /// items changed): fewer than `parts`, as the search shows no weeks.
    pub search: BTreeSet<usize>,
    /// Stages whose print page is written again.
    pub print: BTreeSet<usize>,
    /// What templates see of stages and pages changed (titles, durations...): their
    /// views and the total are made again, and the 404 page, which lists them, written.
    pub views: bool,
    /// A duration changed: the stages that move in the weeks are found once the
    /// schedule is made again.
    pub durations: bool,
    /// The stages and standalone pages whose files were saved: the pages the author
    /// looks at, written first when the save touches many (see [`Changes::in_parts`]).
    pub saved_stages: BTreeSet<usize>,
    pub saved_pages: BTreeSet<usize>,
}

/// Past how many pages to write a save is written in two parts: the saved files' own
/// pages and the overview first, published at once, then the rest. On a 2-core machine
/// a page takes some 50 µs to render and write (a duration edit at 10,000 stages, whose
/// total every page shows, wrote 10,000 in 500 ms), so a save of fewer pages is
/// published whole within some 10 ms of its first part.
pub const IN_PARTS_PAST: usize = 200;

impl Changes {
    /// Whether this save is written in two parts, of a site of `stages` stages and
    /// `pages` standalone pages.
    pub fn in_parts(&self, stages: usize, pages: usize) -> bool {
        let count = if self.all_pages {
            stages + pages
        } else {
            self.stage_pages.len() + self.pages.len()
        };
        count > IN_PARTS_PAST
    }
}

/// What a save asks for.
pub(super) enum Applied {
    /// The files saved hold what the site was built from: nothing to write.
    Nothing,
    /// The model and `rendering` are up to date; these are to be written again.
    Write(Changes),
    /// Only a whole render will do.
    Render,
}

/// Reads the `changed` files again and brings the site's model and `rendering` up to
/// date, and says what to write again.
pub(super) fn apply(
    site: &mut Site,
    rendering: &mut Rendering,
    changed: &[PathBuf],
) -> Result<Applied, BuildError> {
    let mut edits = Vec::new();
    for path in changed {
        match site.content.reread(&site.root, path, site.drafts) {
            Reread::More => return Ok(Applied::Render),
            Reread::Same => {}
            edit => edits.push(edit),
        }
    }
    if edits.is_empty() {
        return Ok(Applied::Nothing);
    }
    let mut changes = Changes::default();
    let mut errors = Vec::new();
    for edit in edits {
        let which = match edit {
            Reread::Body(which, source) => {
                let file = match which {
                    Which::Home => &mut site.content.home.source,
                    Which::Stage(i) => &mut site.content.stages[i].source,
                    Which::Page(i) => &mut site.content.pages[i].source,
                };
                *file = source;
                which
            }
            Reread::Shown(edited) => shown(site, *edited, &mut changes),
            Reread::More | Reread::Same => unreachable!("left out above"),
        };
        match which {
            Which::Stage(i) => changes.saved_stages.insert(i),
            Which::Page(i) => changes.saved_pages.insert(i),
            Which::Home => false,
        };
        if let Err(e) = rendering.rerender(site, which, &mut changes) {
            errors.extend(e);
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    if changes.views {
        let before = rendering.reschedule(&site.config, &site.content);
        if changes.durations {
            moved(&before, &rendering.schedule, &mut changes);
        }
    }
    // A changed heading may break a link to it from any file.
    rendering.check_anchors(&site.content)?;
    Ok(Applied::Write(changes))
}

/// After a duration changed: the stages whose place in the weeks moved, and every page
/// when the total, which every page shows, changed.
fn moved(before: &Schedule, after: &Schedule, changes: &mut Changes) {
    for (i, (old, new)) in before.spans.iter().zip(&after.spans).enumerate() {
        if old != new {
            changes.stage_pages.insert(i);
            changes.parts.insert(i);
            changes.print.insert(i);
        }
    }
    changes.all_pages |= before.label() != after.label();
}

/// Puts a file whose front matter changed what it shows into the content, and notes
/// which pages show what changed.
fn shown(site: &mut Site, edited: Edited, changes: &mut Changes) -> Which {
    let content = &mut site.content;
    changes.gathered = true;
    match edited {
        Edited::Home(new) => {
            content.home = new;
            Which::Home
        }
        Edited::Page(i, new) => {
            content.pages[i] = new;
            changes.views = true;
            changes.pages.insert(i);
            Which::Page(i)
        }
        Edited::Stage(i, new) => {
            let count = content.stages.len();
            let old = std::mem::replace(&mut content.stages[i], new);
            let new = &content.stages[i];
            changes.views = true;
            changes.stage_pages.insert(i);
            changes.parts.insert(i);
            changes.print.insert(i);
            if old.title != new.title || old.icon != new.icon {
                // The neighbours' pagers name it, the stages it requires and those that
                // require it name it, and so does every page that lists every stage.
                changes.stage_pages.extend(i.checked_sub(1));
                changes.stage_pages.extend((i + 1 < count).then_some(i + 1));
                changes.stage_pages.extend(&content.graph.requires[i]);
                changes.stage_pages.extend(&content.graph.leads_to[i]);
                changes.print.extend(&content.graph.leads_to[i]);
                changes.parts.extend(&content.graph.leads_to[i]);
                changes.all_pages |= super::write::lists_every_stage(count);
            }
            if old.title != new.title || old.summary != new.summary {
                changes.search.insert(i);
            }
            changes.durations |= old.duration != new.duration;
            Which::Stage(i)
        }
    }
}
