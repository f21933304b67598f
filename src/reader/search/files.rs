//! [`SearchFiles`]: every search file of a build written, and what they are made of
//! kept for `serve`, which after a save writes only the files that changed.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::fragments::{blocks, fragment_json, fragment_range, fragment_rel, group};
use super::index::index_files;
use super::postings::{Postings, chunk_postings, merged};
use super::stage::{StageSearch, stage_words};
use super::{File, FxMap, Limits};

/// What the search files are made of, kept by `serve` to write after a save only the
/// files that changed.
pub struct SearchFiles {
    stages: Vec<StageSearch>,
    /// The first stage of each fragment.
    fragments: Vec<u32>,
    /// Every word with its stages.
    postings: FxMap<Box<str>, Postings>,
    /// `meta.json` and the shards as last written.
    index: HashMap<String, Vec<u8>>,
    limits: Limits,
}

/// What an update of the search files writes and deletes.
#[derive(Default)]
pub struct Changed {
    pub write: Vec<File>,
    pub remove: Vec<String>,
}

/// A chunk of stages: its fragments (their first stages, and how writing each went),
/// its words, and the stages' parts if kept.
type Chunk<R> = (
    Vec<u32>,
    Vec<R>,
    FxMap<Box<str>, Postings>,
    Vec<StageSearch>,
);

impl SearchFiles {
    /// Writes every search file of `count` stages, `part(i)` making stage `i`'s part,
    /// with `write` (which says how that went). Stages are made a chunk at a time, and
    /// their fragments written, so that only a few chunks are ever in memory; unless
    /// `keep`, to update the files later: then what they are made of is returned.
    pub fn write_all<R: Send>(
        count: usize,
        part: impl Fn(usize) -> StageSearch + Sync,
        keep: bool,
        write: impl Fn(&str, &[u8]) -> R + Sync,
    ) -> (Option<SearchFiles>, Vec<R>) {
        SearchFiles::write_with(count, part, keep, write, Limits::DEFAULT)
    }

    pub(super) fn write_with<R: Send>(
        count: usize,
        part: impl Fn(usize) -> StageSearch + Sync,
        keep: bool,
        write: impl Fn(&str, &[u8]) -> R + Sync,
        limits: Limits,
    ) -> (Option<SearchFiles>, Vec<R>) {
        let chunk = limits.chunk;
        debug_assert_eq!(chunk % limits.block, 0, "no fragment spans two chunks");
        let starts: Vec<usize> = (0..count).step_by(chunk).collect();
        let chunks: Vec<Chunk<R>> = starts
            .into_par_iter()
            .map(|start| {
                let end = (start + chunk).min(count);
                let parts: Vec<StageSearch> = (start..end).into_par_iter().map(&part).collect();
                let firsts: Vec<u32> = blocks(end - start, limits.block)
                    .flat_map(|b| group(&parts[b.clone()], start + b.start, limits.fragment))
                    .collect();
                let written = (0..firsts.len())
                    .into_par_iter()
                    .map(|i| {
                        let range = fragment_range(&firsts, i, end);
                        let json = fragment_json(&parts[range.start - start..range.end - start]);
                        write(&fragment_rel(firsts[i]), &json)
                    })
                    .collect();
                let postings = chunk_postings(&parts, start);
                let kept = if keep { parts } else { Vec::new() };
                (firsts, written, postings, kept)
            })
            .collect();
        let (mut fragments, mut done, mut stages) = (Vec::new(), Vec::new(), Vec::new());
        let mut maps = Vec::with_capacity(chunks.len());
        for (firsts, written, postings, kept) in chunks {
            fragments.extend(firsts);
            done.extend(written);
            maps.push(postings);
            stages.extend(kept);
        }
        let postings = merged(maps.into_par_iter());
        let index = index_files(&postings, count, &fragments, limits);
        let written: Vec<R> = index
            .par_iter()
            .map(|(rel, bytes)| write(rel, bytes))
            .collect();
        done.extend(written);
        let state = keep.then(|| SearchFiles {
            stages,
            postings,
            fragments,
            index: index.into_iter().collect(),
            limits,
        });
        (state, done)
    }

    /// Every file they are: the fragments, the shards and `meta.json`.
    pub fn files(&self) -> Vec<String> {
        let fragments = self.fragments.iter().map(|&f| fragment_rel(f));
        fragments.chain(self.index.keys().cloned()).collect()
    }

    /// How many stages they hold.
    pub fn stage_count(&self) -> usize {
        self.stages.len()
    }

