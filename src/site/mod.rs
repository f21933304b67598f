//! The one pipeline `build`, `serve` and `check` share, in the order it runs:
//!
//! 1. [`Site::load`]: `site.toml`, `content/` and the theme's templates ([`crate::config`],
//!    [`crate::content`], [`crate::templates`]).
//! 2. [`Site::render_markdown`]: every content file's Markdown, its links checked and its
//!    reader items read and marked ([`rendering`]).
//! 3. [`Site::write`]: pages and the files that gather every stage, into a [`Sink`]
//!    ([`write`]), with the sitemap, robots.txt, static files, manifest and icons
//!    ([`extras`]), and last the service worker made of all of them ([`offline`]).
//!
//! [`Site::build`] does all three into a staging folder and swaps it in; `serve` keeps
//! the [`Rendering`] and, after a save, [`Site::update`]s only what the save touched.

pub mod export;
mod extras;
mod icon;
pub mod offline;
mod rendering;
mod update;
mod write;

use std::path::PathBuf;
use std::time::Instant;

use crate::config::{CONFIG_FILE, SiteConfig, value_line};
use crate::content::{Content, Drafts};
use crate::error::{BuildError, Diagnostic};
use crate::highlight::{highlight_theme_names, is_highlight_theme};
use crate::markdown::Markdown;
use crate::output::{
    ForeignFiles, Kept, OutputNamed, Sink, Staging, check_output_dir, check_replaceable,
};
use crate::paths::relative;
use crate::templates::Templates;
use crate::url::normalize_base_url;
pub use export::roadmap;
pub use rendering::Rendering;
use write::{Keep, Part, Scope};

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

/// A loaded site: configuration, content, templates and Markdown set up, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub content: Content,
    pub output_dir: PathBuf,
    drafts: Drafts,
    templates: Templates,
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

/// A finished [`Site::build_keeping`]: what it did, and what it was made of.
pub struct Built {
    pub summary: BuildSummary,
    site: Site,
    rendering: Rendering,
}

impl Built {
    /// What the build did, leaving the site and its rendering to be reclaimed when the
    /// process exits: for a command that ends next. Freeing them one allocation at a
    /// time is some 2% of the CPU of a build of 10,000 stages, on one thread after
    /// the parallel work (perf, 2026-12-02).
    pub fn leave_to_exit(self) -> BuildSummary {
        std::mem::forget((self.site, self.rendering));
        self.summary
    }
}

/// What [`Site::update`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// The changes were Markdown bodies: this many files were written again.
    Written(usize),
    /// Something else changed (front matter, a file added or removed...): nothing was
    /// written, and the whole site must be rendered.
    NeedsFullRender,
    /// The files saved hold what the site was built from: nothing was written.
    Unchanged,
}

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
        let markdown = Markdown::new(&config.markdown);
        Ok(Site {
            root,
            config,
            content,
            output_dir,
            drafts: options.drafts,
            templates,
            markdown,
        })
    }

    /// Loads, renders into a staging folder, and swaps it in for the output folder.
    pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
        Site::build_keeping(options).map(|built| built.summary)
    }

    /// [`Site::build`], handing back the site and its rendering with what it did:
    /// a process that ends right after can leave them to the operating system instead
    /// of freeing them piece by piece (see [`Built::leave_to_exit`]).
    pub fn build_keeping(options: &BuildOptions) -> Result<Built, BuildError> {
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
        let (files, rendering) = site.render(&staging)?;
        lap("render total", t);
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
        Ok(Built {
            summary,
            site,
            rendering,
        })
    }

    /// Renders every page and asset into `sink`; returns how many files were written,
    /// and the rendering (without what only updates need).
    pub fn render(&self, sink: &dyn Sink) -> Result<(usize, Rendering), BuildError> {
        let mut rendering = self.render_markdown()?;
        let files = self.write(&mut rendering, sink, Scope::All, Keep::Nothing)?;
        Ok((files, rendering))
    }

    /// [`Site::render`], keeping what [`Site::update`] needs.
    pub fn render_for_updates(&self, sink: &dyn Sink) -> Result<Rendering, BuildError> {
        let mut rendering = self.render_markdown()?;
        self.write(&mut rendering, sink, Scope::All, Keep::ForUpdates)?;
        Ok(rendering)
    }

    /// After content files were saved (`changed`, relative to the root), re-renders
    /// what they change into `sink`, which holds the site `rendering` came from (see
    /// [`update`] for what that is). After an error, `rendering` no longer matches the
    /// content: render it all again.
    pub fn update(
        &mut self,
        rendering: &mut Rendering,
        changed: &[PathBuf],
        sink: &dyn Sink,
    ) -> Result<Update, BuildError> {
        self.update_in_parts(rendering, changed, sink, &mut |_| {})
    }

    /// [`Site::update`], and when the save touches many pages (a duration that moves
    /// thousands of stages), in two parts: first the saved files' own pages and the
    /// overview, after which `first_written` is given their URL paths, so `serve` can
    /// reload a tab on one of them at once; then the rest.
    pub fn update_in_parts(
        &mut self,
        rendering: &mut Rendering,
        changed: &[PathBuf],
        sink: &dyn Sink,
        first_written: &mut dyn FnMut(Vec<String>),
    ) -> Result<Update, BuildError> {
        let t = Instant::now();
        let changes = match update::apply(self, rendering, changed)? {
            update::Applied::Write(changes) => changes,
            update::Applied::Nothing => return Ok(Update::Unchanged),
            update::Applied::Render => return Ok(Update::NeedsFullRender),
        };
        lap("read the saved files", t);
        let (stages, pages) = (self.content.stages.len(), self.content.pages.len());
        if !changes.in_parts(stages, pages) {
            let scope = Scope::Changed(&changes, Part::Whole);
            let files = self.write(rendering, sink, scope, Keep::ForUpdates)?;
            return Ok(Update::Written(files));
        }
        let scope = Scope::Changed(&changes, Part::First);
        let first = self.write(rendering, sink, scope, Keep::ForUpdates)?;
        lap("first part", t);
        first_written(self.saved_page_paths(&changes));
        let scope = Scope::Changed(&changes, Part::Rest);
        let rest = self.write(rendering, sink, scope, Keep::ForUpdates)?;
        Ok(Update::Written(first + rest))
    }

    /// The URL paths of the pages [`Part::First`] writes.
    fn saved_page_paths(&self, changes: &update::Changes) -> Vec<String> {
        let base = crate::url::base_path(&self.config.base_url);
        let stages = (changes.saved_stages.iter()).map(|&i| {
            format!(
                "{base}{}",
                crate::url::stage_path(&self.content.stages[i].slug)
            )
        });
        let pages = (changes.saved_pages.iter()).map(|&i| {
            format!(
                "{base}{}",
                crate::url::page_path(&self.content.pages[i].slug)
            )
        });
        std::iter::once(base.clone())
            .chain(stages)
            .chain(pages)
            .collect()
    }
}

impl Site {
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
