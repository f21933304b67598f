//! The reader's files made of one part per stage: the roadmap's data (`roadmap.json`
//! and `roadmap/`, [`crate::reader::parts`]), `checklist.md` ([`crate::gathered`]) and
//! the search files ([`crate::reader::search`]). A build makes
//! the parts as it writes; `serve` keeps them in its [`super::Memory`], each with the
//! digest of what it was made from, and makes again only those whose stage changed.

use std::path::Path;

use rayon::prelude::*;

use super::derive::Made;
use super::inputs::Inputs;
use super::memory::{Locked, Parts};
use crate::digest::{self, Digest, Digester};
use crate::error::Diagnostic;
use crate::gathered::{self, Gathered};
use crate::output::{Sink, Written};
use crate::reader::files::{checklist, one_line_per_stage};
use crate::reader::parts::{self, STAGES_PER_PART};
use crate::reader::search::{SearchFiles, StageSearch, stage_search};

/// A file of the reader's made of one part per stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReaderFile {
    /// `roadmap.json` and the parts under `roadmap/`, written together.
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
            ReaderFile::RoadmapJson => parts::frame_digest(roadmap),
            ReaderFile::Checklist => checklist(roadmap, inputs.words()).frame_digest(),
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
    /// A long roadmap's checklist has a line per stage instead ([`checklist`]): its
    /// parts are told apart from a short one's.
    fn part_digests(self, inputs: &Inputs) -> Vec<Digest> {
        let made_from = inputs.made_from(Made::Entry);
        if self == ReaderFile::Checklist && one_line_per_stage(made_from.len()) {
            let line = |d: &Digest| Digester::new().add_u64(*d).add_str("a line").finish();
            return made_from.iter().map(line).collect();
        }
        made_from.to_vec()
    }

    pub fn write(self, inputs: &Inputs, sink: &dyn Sink) -> Written {
        let roadmap = &inputs.derived.roadmap;
        let memory = inputs.parts;
        match self {
            ReaderFile::RoadmapJson => match memory {
                Some(m) => update_roadmap(inputs, &m.roadmap_json, self.part_digests(inputs), sink),
                None => write_roadmap(inputs, sink),
            },
            ReaderFile::Checklist => {
                let file = checklist(roadmap, inputs.words());
                let kept = memory.map(|m| (&m.checklist, self.part_digests(inputs)));
                vec![write_gathered(&file, kept, inputs, sink)]
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

/// The roadmap's parts and its index, made a few blocks at a time as they are written.
fn write_roadmap(inputs: &Inputs, sink: &dyn Sink) -> Written {
    let roadmap = &inputs.derived.roadmap;
    let count = roadmap.stages.len();
    let mut names = Vec::with_capacity(count.div_ceil(STAGES_PER_PART) + 1);
    let mut done = Vec::with_capacity(names.capacity() + 1);
    // A few blocks at once: every core busy, little in memory.
    let span = STAGES_PER_PART * 16;
    for start in (0..count).step_by(span) {
        let files: Vec<parts::PartFile> = ((start..(start + span).min(count))
            .step_by(STAGES_PER_PART))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|first| {
            let block: Vec<_> = (first..(first + STAGES_PER_PART).min(count))
                .map(|i| parts::stage_part(roadmap, i))
                .collect();
            parts::stages_file(block.iter())
        })
        .collect();
        for (name, bytes) in files {
            done.push(write(sink, &name, &bytes));
            names.push(name);
        }
    }
    if let Some((name, bytes)) = parts::pages_file(roadmap) {
        done.push(write(sink, &name, &bytes));
        names.push(name);
    }
    done.push(write(sink, parts::INDEX, &parts::index(roadmap, &names)));
    done
}

/// After a save: the stages' entries whose digest is that of their stage now are
/// kept, the others made again; only the parts not written before (their names are
/// their bytes' hash) are written, those no longer made deleted, and the index.
fn update_roadmap(
    inputs: &Inputs,
    kept: &Locked<(Parts<gathered::JsonPart>, Vec<String>)>,
    digests: Vec<Digest>,
    sink: &dyn Sink,
) -> Written {
    let roadmap = &inputs.derived.roadmap;
    let mut kept = kept.lock();
    let (entries, before) = &mut *kept;
    let slugs = || inputs.site.content.stages.iter().map(|s| s.slug.as_str());
    let mut known: Vec<Option<gathered::JsonPart>> = (slugs().zip(&digests))
        .map(|(slug, d)| {
            entries
                .remove(slug)
                .filter(|(was, _)| was == d)
                .map(|(_, p)| p)
        })
        .collect();
    let made: Vec<gathered::JsonPart> = (known.par_iter_mut().enumerate())
        .map(|(i, p)| p.take().unwrap_or_else(|| parts::stage_part(roadmap, i)))
        .collect();
    let mut files: Vec<parts::PartFile> = (made.par_chunks(STAGES_PER_PART))
        .map(|block| parts::stages_file(block.iter()))
        .collect();
    files.extend(parts::pages_file(roadmap));
    let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    let mut done: Written = (files.par_iter())
        .filter(|(name, _)| !before.contains(name))
        .map(|(name, bytes)| write(sink, name, bytes))
        .collect();
    done.extend(
        (before.iter())
            .filter(|name| !names.contains(name))
            .map(|name| remove(sink, name)),
    );
    done.push(write(sink, parts::INDEX, &parts::index(roadmap, &names)));
    entries.clear();
    entries.extend((slugs().zip(digests).zip(made)).map(|((s, d), p)| (s.to_string(), (d, p))));
    *before = names;
    done
}

fn search_part(inputs: &Inputs, i: usize) -> StageSearch {
    let headings = &inputs.derived.stages[i].headings;
    stage_search(&inputs.derived.roadmap, &inputs.base, headings, i)
}

/// A gathered file: made as it is written, or from the `kept` parts whose digest is
/// that of their stage now, the others made again (and kept for the next time).
fn write_gathered<P: Send + Sync>(
    file: &Gathered<'_, P>,
    kept: Option<(&Locked<Parts<P>>, Vec<Digest>)>,
    inputs: &Inputs,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let write = |parts: &gathered::Parts<'_, P>| {
        sink.write_with(file.rel, &mut |w| file.write(w, parts))
            .map_err(|e| Diagnostic::io(Path::new(file.rel), "write", &e))
    };
    let Some((kept, digests)) = kept else {
        return write(&file.made(inputs.site.content.stages.len()));
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
