//! Step 3 of the pipeline: every output of a site, listed in one place ([`list`]), each
//! with its key (the path it is written at), the digest of what it is made from, and
//! how it is written; and step 4, writing them: all of them ([`write_all`]), or after a
//! save those whose digest changed ([`Changed`]), in the order the author wants to see
//! them. The service worker, made of every file written, comes last.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::extras::Made;
use super::inputs::Inputs;
use super::offline::{self, Recorder, SERVICE_WORKER, WrittenFile};
use super::pages::Page;
use super::reader_files::{ReaderFile, remove};
use crate::digest::Digest;
use crate::error::{BuildError, Diagnostic};
use crate::output::{Sink, Written};

/// An output of the site. Its key and what it is made of are in the [`Inputs`] it is
/// listed from; a translation adds its language here, to the key of every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Output {
    /// A page drawn from a template.
    Page(Page),
    /// `roadmap.json`, `checklist.md`, the search files.
    Reader(ReaderFile),
    /// A file made from the settings: sitemap, robots.txt, manifest, icons...
    Made(Made),
    /// A file copied as it is, by its place in [`Inputs::statics`].
    Copied(usize),
}

/// Every output of a language's site, the long ones first so that they run beside the
/// many short ones. A language other than the default has its pages, its reader's
/// files and its manifest; the files it shares are the default language's.
pub(super) fn list(inputs: &Inputs) -> Vec<Output> {
    let mut outputs: Vec<Output> = ReaderFile::ALL.into_iter().map(Output::Reader).collect();
    if inputs.site.templates.has("print.html") {
        let parts = 0..inputs.print_parts.len();
        outputs.extend(parts.map(|k| Output::Page(Page::Print(k))));
    }
    outputs.push(Output::Page(Page::Overview));
    outputs.extend((0..inputs.blocks.len()).map(|k| Output::Page(Page::Block(k))));
    let content = &inputs.site.content;
    outputs.extend((0..content.stages.len()).map(|i| Output::Page(Page::Stage(i))));
    outputs.extend((0..content.pages.len()).map(|i| Output::Page(Page::Standalone(i))));
    outputs.push(Output::Page(Page::NotFound));
    let mut made = Made::all(inputs.site, &inputs.statics);
    if !inputs.prefix.is_empty() {
        made.retain(|m| matches!(m, Made::Manifest | Made::Strings));
    }
    outputs.extend(made.into_iter().map(Output::Made));
    if inputs.prefix.is_empty() {
        outputs.extend((0..inputs.statics.len()).map(Output::Copied));
    }
    outputs
}

/// Every output of every language: each with the index of its language's inputs.
fn list_all(all: &[Inputs]) -> Vec<(usize, Output)> {
    (all.iter().enumerate())
        .flat_map(|(k, inputs)| list(inputs).into_iter().map(move |o| (k, o)))
        .collect()
}

/// A sink that writes below a language's folder.
struct Prefixed<'s> {
    sink: &'s dyn Sink,
    prefix: &'s str,
}

impl Sink for Prefixed<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.sink.write(&[self.prefix, rel].concat(), bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        self.sink.copy(&[self.prefix, rel].concat(), from)
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.sink.write_with(&[self.prefix, rel].concat(), fill)
    }

    fn remove(&self, rel: &str) -> std::io::Result<()> {
        self.sink.remove(&[self.prefix, rel].concat())
    }
}

impl Output {
    /// What names it from one build to the next: the path it is written at (for the
    /// search files, their folder).
    pub fn key(self, inputs: &Inputs) -> String {
        let key = match self {
            Output::Page(page) => page.rel(inputs),
            Output::Reader(file) => file.key().to_string(),
            Output::Made(made) => made.rel().to_string(),
            Output::Copied(k) => inputs.statics[k].0.clone(),
        };
        match inputs.prefix.as_str() {
            "" => key,
            prefix => [prefix, &key].concat(),
        }
    }

