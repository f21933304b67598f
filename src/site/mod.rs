//! The one pipeline `build`, `serve` and `check` share, in the order it runs:
//!
//! 1. [`Site::load`]: `site.toml`, `content/` and the templates ([`crate::config`],
//!    [`crate::content`], [`crate::templates`]).
//! 2. [`derive`]: every content file's Markdown rendered, its links and anchors
//!    checked ([`links`]) and its reader items read; the schedule; the roadmap with
//!    its items.
//! 3. [`outputs`]: every output of the site, listed in one place: pages drawn from
//!    templates ([`pages`]), the reader's files ([`reader_files`]), the sitemap,
//!    manifest, icons and copied files ([`extras`]), over the values they are made
//!    from ([`inputs`], the variables each of the [`kinds`] of page sees: a stage's
//!    views in each of their forms are digested by what any template reads of that
//!    form, [`stage_views`]); last the service worker made of all of them ([`offline`]).
//! 4. Writing: [`Site::build`] writes every output into a staging folder and swaps it
//!    in; after a save, [`Site::update`] writes in place the outputs whose inputs
//!    changed, and deletes those no longer made.
//!
//! Between saves `serve` keeps a [`Memory`]: the digest each output was written with
//! (see [`crate::digest`]) and what is slow to make again.

mod derive;
pub mod export;
mod extras;
mod icon;
mod inputs;
mod kinds;
mod links;
mod memory;
pub mod offline;
mod outputs;
mod pages;
mod reader_files;
mod stage_views;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::{CONFIG_FILE, SiteConfig, value_line};
use crate::content::{CONTENT_DIR, Content, Drafts};
use crate::error::{BuildError, Diagnostic};
use crate::highlight::{highlight_theme_names, is_highlight_theme};
use crate::i18n::{I18n, SITE_I18N_DIR};
use crate::markdown::Markdown;
use crate::output::{
    ForeignFiles, InPlace, Kept, OutputNamed, Sink, Staging, check_output_dir, check_replaceable,
};
use crate::paths::relative;
use crate::templates::{SITE_TEMPLATES_DIR, Templates};
use crate::theme::THEMES_DIR;
use crate::url::normalize_base_url;
pub use export::roadmap;
pub use inputs::{NAV_STAGES, PRINT_PART_STAGES};
pub use memory::Memory;
use outputs::Changed;
pub use pages::CARD_STAGES;
use stage_views::Form;

/// How a command wants the site built.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides site.toml's `output_dir`; relative to the current directory.
    pub output_dir: Option<PathBuf>,
    /// Overrides site.toml's `base_url`.
    pub base_url: Option<String>,
    pub drafts: Drafts,
    /// What a build does with an output folder holding files it did not write.
    pub foreign_files: ForeignFiles,
}

/// A loaded site: configuration, content, templates and Markdown set up.
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub content: Content,
    pub output_dir: PathBuf,
    options: BuildOptions,
    templates: Templates,
    /// The interface's words in each of the site's languages.
    pub i18n: I18n,
    markdown: Markdown,
}

/// What a build did, for the terminal.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub stages: usize,
    pub pages: usize,
    pub files: usize,
    pub output_dir: PathBuf,
    pub millis: u128,
}

/// What [`Site::update`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// This many files were written or deleted.
    Written(usize),
    /// Every output is as it was last written: nothing was.
    Unchanged,
}

/// Past how many outputs to write a save is written in two parts: first the outputs
/// that show the saved files (their pages, their print part, the overview), published
/// at once, then the rest. On a 2-core machine a page takes some 50 µs to draw and
/// write (a duration edit at 10,000 stages, whose total every page shows, wrote 10,000
/// in 500 ms), so a save of fewer is published whole within some 10 ms of its first part.
pub const IN_PARTS_PAST: usize = 200;

