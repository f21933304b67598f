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

/// Every output, the long ones first so that they run beside the many short ones.
pub(super) fn list(inputs: &Inputs) -> Vec<Output> {
    let mut outputs: Vec<Output> = ReaderFile::ALL.into_iter().map(Output::Reader).collect();
    if inputs.site.templates.has("print.html") {
        let parts = 0..inputs.print_parts.len();
        outputs.extend(parts.map(|k| Output::Page(Page::Print(k))));
    }
    outputs.push(Output::Page(Page::Overview));
    let content = &inputs.site.content;
    outputs.extend((0..content.stages.len()).map(|i| Output::Page(Page::Stage(i))));
    outputs.extend((0..content.pages.len()).map(|i| Output::Page(Page::Standalone(i))));
    outputs.push(Output::Page(Page::NotFound));
    let made = Made::all(inputs.site, &inputs.statics);
    outputs.extend(made.into_iter().map(Output::Made));
    outputs.extend((0..inputs.statics.len()).map(Output::Copied));
    outputs
}

impl Output {
    /// What names it from one build to the next: the path it is written at (for the
    /// search files, their folder).
    pub fn key(self, inputs: &Inputs) -> String {
        match self {
            Output::Page(page) => page.rel(inputs),
            Output::Reader(file) => file.key().to_string(),
            Output::Made(made) => made.rel().to_string(),
            Output::Copied(k) => inputs.statics[k].0.clone(),
        }
    }

    /// The digest of what it is made from; `key` is its [`Output::key`].
    pub fn digest(self, inputs: &Inputs, key: &str) -> Digest {
        match self {
            Output::Page(page) => page.digest(inputs, key),
            Output::Reader(file) => file.digest(inputs),
            Output::Made(made) => made.digest(inputs.site, &|| inputs.colours()),
            Output::Copied(k) => inputs.statics[k].1.digest(),
        }
    }

    pub fn write(self, inputs: &Inputs, sink: &dyn Sink) -> Written {
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

/// Writes every output into `sink`, then the service worker; returns how many files.
pub(super) fn write_all(inputs: &Inputs, sink: &dyn Sink) -> Result<usize, BuildError> {
    let recorder = Recorder::new(sink);
    let mut results: Written = (list(inputs).par_iter())
        .flat_map_iter(|o| o.write(inputs, &recorder))
        .collect();
    if let Some(worker) = service_worker(inputs, &recorder.take_files()) {
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
    outputs: Vec<(Output, String, Digest)>,
    gone: Vec<String>,
}

impl Changed {
    /// Every output whose digest changed, and every key no longer made.
    pub fn new(inputs: &Inputs, written: &FxHashMap<String, Digest>) -> Changed {
        Changed::among(inputs, written, list(inputs), true)
    }

    /// The outputs that show the files `saved` and changed: the first part of a save
    /// written in two, found without digesting the others.
    pub fn shown(inputs: &Inputs, written: &FxHashMap<String, Digest>, saved: &[usize]) -> Changed {
        let shown = list(inputs).into_iter().filter(|o| o.shows(inputs, saved));
        Changed::among(inputs, written, shown.collect(), false)
    }

    /// Those of `listed` whose digest changed, and when they are `every` output, the
    /// keys no longer made.
    fn among(
        inputs: &Inputs,
        written: &FxHashMap<String, Digest>,
        listed: Vec<Output>,
        every: bool,
    ) -> Changed {
        let all: Vec<(Output, String, Digest)> = (listed.into_par_iter())
            .map(|o| {
                let key = o.key(inputs);
                let digest = o.digest(inputs, &key);
                (o, key, digest)
            })
            .collect();
        let was: Vec<Option<&Digest>> = all.iter().map(|(_, key, _)| written.get(key)).collect();
        let known = was.iter().flatten().count();
        // Every key written but the service worker's is made again: none is gone.
        let worker = usize::from(written.contains_key(SERVICE_WORKER));
        let gone = if !every || known + worker == written.len() {
            Vec::new()
        } else {
            let keys: FxHashSet<&str> = all.iter().map(|(_, k, _)| k.as_str()).collect();
            (written.keys())
                .filter(|k| !keys.contains(k.as_str()) && *k != SERVICE_WORKER)
                .cloned()
                .collect()
        };
        let outputs = (all.into_iter().zip(was))
            .filter(|((_, _, digest), was)| *was != Some(digest))
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
    pub fn take_shown(&mut self, inputs: &Inputs, saved: &[usize]) -> Changed {
        let (shown, rest) = (std::mem::take(&mut self.outputs).into_iter())
            .partition(|(o, _, _)| o.shows(inputs, saved));
        self.outputs = rest;
        Changed {
            outputs: shown,
            gone: Vec::new(),
        }
    }

    /// The URL paths of its pages.
    pub fn page_paths(&self, inputs: &Inputs) -> Vec<String> {
        (self.outputs.iter())
            .filter_map(|(o, _, _)| match o {
                Output::Page(page) => Some(page.path(inputs)),
                _ => None,
            })
            .collect()
    }

    /// Writes them into `sink` and deletes what is gone, then the service worker if
    /// it changed; records in `written` the digests written and in `files` every file
    /// of the site. Returns how many files were written or deleted.
    pub fn write(
        self,
        inputs: &Inputs,
        sink: &dyn Sink,
        written: &mut FxHashMap<String, Digest>,
        files: &mut BTreeMap<String, WrittenFile>,
    ) -> Result<usize, BuildError> {
        let recorder = Recorder::new(sink);
        let mut results: Written = (self.outputs.par_iter())
            .flat_map_iter(|(o, _, _)| o.write(inputs, &recorder))
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
        let all: Vec<WrittenFile> = files.values().cloned().collect();
        let worker = service_worker(inputs, &all);
        let worker_digest = worker.as_ref().map(crate::digest::of);
        if let Some(text) = worker.filter(|_| written.get(SERVICE_WORKER) != worker_digest.as_ref())
        {
            results.push(write_worker(sink, &text));
        }
        let count = finish(results)?;
        for (_, key, digest) in self.outputs {
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
