//! Step 4 after a save: [`Site::update`] writes in place the outputs of every language
//! whose inputs changed, the pages that show the saved files first when a save
//! changes many, and deletes those no longer made.

use std::path::PathBuf;
use std::time::Instant;

use super::derive::Made;
use super::memory::{self, Memory};
use super::outputs::Changed;
use super::stage_views::{self, Form};
use super::{IN_PARTS_PAST, Site, Update, derive, derive_all, inputs, lap};
use crate::error::{BuildError, Diagnostic};
use crate::output::InPlace;

impl Site {
    /// After a save: writes into `sink` the outputs whose inputs are not those they
    /// were last written from (as `memory` recalls them; all of them for a new
    /// memory), and deletes those no longer made. `saved` are the files saved, relative
    /// to the root: when the save touches many outputs, those that show them are written
    /// and committed first, and `first_part` is given their URL paths before the rest
    /// is written. After a write that failed, `memory` is new.
    pub fn update(
        &self,
        memory: &mut Memory,
        saved: &[PathBuf],
        sink: &InPlace,
        first_part: &mut dyn FnMut(Vec<String>),
    ) -> Result<Update, BuildError> {
        let t = Instant::now();
        let others = self.translated_sites();
        let sites = self.with(&others);
        memory.for_languages(&self.languages);
        let derivations = memory.languages.iter_mut().map(|m| &mut m.derivations);
        let derived = derive_all(&sites, Some(derivations.collect()))?;
        lap("derive", t);
        let written = self.write_changed(&sites, &derived, memory, saved, sink, first_part);
        for (d, m) in derived.into_iter().zip(&mut memory.languages) {
            d.keep_renderings(&mut m.derivations);
        }
        if written.is_err() {
            *memory = Memory::default();
        }
        written
    }

    fn write_changed(
        &self,
        sites: &[&Site],
        derived: &[derive::Derived],
        memory: &mut Memory,
        saved: &[PathBuf],
        sink: &InPlace,
        first_part: &mut dyn FnMut(Vec<String>),
    ) -> Result<Update, BuildError> {
        let t = Instant::now();
        // Taken out while the inputs read it, given back with the views made now.
        let mut languages = std::mem::take(&mut memory.languages);
        let known: Vec<_> = (languages.iter_mut())
            .map(|m| std::mem::take(&mut m.views))
            .collect();
        let mut remembered: Vec<memory::KnownViews> = Vec::new();
        let every_page = !memory.knows_outputs();
        let inputs: Vec<inputs::Inputs> = (sites.iter().zip(derived).zip(&known))
            .zip(&languages)
            .map(|(((site, derived), known), m)| {
                let inputs = inputs::Inputs::new(site, derived, Some(&m.parts)).knowing(known);
                if every_page {
                    inputs.every_page()
                } else {
                    inputs
                }
            })
            .collect();
        let written = self.write_outputs(
            &inputs,
            &known,
            memory,
            saved,
            sink,
            first_part,
            &mut remembered,
            t,
        );
        drop(inputs);
        for (m, views) in languages.iter_mut().zip(remembered) {
            m.views = views;
        }
        memory.languages = languages;
        written
    }

    /// Writes the outputs of every language (`inputs`) whose digest changed; fills
    /// `remembered` with the views' digests made on the way.
    #[allow(clippy::too_many_arguments)]
    fn write_outputs(
        &self,
        inputs: &[inputs::Inputs],
        known: &[memory::KnownViews],
        memory: &mut Memory,
        saved: &[PathBuf],
        sink: &InPlace,
        first_part: &mut dyn FnMut(Vec<String>),
        remembered: &mut Vec<memory::KnownViews>,
        t: Instant,
    ) -> Result<Update, BuildError> {
        // The files saved, by their place in each language's content.
        let saved: Vec<Vec<usize>> = (inputs.iter())
            .map(|inputs| {
                (inputs.site.content.sources().enumerate())
                    .filter(|(_, s)| {
                        saved.contains(&s.path)
                            || s.origin.as_ref().is_some_and(|o| saved.contains(o))
                    })
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let mut count = 0;
        // A folder written from nothing is published whole, once it is. A save that
        // moves many stages has its first part written before the rest is digested.
        let in_parts = memory.knows_outputs();
        let moved = in_parts
            && (known.iter().zip(inputs)).any(|(known, inputs)| {
                stage_views::moved(known, inputs.made_from(Made::Views)) > IN_PARTS_PAST
            });
        let mut record = (&mut memory.written, &mut memory.files);
        if moved {
            let first = Changed::shown(inputs, record.0, &saved);
            count += self.write_part(first, inputs, &mut record, sink, (first_part, t))?;
        }
        let mut changed = Changed::new(inputs, record.0);
        for inputs in inputs {
            let made = [Form::Listed, Form::Own, Form::Print].map(|f| inputs.views_digested(f));
            let mut views = memory::KnownViews::default();
            stage_views::remember(&mut views, inputs.made_from(Made::Views), made);
            remembered.push(views);
        }
        lap("digests", t);
        if changed.is_empty() && count == 0 {
            return Ok(Update::Unchanged);
        }
        if in_parts && !moved && changed.len() > IN_PARTS_PAST {
            let first = changed.take_shown(inputs, &saved);
            count += self.write_part(first, inputs, &mut record, sink, (first_part, t))?;
        }
        count += changed.write(inputs, sink, record.0, record.1)?;
        self.commit(sink)?;
        Ok(Update::Written(count))
    }

    /// Writes and publishes the first part of a save written in two, if it has any
    /// output, giving `first_part` the URL paths of its pages (`started`: when the
    /// update began writing, for `ROADSMITH_TIMINGS`).
    fn write_part(
        &self,
        part: Changed,
        inputs: &[inputs::Inputs],
        (written, files): &mut memory::Record,
        sink: &InPlace,
        (first_part, started): (&mut dyn FnMut(Vec<String>), Instant),
    ) -> Result<usize, BuildError> {
        if part.is_empty() {
            return Ok(0);
        }
        let paths = part.page_paths(inputs);
        let count = part.write(inputs, sink, written, files)?;
        self.commit(sink)?;
        lap("first part", started);
        first_part(paths);
        Ok(count)
    }

    fn commit(&self, sink: &InPlace) -> Result<(), BuildError> {
        sink.commit()
            .map_err(|e| Diagnostic::io(&self.output_dir, "update", &e).into())
    }
}
