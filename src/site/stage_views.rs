//! Each stage's view, in the forms pages show it ([`Form`]), and the digests of those
//! views. Everything made for one stage (its views, its entry of the roadmap, its parts
//! of the reader's files) is made from what [`inputs_digest`] digests and from nothing
//! else, so while that digest is the one of the last build, so are they: `serve` then
//! takes a view's digest from its memory instead of making the view again. At 10,000
//! stages, digesting every view after every save would cost more than writing what the
//! save changed.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

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

/// What is made of a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Made {
    /// Its views.
    Views,
    /// Its entry of the roadmap and its parts of the reader's files.
    Entry,
}

/// What is made of stage `i` (`made`) is made from: the site's settings (`settings`, the
/// digest of site.toml as loaded), its place, its front matter (and its file's path),
/// what its rendering shows (for its views, its HTML, headings and items; for its
/// entry, its headings and items), where the schedule puts it, and the front matter of
/// the stages it requires and leads to (whose titles, numbers and slugs it names).
pub(super) fn inputs_digest(
    site: &Site,
    derived: &Derived,
    settings: Digest,
    i: usize,
    made: Made,
) -> Digest {
    let content = &site.content;
    let (span, rendered) = (&derived.schedule.spans[i], &derived.stages[i]);
    let mut d = Digester::new();
    d.add_u64(settings)
        .add_u64(i as u64)
        .add_u64(content.stages[i].source.front_matter);
    match made {
        Made::Views => d.add_u64(rendered.digest()),
        Made::Entry => d.add_hash(&rendered.headings).add_u64(rendered.items.digest()),
    };
    for weeks in [span.start_min, span.start_max, span.end_min, span.end_max] {
        d.add_u64(weeks.to_bits());
    }
    for list in [&content.graph.requires[i], &content.graph.leads_to[i]] {
        d.add_u64(list.len() as u64);
        for &j in list {
            d.add_u64(j as u64).add_u64(content.stages[j].source.front_matter);
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

/// The digests of views `serve` keeps between builds: by the digest of what a stage is
/// made from (which names the stage too: it holds its place), the digests of its views
/// made from it, by form and selection.
pub type KnownViews = FxHashMap<Digest, Vec<(Form, Digest, Digest)>>;

/// Digests every stage's view in `form` under `selection`, those `known` from an
/// earlier build of the same inputs taken from there.
pub(super) fn view_digests(
    inputs: &Inputs,
    form: Form,
    selection: &Selection,
    known: Option<&KnownViews>,
) -> Digests {
    let asked = digest::of_hash(selection);
    let made_from = inputs.stage_inputs(Made::Views);
    (0..made_from.len())
        .into_par_iter()
        .map(|i| {
            let kept = known.and_then(|k| k.get(&made_from[i]));
            let hit = kept.and_then(|views| views.iter().find(|(f, s, _)| *f == form && *s == asked));
            match hit {
                Some((_, _, digest)) => *digest,
                None => digest::selected(&view(inputs, i, form), selection),
            }
        })
        .collect()
}

/// Puts the digests made in this build into `known`: by stage, what it was made from
/// and, for each form and selection asked, the digest of its view.
pub(super) fn remember(known: &mut KnownViews, inputs: &Inputs, asked: &[(Form, Digest, Digests)]) {
    let made_from = inputs.stage_inputs(Made::Views);
    known.clear();
    for (i, &made_from) in made_from.iter().enumerate() {
        let views = asked.iter().map(|(f, s, d)| (*f, *s, d[i])).collect();
        known.insert(made_from, views);
    }
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