    /// The digest of what it is made from; `key` is its [`Output::key`].
    pub fn digest(self, inputs: &Inputs, key: &str) -> Digest {
        let key = key.strip_prefix(inputs.prefix.as_str()).unwrap_or(key);
        match self {
            Output::Page(page) => page.digest(inputs, key),
            Output::Reader(file) => file.digest(inputs),
            Output::Made(made) => made.digest(inputs.site, &|| inputs.colours()),
            Output::Copied(k) => inputs.statics[k].1.digest(),
        }
    }

    pub fn write(self, inputs: &Inputs, sink: &dyn Sink) -> Written {
        let prefixed = Prefixed {
            sink,
            prefix: &inputs.prefix,
        };
        let sink: &dyn Sink = if inputs.prefix.is_empty() {
            sink
        } else {
            &prefixed
        };
        match self {
            Output::Page(page) => vec![page.write(inputs, sink)],
            Output::Reader(file) => file.write(inputs, sink),
            Output::Made(made) => vec![made.write(inputs.site, &|| inputs.colours(), sink)],
            Output::Copied(k) => {
                let (rel, from) = &inputs.statics[k];
                vec![from.write(inputs.site, rel, sink)]
            }
        }
    }

    /// Whether it shows one of the content files `saved` (indexes of
    /// [`crate::content::Content::sources`]): a page the author may be looking at.
    fn shows(self, inputs: &Inputs, saved: &[usize]) -> bool {
        match self {
            Output::Page(page) => saved.iter().any(|&f| page.shows(inputs, f)),
            _ => false,
        }
    }
}

/// Writes every output of every language (`all`, the default first) into `sink`,
/// then the service worker; returns how many files.
pub(super) fn write_all(all: &[Inputs], sink: &dyn Sink) -> Result<usize, BuildError> {
    let recorder = Recorder::new(sink);
    let mut results: Written = (list_all(all).par_iter())
        .flat_map_iter(|(k, o)| o.write(&all[*k], &recorder))
        .collect();
    if let Some(worker) = service_worker(&all[0], &recorder.take_files()) {
        results.push(write_worker(sink, &worker));
    }
    finish(results)
}

/// One result per file written: how many, or every error.
fn finish(results: Written) -> Result<usize, BuildError> {
    let files = results.len();
    let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors.into())
    }
}

/// `sw.js`, made of every other file of the site, unless the site has its own.
fn service_worker(inputs: &Inputs, files: &[WrittenFile]) -> Option<String> {
    let theirs = inputs.statics.iter().any(|(rel, _)| rel == SERVICE_WORKER);
    (!theirs).then(|| offline::service_worker(files))
}

/// The service worker is written past the recorder: it is not one of the files it
/// lists.
fn write_worker(sink: &dyn Sink, worker: &str) -> Result<(), Diagnostic> {
    sink.write(SERVICE_WORKER, worker.as_bytes())
        .map_err(|e| Diagnostic::io(Path::new(SERVICE_WORKER), "write", &e))
}

/// After a save: the outputs whose digest is not the one they were last written with,
/// and the keys of those no longer made.
pub(super) struct Changed {
    /// Each with the index of its language's inputs, its key and digest.
    outputs: Vec<(usize, Output, String, Digest)>,
    gone: Vec<String>,
}

impl Changed {
    /// Every output whose digest changed, and every key no longer made.
    pub fn new(all: &[Inputs], written: &FxHashMap<String, Digest>) -> Changed {
        Changed::among(all, written, list_all(all), true)
    }

    /// The outputs that show the files `saved` (by language) and changed: the first
    /// part of a save written in two, found without digesting the others.
    pub fn shown(
        all: &[Inputs],
        written: &FxHashMap<String, Digest>,
        saved: &[Vec<usize>],
    ) -> Changed {
        let shown = list_all(all)
            .into_iter()
            .filter(|(k, o)| o.shows(&all[*k], &saved[*k]));
        Changed::among(all, written, shown.collect(), false)
    }

