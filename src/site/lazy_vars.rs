//! Variables of pages made only when a page is drawn: `timeline` and `roadmap_map`,
//! made from the roadmap alone ([`FromRoadmap`]), and what they and `reader` are made
//! from. At thousands of stages each is slow to make; in `serve`, their digests are
//! kept while what they are made from is the same ([`Inputs::reader_made_from`],
//! [`Inputs::stages_made_from`]).

use serde::Serialize;
use tera::Context;

use super::derive::Made;
use super::inputs::{Inputs, Variable};
use crate::digest::{self, Digest, Digester, Selection};

/// A variable made from the roadmap alone (`timeline`, `roadmap_map`): made when a
/// page is drawn; digested, in `serve`, once per set of inputs as `reader` is. A save
/// of a stage's prose then neither lays out nor digests the map of 1,000 stages to
/// find that the overview is unchanged.
pub(super) struct FromRoadmap<'i, 'a, F> {
    pub inputs: &'i Inputs<'a>,
    pub name: &'static str,
    pub make: F,
}

impl<T: Serialize, F: Fn() -> T + Sync> Variable for FromRoadmap<'_, '_, F> {
    fn insert(&self, name: &'static str, context: &mut Context) {
        context.insert(name, &(self.make)());
    }

    fn add_to(&self, d: &mut Digester, selection: &Selection) {
        let digest = || digest::selected(&(self.make)(), selection);
        let made_from = self.inputs.stages_made_from();
        d.add_u64((self.inputs).remembered(self.name, made_from, selection, digest));
    }
}

impl Inputs<'_> {
    /// The digest of a variable named `name` made from `made_from` alone, as
    /// `selection` reads it: from `serve`'s memory when known, else `digest()`.
    pub(super) fn remembered(
        &self,
        name: &str,
        made_from: Digest,
        selection: &Selection,
        digest: impl Fn() -> Digest,
    ) -> Digest {
        let Some(parts) = self.parts else {
            return digest();
        };
        let mut key = Digester::new();
        key.add_str(name).add_u64(made_from).add_hash(selection);
        let mut known = parts.reader.lock();
        if known.len() > KNOWN_READERS {
            known.clear();
        }
        *known.entry(key.finish()).or_insert_with(digest)
    }
}

/// How many digests of `reader`, `timeline` and `roadmap_map` `serve` keeps: one per
/// way a kind of page reads each, over a few saves.
const KNOWN_READERS: usize = 32;

impl Inputs<'_> {
    /// The digest of what `reader` is made from: each stage's entry of the roadmap
    /// (made from the site's settings, the stage's place, front matter, headings and
    /// items, and those of the stages it requires), the items' version, and the paths
    /// of the home page and the pages (whose "edit" links it holds).
    pub(super) fn reader_made_from(&self) -> Digest {
        let derived = self.derived;
        let content = &self.site.content;
        let mut d = Digester::new();
        d.add_u64(digest::of(&self.site.config))
            .add_str(&derived.roadmap.items_version);
        (self.made_from(Made::Entry))
            .iter()
            .for_each(|&m| _ = d.add_u64(m));
        d.add_u64(content.home.source.front_matter);
        (content.pages.iter()).for_each(|p| _ = d.add_u64(p.source.front_matter));
        d.finish()
    }

    /// The digest of what the roadmap's stages are made of but their text and items:
    /// the settings, the home page's and every stage's front matter, where each falls
    /// in the weeks and what it requires. The timeline and the map are made of that.
    pub(super) fn stages_made_from(&self) -> Digest {
        let content = &self.site.content;
        let mut d = Digester::new();
        d.add_u64(digest::of(&self.site.config))
            .add_u64(content.home.source.front_matter);
        let spans = &self.derived.schedule.spans;
        for ((stage, span), requires) in
            (content.stages.iter().zip(spans)).zip(&content.graph.requires)
        {
            d.add_u64(stage.source.front_matter);
            for weeks in [span.start_min, span.start_max, span.end_min, span.end_max] {
                d.add_u64(weeks.to_bits());
            }
            d.add_u64(requires.len() as u64);
            requires.iter().for_each(|&j| _ = d.add_u64(j as u64));
        }
        d.finish()
    }
}
