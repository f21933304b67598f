//! The one pipeline `build`, `serve` and `check` share:
//! `site.toml` + `content/` -> model -> Markdown -> templates -> output.

mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::{SiteConfig, base_path, normalize_base_url};
use crate::content::{CONTENT_DIR, Content, HOME_FILE, relative};
use crate::error::{BuildError, Diagnostic};
use crate::highlight::{Scheme, highlight_css, highlight_theme_names};
use crate::markdown::{LinkTargets, Markdown, Rendered};
use crate::output::{Sink, Staging, check_output_dir, check_replaceable};
use crate::templates::{THEMES_DIR, Templates, page_path, stage_path};
use write::{Kept, Scope, Written};

/// How a command wants the site built.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides site.toml's `output_dir`; relative to the current directory.
    pub output_dir: Option<PathBuf>,
    /// Overrides site.toml's `base_url`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Replace the output folder even when it holds files an earlier build did not write.
    pub force: bool,
}

/// A loaded site: configuration, content, templates and Markdown set up, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub content: Content,
    pub output_dir: PathBuf,
    drafts: bool,
    templates: Templates,
    markdown: Markdown,
}

/// Every content file's Markdown rendered, with the reader's items: what the pages are
/// made of. `serve` keeps it between rebuilds to re-render only what a save changed.
pub struct Rendering {
    targets: LinkTargets,
    home: Rendered,
    stages: Vec<Rendered>,
    pages: Vec<Rendered>,
    roadmap: crate::reader::Roadmap,
    /// Kept for updates (by `serve`): the templates' shared values, and the files
    /// that gather every stage as their parts (the print page as a skeleton and each
    /// stage's part of it).
    kept: Option<Kept>,
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
        let output_dir = match &options.output_dir {
            Some(dir) => dir.clone(),
            None => root.join(&config.output_dir),
        };
        check_output_dir(&root, &output_dir, options.output_dir.is_some())?;
        if config.markdown.highlight {
            for (theme, scheme) in [
                (&config.markdown.highlight_theme, Scheme::Light),
                (&config.markdown.highlight_theme_dark, Scheme::Dark),
            ] {
                if highlight_css(theme, scheme).is_none() {
                    return Err(Diagnostic::new(
                        crate::config::CONFIG_FILE,
                        format!("unknown highlight theme \"{theme}\""),
                    )
                    .with_hint(format!(
                        "choose one of: {}",
                        highlight_theme_names().join(", ")
                    ))
                    .into());
                }
            }
        }
        // Content and templates fail independently: report both at once.
        let content = Content::load(&root, options.drafts);
        let templates = Templates::load(&root, &config.theme);
        let (content, templates) = match (content, templates) {
            (Ok(c), Ok(t)) => (c, t),
            (c, t) => {
                let mut all = Vec::new();
                for e in [c.err(), t.err()].into_iter().flatten() {
                    all.extend(e.diagnostics);
                }
                return Err(all.into());
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
        let started = Instant::now();
        let site = Site::load(options)?;
        lap("load", started);
        let shown = relative(&site.root, &site.output_dir);
        check_replaceable(&site.output_dir, &shown, options.force)?;
        let staging = Staging::new(&site.output_dir).map_err(|e| {
            Diagnostic::io(
                &site.output_dir,
                "create the staging folder beside the output",
                &e,
            )
        })?;
        let t = Instant::now();
        let files = site.render(&staging)?;
        lap("render total", t);
        let t = Instant::now();
        staging
            .commit()
            .map_err(|e| Diagnostic::io(&shown, "replace the output folder", &e))?;
        lap("commit", t);
        Ok(BuildSummary {
            stages: site.content.stages.len(),
            pages: site.content.pages.len(),
            files,
            output_dir: shown,
            millis: started.elapsed().as_millis(),
        })
    }

    /// Renders every page and asset into `sink`; returns how many files were written.
    ///
    /// Two passes over the content, each parallel: every file's Markdown (parsed once,
    /// for its HTML, headings, links and reader items), then, once every link has been
    /// checked against every page, the pages and the files that gather all stages.
    pub fn render(&self, sink: &dyn Sink) -> Result<usize, BuildError> {
        let mut rendering = self.render_markdown()?;
        self.write(&mut rendering, sink, Scope::All, false)
    }

    /// [`Site::render`], keeping what [`Site::update`] needs.
    pub fn render_for_updates(&self, sink: &dyn Sink) -> Result<Rendering, BuildError> {
        let mut rendering = self.render_markdown()?;
        self.write(&mut rendering, sink, Scope::All, true)?;
        Ok(rendering)
    }

    /// The first pass of [`Site::render`]: every content file's Markdown, its links and
    /// anchors checked.
    pub fn render_markdown(&self) -> Result<Rendering, BuildError> {
        let t = Instant::now();
        let content = &self.content;
        // All files at once: links need every file's URL, anchors every file's headings.
        let targets = self.link_targets(&base_path(&self.config.base_url));
        let home_md = self.render_home(&targets);
        let stage_md: Vec<_> = content
            .stages
            .par_iter()
            .map(|s| self.render_stage(s, &targets))
            .collect();
        let page_md: Vec<_> = content
            .pages
            .par_iter()
            .map(|p| self.render_page(p, &targets))
            .collect();
        let mut errors = Vec::new();
        let home_md = keep_ok(&mut errors, home_md);
        let stage_results: Vec<_> = stage_md
            .into_iter()
            .map(|r| keep_ok(&mut errors, r))
            .collect();
        let page_md: Vec<_> = page_md
            .into_iter()
            .map(|r| keep_ok(&mut errors, r))
            .collect();
        // Anchors too, in the files that rendered, so one run reports every broken link.
        let all = std::iter::once(home_md.as_ref())
            .chain(stage_results.iter().map(|r| r.as_ref().map(|(r, _)| r)))
            .chain(page_md.iter().map(|r| r.as_ref().map(|(r, _)| r)));
        if let Err(e) = self.check_anchors(all) {
            errors.extend(e.diagnostics);
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            return Err(errors.into());
        }
        let home = home_md.unwrap_or_else(empty_rendered);
        let (stages, stage_items): (Vec<Rendered>, Vec<_>) =
            stage_results.into_iter().flatten().unzip();
        let (pages, page_items): (Vec<Rendered>, Vec<_>) = page_md.into_iter().flatten().unzip();
        let roadmap =
            crate::reader::Roadmap::with_items(&self.config, content, stage_items, page_items);
        lap("markdown", t);
        Ok(Rendering {
            targets,
            home,
            stages,
            pages,
            roadmap,
            kept: None,
        })
    }

    fn render_home(&self, targets: &LinkTargets) -> Result<Rendered, Vec<Diagnostic>> {
        let home = &self.content.home.source;
        self.markdown
            .render(home, &content_rel(&home.path), targets)
    }

    /// A stage's Markdown and its reader items, the items marked in its HTML.
    fn render_stage(
        &self,
        stage: &crate::content::Stage,
        targets: &LinkTargets,
    ) -> Result<(Rendered, crate::reader::Extracted), Vec<Diagnostic>> {
        let (mut rendered, items) = self.render_markdown_with(&stage.source, targets, |root| {
            crate::reader::extract_from(&stage.slug, root)
        })?;
        rendered.html = items.mark_items(&rendered.html);
        Ok((rendered, items))
    }

    fn render_page(
        &self,
        page: &crate::content::Page,
        targets: &LinkTargets,
    ) -> Result<(Rendered, Vec<crate::reader::Item>), Vec<Diagnostic>> {
        self.render_markdown_with(&page.source, targets, |root| {
            crate::reader::extract_from(&page.slug, root).items
        })
    }

    /// After content files were saved (`changed`, relative to the root), re-renders
    /// what they change into `sink`, which holds the site `rendering` came from: their
    /// own pages and the files that gather every stage (overview, print page, reader
    /// files). `None` when that is not enough and the whole site must be rendered:
    /// anything but a Markdown body changed (front matter, a new or deleted file...).
    /// After an error, `rendering` no longer matches the content: render it all again.
    pub fn update(
        &mut self,
        rendering: &mut Rendering,
        changed: &[PathBuf],
        sink: &dyn Sink,
    ) -> Option<Result<usize, BuildError>> {
        let mut bodies = Vec::new();
        for path in changed {
            bodies.push(self.content.reread_body(&self.root, path, self.drafts)?);
        }
        let (mut stages, mut pages) = (Vec::new(), Vec::new());
        let (mut gathered, mut print) = (false, false);
        let mut errors = Vec::new();
        for (which, source) in bodies {
            match which {
                crate::content::Which::Home => {
                    self.content.home.source = source;
                    match self.render_home(&rendering.targets) {
                        Ok(r) => {
                            gathered |= r.html != rendering.home.html;
                            rendering.home = r;
                        }
                        Err(e) => errors.extend(e),
                    }
                }
                crate::content::Which::Stage(i) => {
                    self.content.stages[i].source = source;
                    match self.render_stage(&self.content.stages[i], &rendering.targets) {
                        Ok((r, items)) => {
                            let (old, old_items) =
                                (&rendering.stages[i], &rendering.roadmap.stages[i].items);
                            gathered |= r.headings != old.headings || &items.items != old_items;
                            print |= r.html != old.html;
                            rendering.stages[i] = r;
                            rendering.roadmap.stages[i].items = items.items;
                            stages.push(i);
                        }
                        Err(e) => errors.extend(e),
                    }
                }
                crate::content::Which::Page(i) => {
                    self.content.pages[i].source = source;
                    match self.render_page(&self.content.pages[i], &rendering.targets) {
                        Ok((r, items)) => {
                            gathered |= items != rendering.roadmap.pages[i].items;
                            rendering.pages[i] = r;
                            rendering.roadmap.pages[i].items = items;
                            pages.push(i);
                        }
                        Err(e) => errors.extend(e),
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Some(Err(errors.into()));
        }
        // A changed heading may break a link to it from any file.
        let all = std::iter::once(Some(&rendering.home))
            .chain(rendering.stages.iter().map(Some))
            .chain(rendering.pages.iter().map(Some));
        if let Err(e) = self.check_anchors(all) {
            return Some(Err(e));
        }
        Some(self.write(
            rendering,
            sink,
            Scope::Changed {
                stages: &stages,
                pages: &pages,
                gathered,
                print,
            },
            true,
        ))
    }

    fn render_markdown_with<T>(
        &self,
        source: &crate::content::Source,
        targets: &LinkTargets,
        inspect: impl for<'a> FnOnce(&'a comrak::nodes::AstNode<'a>) -> T,
    ) -> Result<(Rendered, T), Vec<Diagnostic>> {
        self.markdown
            .render_with(source, &content_rel(&source.path), targets, inspect)
    }

    /// Every content file a Markdown link may name, with its URL.
    fn link_targets(&self, base: &str) -> LinkTargets {
        let rel = |p: &Path| p.strip_prefix(CONTENT_DIR).unwrap_or(p).to_path_buf();
        let mut urls = HashMap::new();
        urls.insert(PathBuf::from(HOME_FILE), base.to_string());
        for s in &self.content.stages {
            urls.insert(
                rel(&s.source.path),
                format!("{base}{}", stage_path(&s.slug)),
            );
        }
        for p in &self.content.pages {
            urls.insert(rel(&p.source.path), format!("{base}{}", page_path(&p.slug)));
        }
        for a in &self.content.assets {
            urls.insert(
                PathBuf::from(&a.rel),
                format!("{base}{}", url_escape(&a.rel)),
            );
        }
        LinkTargets {
            urls,
            base_path: base.to_string(),
        }
    }

    /// Fails on links to headings that do not exist.
    /// `rendered` follows the order home, stages, pages; `None` for a file that failed.
    fn check_anchors<'a>(
        &self,
        rendered: impl Iterator<Item = Option<&'a Rendered>>,
    ) -> Result<(), BuildError> {
        let sources = std::iter::once(&self.content.home.source)
            .chain(self.content.stages.iter().map(|s| &s.source))
            .chain(self.content.pages.iter().map(|p| &p.source));
        let all: Vec<(&crate::content::Source, &Rendered)> = sources
            .zip(rendered)
            .filter_map(|(s, r)| r.map(|r| (s, r)))
            .collect();
        let ids: HashMap<PathBuf, HashSet<&str>> = all
            .iter()
            .map(|(src, r)| {
                let rel = src
                    .path
                    .strip_prefix(CONTENT_DIR)
                    .unwrap_or(&src.path)
                    .to_path_buf();
                (rel, r.headings.iter().map(|h| h.id.as_str()).collect())
            })
            .collect();
        let mut errors = Vec::new();
        for (src, r) in &all {
            for link in &r.anchor_links {
                // Links to assets (a PDF page, say) carry anchors nobody can check.
                let Some(known) = ids.get(&link.target) else {
                    continue;
                };
                if !known.contains(link.anchor.as_str()) {
                    let mut available: Vec<&str> = known.iter().copied().collect();
                    available.sort();
                    errors.push(
                        Diagnostic::new(
                            &src.path,
                            format!(
                                "link to #{} in content/{}: no heading has that id",
                                link.anchor,
                                link.target.display()
                            ),
                        )
                        .at_line(link.line)
                        .with_hint(if available.is_empty() {
                            "that page has no headings; link to the page without #...".to_string()
                        } else {
                            format!(
                                "headings there: {}",
                                available
                                    .iter()
                                    .map(|a| format!("#{a}"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }),
                    );
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.into())
        }
    }

    /// sitemap.xml, robots.txt, .nojekyll, CNAME, highlight CSS, theme and content assets.
    fn write_extras(&self, sink: &dyn Sink) -> Written {
        let mut out = Vec::new();
        let write = |rel: &str, bytes: &[u8]| {
            sink.write(rel, bytes)
                .map_err(|e| Diagnostic::io(Path::new(rel), "write", &e))
        };
        out.push(write("sitemap.xml", self.sitemap().as_bytes()));
        out.push(write(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                self.config.base_url
            )
            .as_bytes(),
        ));
        out.push(write(".nojekyll", b""));
        if let Some(cname) = &self.config.cname {
            out.push(write("CNAME", format!("{}\n", cname.trim()).as_bytes()));
        }
        let md = &self.config.markdown;
        if md.highlight {
            for (file, theme, scheme) in [
                ("highlight-light.css", &md.highlight_theme, Scheme::Light),
                ("highlight-dark.css", &md.highlight_theme_dark, Scheme::Dark),
            ] {
                out.push(write(
                    file,
                    highlight_css(theme, scheme).unwrap_or_default().as_bytes(),
                ));
            }
        }
        for (rel, from) in self.static_files() {
            out.push(match from {
                StaticFile::OnDisk(from) => sink
                    .copy(&rel, &from)
                    .map_err(|e| Diagnostic::io(&relative(&self.root, &from), "copy", &e)),
                StaticFile::Embedded(bytes) => write(&rel, bytes),
            });
        }
        for asset in &self.content.assets {
            out.push(
                sink.copy(&asset.rel, &asset.path)
                    .map_err(|e| Diagnostic::io(&relative(&self.root, &asset.path), "copy", &e)),
            );
        }
        out
    }

    /// The theme's `static/` then the site's `static/`, each file as (output path, source).
    fn static_files(&self) -> Vec<(String, StaticFile)> {
        let mut files: HashMap<String, StaticFile> = HashMap::new();
        if crate::theme::use_embedded(&self.root, &self.config.theme) {
            for file in crate::theme::embedded_files("static") {
                files.insert(file.path, StaticFile::Embedded(file.contents));
            }
        }
        for dir in [
            self.root
                .join(THEMES_DIR)
                .join(&self.config.theme)
                .join("static"),
            self.root.join("static"),
        ] {
            for entry in walkdir::WalkDir::new(&dir)
                .follow_links(true)
                .into_iter()
                .flatten()
            {
                if entry.file_type().is_file()
                    && !crate::content::is_ignored_name(&entry.file_name().to_string_lossy())
                {
                    let rel = crate::content::url_path(
                        entry.path().strip_prefix(&dir).unwrap_or(entry.path()),
                    );
                    files.insert(rel, StaticFile::OnDisk(entry.path().to_path_buf()));
                }
            }
        }
        let mut files: Vec<_> = files.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    fn sitemap(&self) -> String {
        let base = &self.config.base_url;
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let urls = std::iter::once(String::new())
            .chain(self.content.stages.iter().map(|s| stage_path(&s.slug)))
            .chain(self.content.pages.iter().map(|p| page_path(&p.slug)));
        for path in urls {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                xml_escape(&format!("{base}{path}"))
            ));
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

/// Where a static file comes from: the site's folders, or the embedded default theme.
enum StaticFile {
    OnDisk(PathBuf),
    Embedded(&'static [u8]),
}

/// The value of a file that rendered; a file that failed adds its errors to `errors`.
fn keep_ok<T>(errors: &mut Vec<Diagnostic>, result: Result<T, Vec<Diagnostic>>) -> Option<T> {
    result.map_err(|e| errors.extend(e)).ok()
}

/// A content file's path relative to `content/`, as links name it.
fn content_rel(path: &Path) -> PathBuf {
    path.strip_prefix(CONTENT_DIR).unwrap_or(path).to_path_buf()
}

fn empty_rendered() -> Rendered {
    Rendered {
        html: String::new(),
        headings: Vec::new(),
        anchor_links: Vec::new(),
    }
}

/// Escapes what may not stand in a URL path as written (spaces, quotes, non-ASCII).
fn url_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes text for XML character data and attribute values.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