    /// Those of `listed` whose digest changed, and when they are `every` output, the
    /// keys no longer made.
    fn among(
        all: &[Inputs],
        written: &FxHashMap<String, Digest>,
        listed: Vec<(usize, Output)>,
        every: bool,
    ) -> Changed {
        let all: Vec<(usize, Output, String, Digest)> = (listed.into_par_iter())
            .map(|(k, o)| {
                let key = o.key(&all[k]);
                let digest = o.digest(&all[k], &key);
                (k, o, key, digest)
            })
            .collect();
        let was: Vec<Option<&Digest>> = all.iter().map(|(_, _, key, _)| written.get(key)).collect();
        let known = was.iter().flatten().count();
        // Every key written but the service worker's is made again: none is gone.
        let worker = usize::from(written.contains_key(SERVICE_WORKER));
        let gone = if !every || known + worker == written.len() {
            Vec::new()
        } else {
            let keys: FxHashSet<&str> = all.iter().map(|(_, _, k, _)| k.as_str()).collect();
            (written.keys())
                .filter(|k| !keys.contains(k.as_str()) && *k != SERVICE_WORKER)
                .cloned()
                .collect()
        };
        let outputs = (all.into_iter().zip(was))
            .filter(|((_, _, _, digest), was)| *was != Some(digest))
            .map(|(output, _)| output)
            .collect();
        Changed { outputs, gone }
    }

    pub fn is_empty(&self) -> bool {
        self.outputs.is_empty() && self.gone.is_empty()
    }

    pub fn len(&self) -> usize {
        self.outputs.len()
    }

    /// Takes out the outputs that show the files `saved`: the first part of a save
    /// written in two.
    pub fn take_shown(&mut self, all: &[Inputs], saved: &[Vec<usize>]) -> Changed {
        let (shown, rest) = (std::mem::take(&mut self.outputs).into_iter())
            .partition(|(k, o, _, _)| o.shows(&all[*k], &saved[*k]));
        self.outputs = rest;
        Changed {
            outputs: shown,
            gone: Vec::new(),
        }
    }

    /// The URL paths of its pages.
    pub fn page_paths(&self, all: &[Inputs]) -> Vec<String> {
        (self.outputs.iter())
            .filter_map(|(k, o, _, _)| match o {
                Output::Page(page) => Some(page.path(&all[*k])),
                _ => None,
            })
            .collect()
    }

    /// Writes them into `sink` and deletes what is gone, then the service worker if
    /// it changed; records in `written` the digests written and in `files` every file
    /// of the site. Returns how many files were written or deleted.
    pub fn write(
        self,
        all: &[Inputs],
        sink: &dyn Sink,
        written: &mut FxHashMap<String, Digest>,
        files: &mut BTreeMap<String, WrittenFile>,
    ) -> Result<usize, BuildError> {
        let recorder = Recorder::new(sink);
        let mut results: Written = (self.outputs.par_iter())
            .flat_map_iter(|(k, o, _, _)| o.write(&all[*k], &recorder))
            .collect();
        // The search files are one output that deletes its own files.
        let gone = self.gone.iter().filter(|key| !key.ends_with('/'));
        results.extend(gone.map(|key| remove(&recorder, key)));
        for file in recorder.take_files() {
            files.insert(file.rel.clone(), file);
        }
        for rel in recorder.take_removed() {
            files.remove(&rel);
        }
        let every_file: Vec<WrittenFile> = files.values().cloned().collect();
        let worker = service_worker(&all[0], &every_file);
        let worker_digest = worker.as_ref().map(crate::digest::of);
        if let Some(text) = worker.filter(|_| written.get(SERVICE_WORKER) != worker_digest.as_ref())
        {
            results.push(write_worker(sink, &text));
        }
        let count = finish(results)?;
        for (_, _, key, digest) in self.outputs {
            written.insert(key, digest);
        }
        for key in self.gone {
            written.remove(&key);
        }
        if let Some(digest) = worker_digest {
            written.insert(SERVICE_WORKER.to_string(), digest);
        }
        Ok(count)
    }
}
