//! `roadsmith check`: every problem of a site, found by writing it through the same
//! [`Site`] pipeline as `build` into a sink that writes nothing, plus what a build does
//! not look at: root-relative links, pages no one links to, and (on request) external links.
//!
//! An *orphan* is a stage or standalone page whose URL no other rendered page links
//! to: neither its Markdown nor the theme's navigation. Links on `404.html` do not
//! count, since readers only see it by mistake. Orphans are warnings; `check` still
//! fails on them, so a page cannot silently drop out of every menu.

pub mod external;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use crate::content::{CONTENT_DIR, Source};
use crate::error::Diagnostic;
use crate::markdown::WrittenLink;
use crate::output::Sink;
use crate::site::{BuildOptions, Site};
use crate::url::{base_path, decode, page_path, stage_path};
pub use external::ExternalOptions;

/// What `check` should look at.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub build: BuildOptions,
    /// Check http(s) links too, with these settings.
    pub external: Option<ExternalOptions>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem `check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub diagnostic: Diagnostic,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.diagnostic)
    }
}

/// Everything `check` found, and how much it looked at.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
    /// Stages and pages checked (0 when the site could not be loaded).
    pub pages: usize,
    /// Links and images written in Markdown.
    pub links: usize,
    /// Distinct external URLs requested (with `--external`).
    pub external: usize,
}

impl CheckReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// One line for the end of the output.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let looked = format!(
            "{}, {}{}",
            plural(self.pages, "page"),
            plural(self.links, "link"),
            if self.external > 0 {
                format!(" ({} external URLs requested)", self.external)
            } else {
                String::new()
            }
        );
        if self.is_clean() {
            format!("check: no problems ({looked})")
        } else {
            format!(
                "check: {} and {} ({looked})",
                plural(self.count(Severity::Error), "error"),
                plural(self.count(Severity::Warning), "warning"),
            )
        }
    }
}

/// Loads the site and writes it into a recorder (nothing reaches the disk), and reports
/// every problem.
pub fn check(options: &CheckOptions) -> CheckReport {
    let mut report = CheckReport::default();
    let site = match Site::load(&options.build) {
        Ok(site) => site,
        Err(e) => {
            report.findings = e.diagnostics.into_iter().map(Finding::error).collect();
            return report;
        }
    };
    report.pages = site.content.stages.len() + site.content.pages.len();
    let written = site.written_links();
    report.links = written.len();
    report.findings = build_findings(&site, &written);
    if let Some(ext) = &options.external {
        let (requested, findings) = external_findings(&written, ext);
        report.external = requested;
        report.findings.extend(findings);
    }
    report.findings.sort_by(|a, b| {
        (a.severity, &a.diagnostic.file, a.diagnostic.line).cmp(&(
            b.severity,
            &b.diagnostic.file,
            b.diagnostic.line,
        ))
    });
    report.findings.dedup();
    report
}

impl Finding {
    fn error(diagnostic: Diagnostic) -> Finding {
        Finding {
            severity: Severity::Error,
            diagnostic,
        }
    }
}

/// What writing the site into a recorder shows: build errors, or, when it is written,
/// root-relative links to nothing and pages nothing links to.
fn build_findings(site: &Site, written: &[(&Source, WrittenLink)]) -> Vec<Finding> {
    let recorder = Recorder::default();
    if let Err(e) = site.write(&recorder) {
        return e.diagnostics.into_iter().map(Finding::error).collect();
    }
    // Only a complete build shows every page's links; otherwise these would be noise.
    let output = recorder.into_output();
    let broken = root_relative_links(written, &output);
    let orphans = orphans(site, &output).into_iter().map(|d| Finding {
        severity: Severity::Warning,
        diagnostic: d,
    });
    broken
        .into_iter()
        .map(Finding::error)
        .chain(orphans)
        .collect()
}

/// Requests every http(s) link once; returns how many URLs were requested and an
/// error at every place a failing one is written.
fn external_findings(
    written: &[(&Source, WrittenLink)],
    options: &ExternalOptions,
) -> (usize, Vec<Finding>) {
    let mut places: BTreeMap<String, Vec<(&Path, usize)>> = BTreeMap::new();
    for (source, link) in written {
        if let Some(url) = external::checkable(&link.url) {
            places
                .entry(url)
                .or_default()
                .push((&source.path, link.line));
        }
    }
    let urls: Vec<String> = places.keys().cloned().collect();
    let results = external::check_urls(&urls, options);
    let mut findings = Vec::new();
    for (url, at) in &places {
        if let Some(Err(why)) = results.get(url) {
            for (file, line) in at {
                findings.push(Finding::error(
                    Diagnostic::new(*file, format!("external link {url}: {why}"))
                        .at_line(*line)
                        .with_hint(
                            "fix or remove the link; open it in a browser to see what is wrong",
                        ),
                ));
            }
        }
    }
    (urls.len(), findings)
}

/// What a build wrote: every file's output path, and each HTML page's hrefs.
#[derive(Debug, Default)]
struct Output {
    files: HashSet<String>,
    hrefs: HashMap<String, Vec<String>>,
}

/// A [`Sink`] that writes nothing and remembers what would have been written.
#[derive(Default)]
struct Recorder(Mutex<Output>);

impl Recorder {
    fn into_output(self) -> Output {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for Recorder {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let mut out = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        out.files.insert(rel.to_string());
        if rel.ends_with(".html") {
            out.hrefs
                .insert(rel.to_string(), hrefs(&String::from_utf8_lossy(bytes)));
        }
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        std::fs::metadata(from)?;
        let mut out = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        out.files.insert(rel.to_string());
        Ok(())
    }
}

/// Every `href="..."` value of an HTML page.
fn hrefs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let attr = format!("href={quote}");
        let mut rest = html;
        while let Some(i) = rest.find(&attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find(quote).unwrap_or(rest.len());
            out.push(rest[..end].replace("&amp;", "&"));
        }
    }
    out
}

/// The output file a site-root path names: `stages/orm/` -> `stages/orm/index.html`.
fn output_file(path: &str, files: &HashSet<String>) -> Option<String> {
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let path = decode(path).into_owned();
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.clone(), format!("{path}/index.html")]
    };
    candidates.into_iter().find(|c| files.contains(c))
}

/// Links written from the site root (`/img/logo.png`) must name something the build writes.
fn root_relative_links(written: &[(&Source, WrittenLink)], output: &Output) -> Vec<Diagnostic> {
    written
        .iter()
        .filter(|(_, l)| l.url.starts_with('/') && !l.url.starts_with("//"))
        .filter(|(_, l)| output_file(&l.url[1..], &output.files).is_none())
        .map(|(source, l)| {
            Diagnostic::new(
                &source.path,
                format!(
                    "link \"{}\": the site has no such page or file",
                    l.url
                ),
            )
            .at_line(l.line)
            .with_hint("links starting with / are taken from the site root; to link a page or an image in content/, use its file path relative to this file")
        })
        .collect()
}

/// Stages and pages no other page links to (see the module documentation).
fn orphans(site: &Site, output: &Output) -> Vec<Diagnostic> {
    let base_url = site.config.base_url.as_str();
    let base = base_path(base_url);
    let mut linked: HashSet<String> = HashSet::new();
    for (page, hrefs) in &output.hrefs {
        if page == "404.html" {
            continue;
        }
        for href in hrefs {
            let path = href
                .strip_prefix(base_url)
                .or_else(|| href.strip_prefix(base.as_str()));
            if let Some(file) = path.and_then(|p| output_file(p, &output.files))
                && &file != page
            {
                linked.insert(file);
            }
        }
    }
    let stages = site
        .content
        .stages
        .iter()
        .map(|s| (stage_path(&s.slug), &s.source.path, "stage"));
    let pages = site
        .content
        .pages
        .iter()
        .map(|p| (page_path(&p.slug), &p.source.path, "page"));
    stages
        .chain(pages)
        .filter(|(url, _, _)| !linked.contains(&format!("{url}index.html")))
        .map(|(url, file, kind)| {
            Diagnostic::new(
                file,
                format!("no other page links to this {kind} (/{url})"),
            )
            .at_line(1)
            .with_hint(format!(
                "link to it from another page, e.g. [{kind}]({}) in content/_index.md, or list it in the theme's navigation",
                file.strip_prefix(CONTENT_DIR).unwrap_or(file).display()
            ))
        })
        .collect()
}
