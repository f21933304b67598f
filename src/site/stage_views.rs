//! Each stage's view, in the forms pages show it ([`Form`]), and the digests of those
//! views. Everything made for one stage (its views, its entry of the roadmap, its parts
//! of the reader's files) is made from what [`super::derive`] digests as the stage's
//! inputs and from nothing else, so while that digest is the one of the last build, so
//! are they: `serve` then takes a view's digest from its memory instead of making the
//! view again. At 10,000 stages, digesting every view after every save would cost more
//! than writing what the save changed.

use rayon::prelude::*;

use super::Site;
use super::derive::Derived;
use super::memory::KnownViews;
use crate::digest::{self, Digest, Digester, Selection};
use crate::templates::{Html, StageView};

/// The forms of a stage's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Form {
    /// As `stages`, `nav_stages`, `prev` and `next` list it: no text, no links.
    Listed,
    /// As `stage` on its own page: its text, contents, links and tracked items.
    Own,
    /// As `print_stages` holds it: its links and its text made for the print page.
    Print,
}

/// The view of stage `i` in `form`, `base` being the site's base path.
pub(super) fn view<'a>(
    site: &'a Site,
    derived: &'a Derived,
    base: &str,
    i: usize,
    form: Form,
) -> StageView<'a> {
    let config = &site.config;
    let span = &derived.schedule.spans[i];
    let words = site.i18n.words(&config.language);
    let listed = StageView::new(&site.content, i, span, &config.base_url, base, words);
    if form == Form::Listed {
        return listed;
    }
    let mut view = listed.with_links(&site.content, i, base);
    let rendered = &derived.stages[i];
    if form == Form::Print {
        // In parts, the text is on the stage's page only (PRINT_PART_STAGES).
        if site.content.stages.len() <= crate::templates::PRINT_PART_STAGES {
            view.content = Html::for_print(&rendered.html, view.slug);
        }
        return view;
    }
    view.content = Html::new(&rendered.html);
    view.toc = &rendered.headings;
    view.tracked = &derived.roadmap.stages[i].tracked;
    view.edit_url = derived.edit.stages[i].as_deref();
    view
}

/// The digest of each stage's view in one form, by stage.
pub(super) type Digests = Vec<Digest>;

/// What the templates read of a form: the union of what every template reads of every
/// variable that holds views of that form, and its digest.
#[derive(Debug, Clone, Default)]
pub(super) struct FormReads {
    pub selection: Selection,
    pub digest: Digest,
}

impl FormReads {
    pub fn new(selection: Selection) -> Self {
        let digest = digest::of_hash(&selection);
        FormReads { selection, digest }
    }
}

/// Digests every stage's view in `form`, as far as any template reads it (`reads`):
/// those `known` from an earlier build of the same inputs (`made_from`, by stage) and
/// the same reads are taken from there, the others made by `view`. One digest per
/// view serves every page that shows it, whatever its own template reads of it: a
/// field that another template reads may write a page again, none is ever missed.
pub(super) fn view_digests<'v>(
    made_from: &[Digest],
    known: Option<&KnownViews>,
    (form, reads): (Form, &FormReads),
    view: impl Fn(usize) -> &'v StageView<'v> + Sync,
) -> Digests {
    let known = known.filter(|k| k.reads[form as usize] == reads.digest);
    (0..made_from.len())
        .into_par_iter()
        .map(|i| {
            let kept = known.and_then(|k| k.by_stage.get(i));
            kept.filter(|(was_made_from, _)| *was_made_from == made_from[i])
                .and_then(|(_, forms)| forms[form as usize])
                .unwrap_or_else(|| digest::selected(view(i), &reads.selection))
        })
        .collect()
}

/// Puts the digests made in this build into `known`: by what each stage was made from
/// (`made_from`), the digest of its view in each form (`made`, by form, with what the
/// templates read of it; `None` when no page asked for that form).
pub(super) fn remember(
    known: &mut KnownViews,
    made_from: &[Digest],
    made: [Option<(&FormReads, &Digests)>; 3],
) {
    known.by_stage.clear();
    known.reads = made.map(|m| m.map_or(0, |(reads, _)| reads.digest));
    for (i, &made_from) in made_from.iter().enumerate() {
        let views = made.map(|m| m.map(|(_, digests)| digests[i]));
        known.by_stage.push((made_from, views));
    }
}

/// How many stages are made from other inputs than when `known` was remembered: past a
/// few hundred, a save moved stages (a duration) and rewrites as many pages.
pub(super) fn moved(known: &KnownViews, made_from: &[Digest]) -> usize {
    let was = |i: usize| known.by_stage.get(i).map(|(made_from, _)| made_from);
    (made_from.iter().enumerate())
        .filter(|&(i, m)| was(i) != Some(m))
        .count()
}

/// The digest of a list of views, as a selection reads a list: its length, and each
/// element as `element` reads it (none when it reads only the list's shape).
pub(super) fn list_digest(
    len: usize,
    element: Option<&Selection>,
    each: impl Fn(usize) -> Digest,
) -> Digest {
    let mut d = Digester::new();
    d.add_u64(len as u64);
    if element.is_some() {
        (0..len).for_each(|i| _ = d.add_u64(each(i)));
    }
    d.finish()
}