    /// Puts in the `changed` stages' new parts; returns the files that differ from
    /// those last written, and those no longer made.
    pub fn update(&mut self, changed: Vec<(usize, StageSearch)>) -> Changed {
        let (count, limits) = (self.stages.len(), self.limits);
        let mut dirty = BTreeSet::new();
        for (i, part) in changed {
            // A stage saved as it was changes no file.
            if self.stages[i].same_as(&part) {
                continue;
            }
            // The stage's words: out of the postings as they were, in as they are.
            let postings = &mut self.postings;
            stage_words(&self.stages[i], |word, _| {
                if let Some(stages) = postings.get_mut(word) {
                    stages.remove(i as u32);
                    if stages.0.is_empty() {
                        postings.remove(word);
                    }
                }
            });
            stage_words(&part, |word, flag| match postings.get_mut(word) {
                Some(stages) => stages.add(i as u32, flag),
                None => {
                    let mut stages = Postings::default();
                    stages.push(i as u32, flag);
                    postings.insert(word.into(), stages);
                }
            });
            self.stages[i] = part;
            dirty.insert(i);
        }
        let mut out = self.regroup(&dirty);
        let index: HashMap<String, Vec<u8>> =
            index_files(&self.postings, count, &self.fragments, limits)
                .into_iter()
                .collect();
        for (rel, bytes) in &index {
            if self.index.get(rel) != Some(bytes) {
                out.write.push((rel.clone(), bytes.clone()));
            }
        }
        for rel in self.index.keys() {
            if !index.contains_key(rel) {
                out.remove.push(rel.clone());
            }
        }
        self.index = index;
        out.write.sort_by(|a, b| a.0.cmp(&b.0));
        out.remove.sort();
        out
    }

    /// Groups again the fragments of the blocks that hold a `dirty` stage; returns those
    /// to write (their stages changed, or they start or end elsewhere) and those no
    /// longer made.
    fn regroup(&mut self, dirty: &BTreeSet<usize>) -> Changed {
        let (count, limits) = (self.stages.len(), self.limits);
        let mut out = Changed::default();
        let touched: BTreeSet<usize> = dirty.iter().map(|i| i / limits.block).collect();
        let mut fragments = Vec::with_capacity(self.fragments.len());
        for (b, block) in blocks(count, limits.block).enumerate() {
            let old: Vec<u32> = self
                .fragments
                .iter()
                .copied()
                .filter(|&f| block.contains(&(f as usize)))
                .collect();
            if !touched.contains(&b) {
                fragments.extend(old);
                continue;
            }
            let new = group(&self.stages[block.clone()], block.start, limits.fragment);
            let ends = |firsts: &[u32]| -> Vec<(u32, usize)> {
                (0..firsts.len())
                    .map(|i| (firsts[i], fragment_range(firsts, i, block.end).end))
                    .collect()
            };
            let (old_groups, new_groups) = (ends(&old), ends(&new));
            for &(first, end) in &new_groups {
                let range = first as usize..end;
                if !old_groups.contains(&(first, end))
                    || dirty.range(range.clone()).next().is_some()
                {
                    out.write
                        .push((fragment_rel(first), fragment_json(&self.stages[range])));
                }
            }
            for &(first, _) in &old_groups {
                if !new.contains(&first) {
                    out.remove.push(fragment_rel(first));
                }
            }
            fragments.extend(new);
        }
        self.fragments = fragments;
        out
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::reader::search::tests::{SMALL, build, stage};

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn updates_write_what_a_build_writes(
            before in prop::collection::vec(stage(), 1..24),
            rounds in prop::collection::vec(prop::collection::vec((0..24usize, stage()), 1..4), 1..4),
        ) {
            let (mut state, mut files) = build(&before, SMALL);
            let mut after = before.clone();
            for edits in rounds {
                let mut changed = Vec::new();
                for (i, s) in edits {
                    let i = i % after.len();
                    after[i] = s.clone();
                    changed.push((i, s.part(i)));
                }
                let update = state.update(changed);
                for (rel, bytes) in update.write {
                    prop_assert_ne!(files.get(&rel), Some(&bytes), "{} is written unchanged", rel);
                    files.insert(rel, bytes);
                }
                for rel in update.remove {
                    prop_assert!(files.remove(&rel).is_some(), "{} was not there", rel);
                }
                let (_, want) = build(&after, SMALL);
                let (got, want): (BTreeSet<_>, BTreeSet<_>) =
                    (files.iter().collect(), want.iter().collect());
                prop_assert_eq!(got, want);
            }
        }
    }
}