impl Site {
    /// Reads site.toml, content/ and the theme; nothing is written.
    pub fn load(options: &BuildOptions) -> Result<Site, BuildError> {
        let root = options.root.clone();
        let mut config = SiteConfig::load(&root)?;
        if let Some(url) = &options.base_url {
            config.base_url = normalize_base_url(url).map_err(|m| {
                Diagnostic::new("--base-url", m)
                    .with_hint("pass an absolute URL such as https://user.github.io/repo/")
            })?;
        }
        let (output_dir, named) = match &options.output_dir {
            Some(dir) => (dir.clone(), OutputNamed::OnCommandLine),
            None => (root.join(&config.output_dir), OutputNamed::InConfig),
        };
        check_output_dir(&root, &output_dir, named)?;
        check_highlight_themes(&config)?;
        // Content and templates fail independently: report both at once.
        let (content, templates) = rayon::join(
            || Content::load(&root, options.drafts),
            || Templates::load(&root, &config.theme),
        );
        let (content, templates) = match (content, templates) {
            (Ok(c), Ok(t)) => (c, t),
            (c, t) => {
                let errors = [c.err(), t.err()].into_iter().flatten();
                return Err(errors
                    .flat_map(|e| e.diagnostics)
                    .collect::<Vec<_>>()
                    .into());
            }
        };
        let i18n = I18n::load(&root, &config.theme, &config.languages())?;
        let markdown = Markdown::new(&config.markdown);
        Ok(Site {
            root,
            config,
            content,
            output_dir,
            options: options.clone(),
            templates,
            i18n,
            markdown,
        })
    }

