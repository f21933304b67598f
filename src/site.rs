//! The one pipeline `build`, `serve` and `check` share:
//! `site.toml` + `content/` -> model -> Markdown -> templates -> output.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::{SiteConfig, base_path, normalize_base_url};
use crate::content::{CONTENT_DIR, Content, HOME_FILE, relative, schedule};
use crate::error::{BuildError, Diagnostic};
use crate::markdown::{LinkTargets, Markdown, Rendered, highlight_css, highlight_theme_names};
use crate::output::{Sink, Staging, check_output_dir, check_replaceable};
use crate::templates::{
    HomeView, PageView, SiteView, StageView, THEMES_DIR, Templates, TotalView, page_path,
    stage_path,
};

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
            for theme in [
                &config.markdown.highlight_theme,
                &config.markdown.highlight_theme_dark,
            ] {
                if highlight_css(theme).is_none() {
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
            templates,
            markdown,
        })
    }

    /// Loads, renders into a staging folder, and swaps it in for the output folder.
    pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
        let started = Instant::now();
        let site = Site::load(options)?;
        let shown = relative(&site.root, &site.output_dir);
        check_replaceable(&site.output_dir, &shown, options.force)?;
        let staging = Staging::new(&site.output_dir).map_err(|e| {
            Diagnostic::io(
                &site.output_dir,
                "create the staging folder beside the output",
                &e,
            )
        })?;
        let files = site.render(&staging)?;
        staging
            .commit()
            .map_err(|e| Diagnostic::io(&shown, "replace the output folder", &e))?;
        Ok(BuildSummary {
            stages: site.content.stages.len(),
            pages: site.content.pages.len(),
            files,
            output_dir: shown,
            millis: started.elapsed().as_millis(),
        })
    }

    /// Renders every page and asset into `sink`; returns how many files were written.
    pub fn render(&self, sink: &dyn Sink) -> Result<usize, BuildError> {
        let base_url = self.config.base_url.as_str();
        let base = base_path(base_url);
        let content = &self.content;
        let spans = schedule(&content.stages);

        // Markdown, all files at once: links need every file's URL, anchors every file's headings.
        let targets = self.link_targets(&base);
        let home_md =
            self.render_markdown(&content.home.source.path, &content.home.source, &targets);
        let stage_md: Vec<_> = content
            .stages
            .par_iter()
            .map(|s| self.render_markdown(&s.source.path, &s.source, &targets))
            .collect();
        let page_md: Vec<_> = content
            .pages
            .par_iter()
            .map(|p| self.render_markdown(&p.source.path, &p.source, &targets))
            .collect();
        let mut errors = Vec::new();
        let mut ok = |r: Result<Rendered, Vec<Diagnostic>>| match r {
            Ok(r) => Some(r),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        let home_md = ok(home_md);
        let stage_md: Vec<_> = stage_md.into_iter().map(&mut ok).collect();
        let page_md: Vec<_> = page_md.into_iter().map(&mut ok).collect();
        // Anchors too, in the files that rendered, so one run reports every broken link.
        let all = std::iter::once(home_md.as_ref())
            .chain(stage_md.iter().map(Option::as_ref))
            .chain(page_md.iter().map(Option::as_ref));
        if let Err(e) = self.check_anchors(all) {
            errors.extend(e.diagnostics);
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            return Err(errors.into());
        }
        let (home_md, stage_md, page_md): (Rendered, Vec<Rendered>, Vec<Rendered>) = (
            home_md.unwrap_or_else(empty_rendered),
            stage_md.into_iter().flatten().collect(),
            page_md.into_iter().flatten().collect(),
        );
        // Reader features: items by id in the stages' HTML, the timeline, exports.
        let roadmap = crate::reader::Roadmap::new(&self.config, content);
        let stage_md: Vec<Rendered> = stage_md
            .into_iter()
            .zip(&roadmap.stages)
            .map(|(r, s)| Rendered {
                html: s.mark_items(&r.html),
                ..r
            })
            .collect();

        // Templates: shared values converted once, not per page.
        let site_view = SiteView {
            title: &self.config.title,
            description: &self.config.description,
            language: &self.config.language,
            author: self.config.author.as_deref(),
            repo_url: self.config.repo_url.as_deref(),
            base_url,
            base_path: &base,
        };
        let stage_views: Vec<StageView> = content
            .stages
            .iter()
            .zip(&spans)
            .map(|(s, span)| StageView::new(s, span, base_url, &base))
            .collect();
        let page_views: Vec<PageView> = content
            .pages
            .iter()
            .map(|p| PageView::new(p, base_url, &base))
            .collect();
        let mut shared = Context::new();
        shared.insert("site", &site_view);
        shared.insert_value("stages", Value::from_serializable(&stage_views));
        shared.insert_value("pages", Value::from_serializable(&page_views));
        shared.insert("total", &TotalView::new(&spans));
        shared.insert(
            "reader",
            &crate::reader::ReaderView::new(&roadmap, &self.config, content),
        );

        let render = |template: &str, rel: &str, extra: Context| -> Result<(), Diagnostic> {
            let mut ctx = shared.clone();
            ctx.insert(
                "page_url",
                &format!("{base_url}{}", rel.trim_end_matches("index.html")),
            );
            ctx.extend(extra);
            let html = self.templates.render(template, &ctx)?;
            sink.write(rel, html.as_bytes())
                .map_err(|e| Diagnostic::io(Path::new(rel), "write the page", &e))
        };

        let mut results: Vec<Result<(), Diagnostic>> = Vec::new();
        let mut home = Context::new();
        home.insert(
            "home",
            &HomeView {
                title: &content.home.title,
                description: content.home.description.as_deref(),
                content: &home_md.html,
            },
        );
        results.push(render("index.html", "index.html", home));
        results.push(render("404.html", "404.html", Context::new()));
        results.par_extend(stage_views.par_iter().enumerate().map(|(i, view)| {
            let mut ctx = Context::new();
            let mut stage = view.clone();
            stage.content = &stage_md[i].html;
            stage.toc = &stage_md[i].headings;
            ctx.insert("stage", &stage);
            ctx.insert("prev", &i.checked_sub(1).map(|p| &stage_views[p]));
            ctx.insert("next", &stage_views.get(i + 1));
            render(
                "stage.html",
                &format!("{}index.html", stage_path(view.slug)),
                ctx,
            )
        }));
        results.par_extend(page_views.par_iter().enumerate().map(|(i, view)| {
            let mut ctx = Context::new();
            let mut page = view.clone();
            page.content = &page_md[i].html;
            ctx.insert("page", &page);
            render(
                "page.html",
                &format!("{}index.html", page_path(view.slug)),
                ctx,
            )
        }));
        let print = self.templates.has("print.html");
        if print {
            let html: Vec<String> = stage_views
                .iter()
                .zip(&stage_md)
                .map(|(v, r)| crate::reader::print_html(v.slug, &r.html))
                .collect();
            let full: Vec<StageView> = stage_views
                .iter()
                .zip(&html)
                .map(|(v, h)| StageView {
                    content: h,
                    ..v.clone()
                })
                .collect();
            let mut ctx = Context::new();
            ctx.insert("print_stages", &full);
            results.push(render("print.html", "print/index.html", ctx));
        }
        let summaries: Vec<Option<&str>> = content
            .stages
            .iter()
            .map(|s| s.summary.as_deref())
            .collect();
        let headings: Vec<&[crate::markdown::Heading]> =
            stage_md.iter().map(|r| r.headings.as_slice()).collect();
        let reader_files = crate::reader::outputs(&roadmap, &base, &summaries, &headings);
        for (rel, text) in &reader_files {
            results.push(
                sink.write(rel, text.as_bytes())
                    .map_err(|e| Diagnostic::io(Path::new(rel), "write", &e)),
            );
        }
        results.extend(self.write_extras(sink));
        // One result per file written, so the count needs no bookkeeping of its own.
        let files = results.len();
        let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if !errors.is_empty() {
            return Err(errors.into());
        }
        Ok(files)
    }

    fn render_markdown(
        &self,
        path: &Path,
        source: &crate::content::Source,
        targets: &LinkTargets,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        let rel = path.strip_prefix(CONTENT_DIR).unwrap_or(path);
        self.markdown.render(source, rel, targets)
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
    fn write_extras(&self, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
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
            for (file, theme) in [
                ("highlight-light.css", &md.highlight_theme),
                ("highlight-dark.css", &md.highlight_theme_dark),
            ] {
                out.push(write(
                    file,
                    highlight_css(theme).unwrap_or_default().as_bytes(),
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
