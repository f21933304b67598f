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
//!    from ([`inputs`], the variables each of the [`kinds`] of page sees, the slow ones
//!    made only when drawn ([`lazy_vars`]); a stage's views in each of their forms are
//!    digested by what any template reads of that form, [`stage_views`]); last the service worker made of all of them ([`offline`]).
//! 4. Writing: [`Site::build`] writes every output into a staging folder and swaps it
//!    in; after a save, [`Site::update`] ([`update`]) writes in place the outputs whose
//!    inputs changed, and deletes those no longer made.
//!
//! A site translated into other languages runs steps 2 to 4 once per language, on the
//! site in that language ([`languages`]: each file's translation in place of the file),
//! and writes each language's outputs below its folder (`fr/`).
//!
//! Between saves `serve` keeps a [`Memory`]: the digest each output was written with
//! (see [`crate::digest`]) and what is slow to make again.

mod derive;
pub mod export;
mod extras;
mod icon;
mod inputs;
mod kinds;
mod languages;
mod lazy_vars;
mod links;
mod memory;
pub mod offline;
mod outputs;
mod pages;
mod reader_files;
mod stage_views;
mod update;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::config::{CONFIG_FILE, SiteConfig, value_line};
use crate::content::translation::Translations;
use crate::content::{CONTENT_DIR, Content, Drafts};
use crate::error::{BuildError, Diagnostic};
use crate::highlight::{highlight_theme_names, is_highlight_theme};
use crate::i18n::{I18n, SITE_I18N_DIR};
use crate::markdown::Markdown;
use crate::output::{
    ForeignFiles, Kept, OutputNamed, Sink, Staging, check_output_dir, check_replaceable,
};
use crate::paths::relative;
use crate::templates::{SITE_TEMPLATES_DIR, Templates};
use crate::theme::THEMES_DIR;
use crate::url::normalize_base_url;
pub use export::roadmap;
pub use inputs::{NAV_STAGES, PRINT_PART_STAGES};
pub use memory::Memory;
pub use pages::CARD_STAGES;
use rayon::prelude::*;

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