    /// Loads, writes every output into a staging folder, and swaps it in for the
    /// output folder.
    pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
        let started = Instant::now();
        let site = Site::load(options)?;
        lap("load", started);
        let shown = relative(&site.root, &site.output_dir);
        let kept = Kept::new(&site.config.keep);
        check_replaceable(&site.output_dir, &shown, options.foreign_files, &kept)?;
        let staging = Staging::new(&site.output_dir).map_err(|e| {
            Diagnostic::io(
                &site.output_dir,
                "create the staging folder beside the output",
                &e,
            )
        })?;
        let t = Instant::now();
        let derived = site.derive(None)?;
        let inputs = inputs::Inputs::new(&site, &derived, None).every_page();
        let files = outputs::write_all(&inputs, &staging)?;
        lap("derive and write", t);
        site.check_nothing_kept_is_written(&staging, &kept)?;
        let t = Instant::now();
        staging
            .commit(&kept)
            .map_err(|e| Diagnostic::io(&shown, "replace the output folder", &e))?;
        lap("commit", t);
        let summary = BuildSummary {
            stages: site.content.stages.len(),
            pages: site.content.pages.len(),
            files,
            output_dir: shown,
            millis: started.elapsed().as_millis(),
        };
        // Freeing a large site one allocation at a time takes a while (2% of a build of
        // 10,000 stages): it happens beside the caller, or not at all if it exits first.
        std::thread::spawn(move || drop((site, derived)));
        Ok(summary)
    }

    /// After a save: reads again what the `changed` files (relative to the root) hold.
    /// A content file that keeps its place in the site is read alone; site.toml, whose
    /// settings reach everything, reloads all.
    pub fn reload(&mut self, changed: &[PathBuf]) -> Result<(), BuildError> {
        if changed.iter().any(|p| p == Path::new(CONFIG_FILE)) {
            *self = Site::load(&self.options)?;
            return Ok(());
        }
        if changed
            .iter()
            .any(|p| p.starts_with(THEMES_DIR) || p.starts_with(SITE_TEMPLATES_DIR))
        {
            self.templates = Templates::load(&self.root, &self.config.theme)?;
        }
        if (changed.iter()).any(|p| p.starts_with(THEMES_DIR) || p.starts_with(SITE_I18N_DIR)) {
            self.i18n = I18n::load(&self.root, &self.config.theme, &self.config.languages())?;
        }
        let content: Vec<&Path> = (changed.iter())
            .filter(|p| p.starts_with(CONTENT_DIR))
            .map(PathBuf::as_path)
            .collect();
        let drafts = self.options.drafts;
        if !content.is_empty() && !self.content.reread(&self.root, &content, drafts) {
            self.content = Content::load(&self.root, drafts)?;
        }
        Ok(())
    }

    /// Step 2: what the outputs are made from; with `renderings` from an earlier build,
    /// only the content files that changed are rendered again.
    fn derive(
        &self,
        renderings: Option<&mut memory::Derivations>,
    ) -> Result<derive::Derived, BuildError> {
        derive::derive(&self.config, &self.content, &self.markdown, renderings)
    }

    /// Writes every output into `sink`; returns how many files.
    pub fn write(&self, sink: &dyn Sink) -> Result<usize, BuildError> {
        let derived = self.derive(None)?;
        outputs::write_all(
            &inputs::Inputs::new(self, &derived, None).every_page(),
            sink,
        )
    }

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
        let derived = self.derive(Some(&mut memory.derivations))?;
        lap("derive", t);
        let written = self.write_changed(&derived, memory, saved, sink, first_part);
        derived.keep_renderings(&mut memory.derivations);
        if written.is_err() {
            *memory = Memory::default();
        }
        written
    }

    fn write_changed(
        &self,
        derived: &derive::Derived,
        memory: &mut Memory,
        saved: &[PathBuf],
        sink: &InPlace,
        first_part: &mut dyn FnMut(Vec<String>),
    ) -> Result<Update, BuildError> {
        let t = Instant::now();
        let known = std::mem::take(&mut memory.views);
        let mut inputs = inputs::Inputs::new(self, derived, Some(&memory.parts)).knowing(&known);
        if !memory.knows_outputs() {
            inputs = inputs.every_page();
        }
        let saved: Vec<usize> = (self.content.sources().enumerate())
            .filter(|(_, s)| saved.contains(&s.path))
            .map(|(i, _)| i)
            .collect();
        let mut count = 0;
        // A folder written from nothing is published whole, once it is. A save that
        // moves many stages has its first part written before the rest is digested.
        let in_parts = memory.knows_outputs();
        let moved =
            in_parts && stage_views::moved(&known, &derived.views_made_from) > IN_PARTS_PAST;
        let mut record = (&mut memory.written, &mut memory.files);
        if moved {
            let first = Changed::shown(&inputs, record.0, &saved);
            count += self.write_part(first, &inputs, &mut record, sink, (first_part, t))?;
        }
        let mut changed = Changed::new(&inputs, record.0);
        let made = [Form::Listed, Form::Own, Form::Print].map(|f| inputs.views_digested(f));
        stage_views::remember(&mut memory.views, &derived.views_made_from, made);
        lap("digests", t);
        if changed.is_empty() && count == 0 {
            return Ok(Update::Unchanged);
        }
        if in_parts && !moved && changed.len() > IN_PARTS_PAST {
            let first = changed.take_shown(&inputs, &saved);
            count += self.write_part(first, &inputs, &mut record, sink, (first_part, t))?;
        }
        count += changed.write(&inputs, sink, record.0, record.1)?;
        self.commit(sink)?;
        Ok(Update::Written(count))
    }

    /// Writes and publishes the first part of a save written in two, if it has any
    /// output, giving `first_part` the URL paths of its pages (`started`: when the
    /// update began writing, for `ROADSMITH_TIMINGS`).
    fn write_part(
        &self,
        part: Changed,
        inputs: &inputs::Inputs,
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

    /// A build carries kept names over untouched, so it must not write one itself.
    fn check_nothing_kept_is_written(
        &self,
        staging: &Staging,
        kept: &Kept,
    ) -> Result<(), Diagnostic> {
        let Ok(entries) = std::fs::read_dir(staging.dir()) else {
            return Ok(());
        };
        let Some(name) = entries
            .flatten()
            .map(|e| e.file_name())
            .find(|n| kept.contains(n))
        else {
            return Ok(());
        };
        let name = name.to_string_lossy();
        let text = std::fs::read_to_string(self.root.join(CONFIG_FILE)).unwrap_or_default();
        let line = value_line(&text, "keep", &name).unwrap_or(1);
        Err(Diagnostic::new(
            CONFIG_FILE,
            format!(
                "keep lists \"{name}\", which the build writes at the top of the output folder"
            ),
        )
        .at_line(line)
        .with_hint(format!(
            "take \"{name}\" out of keep in site.toml: each build writes it anew"
        )))
    }

    /// Every link and image of every content file as written, with its file and line.
    pub fn written_links(&self) -> Vec<(&crate::content::Source, crate::markdown::WrittenLink)> {
        self.content
            .sources()
            .flat_map(|s| self.markdown.links(s).into_iter().map(move |l| (s, l)))
            .collect()
    }
}

/// Every highlight theme site.toml names must exist.
fn check_highlight_themes(config: &SiteConfig) -> Result<(), Diagnostic> {
    let md = &config.markdown;
    if !md.highlight {
        return Ok(());
    }
    for theme in [&md.highlight_theme, &md.highlight_theme_dark] {
        if !is_highlight_theme(theme) {
            return Err(Diagnostic::new(
                crate::config::CONFIG_FILE,
                format!("unknown highlight theme \"{theme}\""),
            )
            .with_hint(format!(
                "choose one of: {}",
                highlight_theme_names().join(", ")
            )));
        }
    }
    Ok(())
}

/// With `ROADSMITH_TIMINGS` set, prints how long a step of the build took, for
/// whoever profiles it: `ROADSMITH_TIMINGS=1 roadsmith build`.
fn lap(what: &str, since: Instant) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("ROADSMITH_TIMINGS").is_some()) {
        eprintln!(
            "{what:>20}: {:7.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}
