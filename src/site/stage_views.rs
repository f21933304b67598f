//! Each stage's view, in the forms pages show it ([`Form`]), and the digests of those
//! views. Everything made for one stage (its views, its entry of the roadmap, its parts
//! of the reader's files) is made from what [`inputs_digest`] digests and from nothing
//! else, so while that digest is the one of the last build, so are they: `serve` then
//! takes a view's digest from its memory instead of making the view again. At 10,000
//! stages, digesting every view after every save would cost more than writing what the
//! save changed.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Site;
use super::derive::Derived;
use super::inputs::Inputs;
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

/// What stage `i`'s view, its entry of the roadmap and its parts of the reader's files
/// are made from: the site's settings (`settings`, the digest of site.toml as loaded),
/// its place, its file (every front matter value and its text), its rendering, where
/// the schedule puts it, and the files of the stages it requires and leads to (whose
/// titles, numbers and slugs it names).
pub(super) fn inputs_digest(site: &Site, derived: &Derived, settings: Digest, i: usize) -> Digest {
    let content = &site.content;
    let span = &derived.schedule.spans[i];
    let mut d = Digester::new();
    d.add_u64(settings)
        .add_u64(i as u64)
        .add_u64(content.stages[i].source.digest)
        .add_u64(derived.stages[i].digest());
    for weeks in [span.start_min, span.start_max, span.end_min, span.end_max] {
        d.add_u64(weeks.to_bits());
    }
    for list in [&content.graph.requires[i], &content.graph.leads_to[i]] {
        d.add_u64(list.len() as u64);
        for &j in list {
            d.add_u64(j as u64).add_u64(content.stages[j].source.digest);
        }
    }
    d.finish()
}

/// The view of stage `i` in `form`.
pub(super) fn view<'i>(inputs: &'i Inputs, i: usize, form: Form) -> StageView<'i> {
    let site = inputs.site;
    let config = &site.config;
    let span = &inputs.derived.schedule.spans[i];
    let listed = StageView::new(&site.content, i, span, &config.base_url, &inputs.base);
    if form == Form::Listed {
        return listed;
    }
    let mut view = listed.with_links(&site.content, i, &inputs.base);
    let rendered = &inputs.derived.stages[i];
    if form == Form::Print {
        view.content = Html::for_print(&rendered.html, view.slug);
        return view;
    }
    view.content = Html::new(&rendered.html);
    view.toc = &rendered.headings;
    view.tracked = &inputs.derived.tracked[i];
    view.edit_url = inputs.derived.edit.stages[i].as_deref();
    view
}

/// The digest of each stage's view in one form under one selection, by stage.
pub(super) type Digests = Vec<Digest>;

/// The digests of views `serve` keeps between builds: by stage slug, the digest of what
/// the stage is made from, and the digests of its views made from it, by form and
/// selection.
pub type KnownViews = HashMap<String, (Digest, Vec<(Form, Digest, Digest)>)>;

/// Digests every stage's view in `form` under `selection`, those `known` from an
/// earlier build of the same inputs taken from there. Returns them and the new ones.
pub(super) fn view_digests(
    inputs: &Inputs,
    form: Form,
    selection: &Selection,
    known: Option<&KnownViews>,
) -> (Digests, Vec<(usize, Digest)>) {
    let asked = digest::of_hash(selection);
    let made_from = inputs.stage_inputs();
    let found: Vec<(Digest, bool)> = (0..made_from.len())
        .into_par_iter()
        .map(|i| {
            let slug = &inputs.site.content.stages[i].slug;
            let kept = known
                .and_then(|k| k.get(slug))
                .filter(|(d, _)| *d == made_from[i]);
            let hit = kept
                .and_then(|(_, views)| (views.iter()).find(|(f, s, _)| *f == form && *s == asked));
            match hit {
                Some((_, _, digest)) => (*digest, false),
                None => (digest::selected(&view(inputs, i, form), selection), true),
            }
        })
        .collect();
    let made = (found.iter().enumerate())
        .filter(|(_, (_, new))| *new)
        .map(|(i, (d, _))| (i, *d))
        .collect();
    (found.into_iter().map(|(d, _)| d).collect(), made)
}

/// Puts the digests made in this build into `known`: by stage, what it was made from
/// and, for each form and selection asked, the digest of its view.
pub(super) fn remember(known: &mut KnownViews, inputs: &Inputs, asked: &[(Form, Digest, Digests)]) {
    let made_from = inputs.stage_inputs();
    let mut next = KnownViews::with_capacity(made_from.len());
    for (i, stage) in inputs.site.content.stages.iter().enumerate() {
        let views = asked.iter().map(|(f, s, d)| (*f, *s, d[i])).collect();
        next.insert(stage.slug.clone(), (made_from[i], views));
    }
    *known = next;
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