/// A loaded site: configuration, content, templates and Markdown set up; in a
/// language other than the default, the same site translated (see [`languages`]).
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub content: Content,
    pub output_dir: PathBuf,
    /// Every language it is published in, the default first.
    pub languages: Vec<crate::languages::Language>,
    /// The translations of its files (of the default language's site only).
    pub translations: Translations,
    /// Where the default language's site is published: the root of shared files.
    root_url: String,
    /// In a language other than the default: where each file's translation stands.
    translated: Option<languages::Translated>,
    options: BuildOptions,
    templates: Arc<Templates>,
    /// The interface's words in each of the site's languages.
    pub i18n: Arc<I18n>,
    markdown: Arc<Markdown>,
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
        // The pool's threads start while site.toml is read: in a fresh process the
        // first parallel step otherwise waits for them (half a millisecond, a
        // twentieth of a small site's build).
        rayon::spawn(|| ());
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
        let codes: Vec<String> = config.languages.keys().cloned().collect();
        // The string tables are read beside the templates too (a fifth of the loading
        // of a small site), but their errors still come after those of both. The
        // templates, the longest, go first: the thread that takes the join starts
        // them at once, and the rest waits for another to be free (in a fresh process,
        // for the pool's other threads to have started).
        let (templates, (content, i18n)) = rayon::join(
            || Templates::load(&root, &config.theme),
            || {
                let i18n = I18n::load(&root, &config.theme, &config.languages());
                let content = || {
                    let content = Content::load_in(&root, options.drafts, &codes)?;
                    let translations = Translations::load(&root, &content, &codes)?;
                    Ok((content, translations))
                };
                (content(), i18n)
            },
        );
        let ((content, translations), templates) = match (content, templates) {
            (Ok(c), Ok(t)) => (c, t),
            (c, t) => {
                let errors = [c.err(), t.err()].into_iter().flatten();
                return Err(errors
                    .flat_map(|e| e.diagnostics)
                    .collect::<Vec<_>>()
                    .into());
            }
        };
        let i18n = i18n?;
        let markdown = Markdown::new(&config.markdown);
        let languages = crate::languages::of(&config);
        languages::check_folders(&languages, &content, &root)?;
        Ok(Site {
            root,
            languages,
            root_url: config.base_url.clone(),
            config,
            content,
            translations,
            translated: None,
            output_dir,
            options: options.clone(),
            templates: Arc::new(templates),
            i18n: Arc::new(i18n),
            markdown: Arc::new(markdown),
        })
    }

    /// Loads, writes every output into a staging folder, and swaps it in for the
    /// output folder.
    pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
        let started = Instant::now();
        let mut site = Site::load(options)?;
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
        let mut others = site.translated_sites();
        let derived = derive_all(&site.with(&others), None)?;
        lap("derive", t);
        for s in std::iter::once(&mut site).chain(&mut others) {
            s.content.forget_bodies();
        }
        let sites = site.with(&others);
        let inputs: Vec<inputs::Inputs> = (sites.iter().zip(&derived))
            .map(|(site, derived)| inputs::Inputs::new(site, derived, None).every_page())
            .collect();
        let files = outputs::write_all(&inputs, &staging)?;
        drop(inputs);
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
        drop(sites);
        std::thread::spawn(move || drop((site, others, derived)));
        Ok(summary)
    }

    /// The site in every language: itself (the default language's) first, then `others`.
    fn with<'s>(&'s self, others: &'s [Site]) -> Vec<&'s Site> {
        std::iter::once(self).chain(others).collect()
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
            self.templates = Arc::new(Templates::load(&self.root, &self.config.theme)?);
        }
        if (changed.iter()).any(|p| p.starts_with(THEMES_DIR) || p.starts_with(SITE_I18N_DIR)) {
            self.i18n = Arc::new(I18n::load(
                &self.root,
                &self.config.theme,
                &self.config.languages(),
            )?);
        }
        let (translated, content): (Vec<&Path>, Vec<&Path>) = (changed.iter())
            .filter(|p| p.starts_with(CONTENT_DIR))
            .map(PathBuf::as_path)
            .partition(|p| self.content.translation_files.iter().any(|t| t == p));
        let drafts = self.options.drafts;
        let mut reloaded = false;
        let gone = translated.iter().any(|p| !self.root.join(p).is_file());
        if gone || (!content.is_empty() && !self.content.reread(&self.root, &content, drafts)) {
            let codes: Vec<String> = self.config.languages.keys().cloned().collect();
            self.content = Content::load_in(&self.root, drafts, &codes)?;
            reloaded = true;
        }
        if reloaded || !translated.is_empty() {
            let codes: Vec<String> = self.config.languages.keys().cloned().collect();
            self.translations = Translations::load(&self.root, &self.content, &codes)?;
        }
        Ok(())
    }

    /// Step 2: what the outputs are made from; with `renderings` from an earlier build,
    /// only the content files that changed are rendered again.
    fn derive(
        &self,
        renderings: Option<&mut memory::Derivations>,
        guides: Option<&[Arc<crate::markdown::Guide>]>,
    ) -> Result<derive::Derived, BuildError> {
        let words = self.i18n.words(&self.config.language);
        derive::derive(
            (&self.config, words),
            &self.content,
            &self.markdown,
            renderings,
            guides,
        )
    }

    /// Writes every output into `sink`; returns how many files.
    pub fn write(&self, sink: &dyn Sink) -> Result<usize, BuildError> {
        let others = self.translated_sites();
        let sites = self.with(&others);
        let derived = derive_all(&sites, None)?;
        let inputs: Vec<inputs::Inputs> = (sites.iter().zip(&derived))
            .map(|(site, derived)| inputs::Inputs::new(site, derived, None).every_page())
            .collect();
        outputs::write_all(&inputs, sink)
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
        let translations = self.translations.files.iter().map(|t| &t.source);
        self.content
            .sources()
            .chain(translations)
            .flat_map(|s| self.markdown.links(s).into_iter().map(move |l| (s, l)))
            .collect()
    }
}

/// Derives every language's site (see [`Site::derive`]), each with its memory; every
/// error of every language is reported.
fn derive_all(
    sites: &[&Site],
    memory: Option<Vec<&mut memory::Derivations>>,
) -> Result<Vec<derive::Derived>, BuildError> {
    let mut memory: Vec<Option<&mut memory::Derivations>> = match memory {
        Some(m) => m.into_iter().map(Some).collect(),
        None => sites.iter().map(|_| None).collect(),
    };
    let mut memory = memory.iter_mut().map(Option::take);
    // The default language first: its items guide its translations'.
    let first = sites[0].derive(memory.next().flatten(), None);
    let guides = match &first {
        Ok(d) if sites.len() > 1 => d.guides(),
        _ => Vec::new(),
    };
    // The other languages at once: each one's serial steps overlap the others' work.
    let others = (sites[1..].iter().zip(memory).collect::<Vec<_>>())
        .into_par_iter()
        .map(|(site, m)| site.derive(m, Some(&guides)))
        .collect::<Vec<_>>();
    let mut derived = Vec::with_capacity(sites.len());
    let mut errors = Vec::new();
    for r in std::iter::once(first).chain(others) {
        match r {
            Ok(d) => derived.push(d),
            Err(e) => errors.extend(e.diagnostics),
        }
    }
    if errors.is_empty() {
        Ok(derived)
    } else {
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        errors.dedup_by(|a, b| a.to_string() == b.to_string());
        Err(errors.into())
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
