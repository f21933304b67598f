//! What `serve` keeps from one build to the next: the digest each output was last
//! written with, every file of the site (for the service worker's list), and what is
//! slow to make again, each kept with the digest of what it was made from: renderings,
//! the stages' parts of `roadmap.json` and `checklist.md`, the search files.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::offline::WrittenFile;
use crate::digest::Digest;
use crate::gathered::JsonPart;
use crate::markdown::{LinkTargets, Rendered};
use crate::reader::StageItems;
use crate::reader::search::SearchFiles;

/// Everything [`super::Site::update`] needs of the builds before it. A new `Memory`
/// knows nothing: the first update writes every output.
#[derive(Default)]
pub struct Memory {
    /// Each output's digest when it was last written, by its key.
    pub(super) written: FxHashMap<String, Digest>,
    /// Every file of the site as last written, by path.
    pub(super) files: BTreeMap<String, WrittenFile>,
    /// What is kept of each language's site, the default first.
    pub(super) languages: Vec<LanguageMemory>,
    /// Their codes, in the same order.
    codes: Vec<String>,
}

/// What `serve` keeps of one language's site.
#[derive(Default)]
pub struct LanguageMemory {
    pub(super) derivations: Derivations,
    pub(super) parts: ReaderParts,
    /// The digests of the stages' views, with what each stage was made from.
    pub(super) views: KnownViews,
}

/// What a write records: each output's digest, and every file of the site.
pub(super) type Record<'m> = (
    &'m mut FxHashMap<String, Digest>,
    &'m mut BTreeMap<String, WrittenFile>,
);

impl Memory {
    /// Puts what is kept of each language in the order of `languages`: a language
    /// added in site.toml starts from nothing, one removed is forgotten.
    pub(super) fn for_languages(&mut self, languages: &[crate::languages::Language]) {
        let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
        if codes == self.codes {
            return;
        }
        let mut old: Vec<(String, LanguageMemory)> = std::mem::take(&mut self.codes)
            .into_iter()
            .zip(std::mem::take(&mut self.languages))
            .collect();
        self.languages = (codes.iter())
            .map(|c| match old.iter().position(|(k, _)| k == c) {
                Some(at) => old.swap_remove(at).1,
                None => LanguageMemory::default(),
            })
            .collect();
        self.codes = codes;
    }

    /// Whether it knows of outputs written: an update then writes only those that
    /// change, where they were written.
    pub fn knows_outputs(&self) -> bool {
        !self.written.is_empty()
    }
}

/// The digests of views `serve` keeps between builds (see [`super::stage_views`]): for each stage, in order, the
/// digest of what it was made from (which holds its place: a stage that moves is made
/// from something else) and of its view in each form asked for, as the templates read
/// it then (`reads`, by form).
#[derive(Debug, Default)]
pub struct KnownViews {
    pub(super) reads: [Digest; 3],
    pub(super) by_stage: Vec<(Digest, [Option<Digest>; 3])>,
}

/// The parts the reader's files are made of, kept to make only the changed ones again,
/// and the digests of `reader` (see [`super::inputs`]).
#[derive(Default)]
pub struct ReaderParts {
    /// Each stage's entry of the roadmap's data, by slug, and the parts last written
    /// ([`crate::reader::parts`]).
    pub(super) roadmap_json: Locked<(Parts<JsonPart>, Vec<String>)>,
    /// Each stage's part of `checklist.md`, by slug.
    pub(super) checklist: Locked<Parts<String>>,
    /// The search files as last written, and the digest of each stage's part of them.
    pub(super) search: Locked<Option<(SearchFiles, Vec<Digest>)>>,
    /// The digest of `reader` as templates read it, by the digest of what it was made
    /// from and of what they read.
    pub(super) reader: Locked<FxHashMap<Digest, Digest>>,
}

/// What the Markdown pass and the roadmap were made of in the last build, each by the
/// digest of what it was made from.
#[derive(Default)]
pub struct Derivations {
    /// Each content file's rendering, with the digest of the link targets its links
    /// were last found to point to.
    renderings: FxHashMap<Digest, (Digest, Arc<Rendered>)>,
    /// Each stage's entry of the roadmap.
    pub(super) entries: FxHashMap<Digest, Arc<StageItems>>,
    /// The roadmap's items version, by the digest of every item.
    pub(super) items_version: Option<(Digest, String)>,
    /// The files links may name.
    pub(super) targets: Option<(Digest, Arc<LinkTargets>)>,
}

impl Derivations {
    /// The rendering made from what `key` digests, if its links point to files that
    /// keep their URLs in `targets` (whose digest is `targets_key`: while it is the
    /// one the rendering was kept with, its links are not looked at again).
    pub(super) fn take_rendering(
        &mut self,
        key: Digest,
        (targets_key, targets): (Digest, &LinkTargets),
    ) -> Option<Arc<Rendered>> {
        let (kept_with, rendered) = self.renderings.remove(&key)?;
        let same_links = kept_with == targets_key
            || (rendered.linked.iter())
                .all(|(file, url)| targets.urls.get(file).is_some_and(|u| u == url));
        same_links.then_some(rendered)
    }

    /// Keeps a rendering made from what `key` digests, whose links point into the
    /// link targets digested as `targets_key`.
    pub(super) fn keep_rendering(
        &mut self,
        key: Digest,
        targets_key: Digest,
        rendered: Arc<Rendered>,
    ) {
        self.renderings.insert(key, (targets_key, rendered));
    }

    /// Keeps these renderings for the next update, each by what it was made from,
    /// instead of those kept so far.
    pub(super) fn keep_renderings(
        &mut self,
        targets_key: Digest,
        rendered: impl Iterator<Item = (Digest, Arc<Rendered>)>,
    ) {
        self.renderings.clear();
        (self.renderings).extend(rendered.map(|(key, r)| (key, (targets_key, r))));
    }
}

/// Each stage's part of a file made of one part per stage, by slug, with the digest of
/// what it was made from.
pub type Parts<P> = HashMap<String, (Digest, P)>;

/// A value updated by outputs written at once.
pub struct Locked<T>(Mutex<T>);

impl<T: Default> Default for Locked<T> {
    fn default() -> Self {
        Locked(Mutex::default())
    }
}

impl<T> Locked<T> {
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
