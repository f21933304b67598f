//! The reader's files made of one part per stage: `roadmap.json`, `checklist.md`
//! ([`crate::gathered`]) and the search files ([`crate::reader::search`]). A build makes
//! the parts as it writes; `serve` keeps them in its [`super::Memory`], each with the
//! digest of what it was made from, and makes again only those whose stage changed.

use std::path::Path;

use rayon::prelude::*;

use super::inputs::Inputs;
use super::memory::{Locked, Parts};
use crate::digest::{self, Digest, Digester};
use crate::error::Diagnostic;
use crate::gathered::{self, Gathered};
use crate::output::{Sink, Written};
use crate::reader::files::{checklist, roadmap_json};
use crate::reader::search::{SearchFiles, StageSearch, stage_search};

/// A file of the reader's made of one part per stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReaderFile {
    RoadmapJson,
    Checklist,
    /// The files under `search/`, written together.
    Search,
}

impl ReaderFile {
    pub const ALL: [ReaderFile; 3] = [
        ReaderFile::RoadmapJson,
        ReaderFile::Checklist,
        ReaderFile::Search,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReaderFile::RoadmapJson => "roadmap.json",
            ReaderFile::Checklist => "checklist.md",
            ReaderFile::Search => "search/",
        }
    }

    /// The digest of what it is made of: its frame, and each stage's part's inputs.
    pub fn digest(self, inputs: &Inputs) -> Digest {
        let roadmap = &inputs.derived.roadmap;
        let frame = match self {
            ReaderFile::RoadmapJson => roadmap_json(roadmap).frame_digest(),
            ReaderFile::Checklist => checklist(roadmap).frame_digest(),
            ReaderFile::Search => digest::of(&inputs.base),
        };
        let mut d = Digester::new();
        d.add_u64(frame);
        for part in self.part_digests(inputs) {
            d.add_u64(part);
        }
        d.finish()
    }

    /// The digest of what each stage's part is made from: the stage's entry of the
    /// roadmap, the stages it names, its headings, all made from what its inputs
    /// digest ([`super::stage_views::inputs_digest`]).
    fn part_digests(self, inputs: &Inputs) -> Vec<Digest> {
        inputs.derived.entries_made_from.clone()
    }

    pub fn write(self, inputs: &Inputs, sink: &dyn Sink) -> Written {
        let roadmap = &inputs.derived.roadmap;
        let memory = inputs.parts;
        match self {
            ReaderFile::RoadmapJson => {
                let file = roadmap_json(roadmap);
                let kept = memory.map(|m| &m.roadmap_json);
                vec![write_gathered(
                    &file,
                    kept,
                    self.part_digests(inputs),
                    inputs,
                    sink,
                )]
            }
            ReaderFile::Checklist => {
                let file = checklist(roadmap);
                let kept = memory.map(|m| &m.checklist);
                vec![write_gathered(
                    &file,
                    kept,
                    self.part_digests(inputs),
                    inputs,
                    sink,
                )]
            }
            ReaderFile::Search => match memory {
                Some(m) => update_search(inputs, &m.search, self.part_digests(inputs), sink),
                None => {
                    let count = roadmap.stages.len();
                    let write = |rel: &str, bytes: &[u8]| write(sink, rel, bytes);
                    SearchFiles::write_all(count, |i| search_part(inputs, i), false, write).1
                }
            },
        }
    }
}

fn write(sink: &dyn Sink, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.write(rel, bytes)
        .map_err(|e| Diagnostic::io(Path::new(rel), "write", &e))
}

fn search_part(inputs: &Inputs, i: usize) -> StageSearch {
    let headings = &inputs.derived.stages[i].headings;
    stage_search(&inputs.derived.roadmap, &inputs.base, headings, i)
}

/// A gathered file: made as it is written, or from the `kept` parts whose digest is
/// that of their stage now, the others made again (and kept for the next time).
fn write_gathered<P: Send + Sync>(
    file: &Gathered<'_, P>,
    kept: Option<&Locked<Parts<P>>>,
    digests: Vec<Digest>,
    inputs: &Inputs,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let write = |parts: &gathered::Parts<'_, P>| {
        sink.write_with(file.rel, &mut |w| file.write(w, parts))
            .map_err(|e| Diagnostic::io(Path::new(file.rel), "write", &e))
    };
    let Some(kept) = kept else {
        return write(&file.made(digests.len()));
    };
    let mut kept = kept.lock();
    let slugs = || inputs.site.content.stages.iter().map(|s| s.slug.as_str());
    let mut known: Vec<Option<P>> = (slugs().zip(&digests))
        .map(|(slug, d)| {
            kept.remove(slug)
                .filter(|(was, _)| was == d)
                .map(|(_, p)| p)
        })
        .collect();
    let parts: Vec<P> = (known.par_iter_mut().enumerate())
        .map(|(i, p)| p.take().unwrap_or_else(|| file.part(i)))
        .collect();
    let done = write(&gathered::Parts::Known(&parts));
    kept.clear();
    kept.extend((slugs().zip(digests).zip(parts)).map(|((s, d), p)| (s.to_string(), (d, p))));
    done
}

/// The search files after a save: those the changed stages change, and those no longer
/// made deleted; all of them when the stages are not the same number as before.
fn update_search(
    inputs: &Inputs,
    kept: &Locked<Option<(SearchFiles, Vec<Digest>)>>,
    digests: Vec<Digest>,
    sink: &dyn Sink,
) -> Written {
    let mut kept = kept.lock();
    let count = digests.len();
    if let Some((search, was)) = kept.as_mut().filter(|(s, _)| s.stage_count() == count) {
        let changed: Vec<usize> = (0..count).filter(|&i| was[i] != digests[i]).collect();
        let parts = (changed.par_iter())
            .map(|&i| (i, search_part(inputs, i)))
            .collect();
        let update = search.update(parts);
        *was = digests;
        let mut done: Written = (update.write.par_iter())
            .map(|(rel, bytes)| write(sink, rel, bytes))
            .collect();
        done.extend(update.remove.iter().map(|rel| remove(sink, rel)));
        return done;
    }
    let before = kept.take().map(|(s, _)| s.files()).unwrap_or_default();
    let write = |rel: &str, bytes: &[u8]| write(sink, rel, bytes);
    let (search, mut done) = SearchFiles::write_all(count, |i| search_part(inputs, i), true, write);
    if let Some(search) = search {
        let now = search.files();
        done.extend(
            (before.iter())
                .filter(|f| !now.contains(f))
                .map(|f| remove(sink, f)),
        );
        *kept = Some((search, digests));
    }
    done
}

pub(super) fn remove(sink: &dyn Sink, rel: &str) -> Result<(), Diagnostic> {
    sink.remove(rel)
        .map_err(|e| Diagnostic::io(Path::new(rel), "delete", &e))
}
