//! `roadsmith check`: every problem of a site, found by writing it through the same
//! [`Site`] pipeline as `build` into a sink that writes nothing, plus what a build does
//! not look at: root-relative links, pages no one links to, and (on request) external links.
//!
//! An *orphan* is a stage or standalone page whose URL no other rendered page links
//! to: neither its Markdown nor the theme's navigation. Links on `404.html` do not
//! count, since readers only see it by mistake. Orphans are warnings; `check` still
//! fails on them, so a page cannot silently drop out of every menu.
//!
//! External links ([`external`]) add two kinds of finding that do not fail the check:
//! an unverified link (a warning that fails it only with `--strict`) and a note (a link
//! that moved permanently). Keys a language's string table lacks ([`crate::i18n`]) are
//! warnings of the first kind: its pages still show them, in the fallback language.
//! Every finding can also be written as a GitHub Actions
//! annotation ([`Finding::annotation`]), which GitHub shows on the file and line.

pub mod external;
mod languages;

use languages::{stale_translations, untranslated};

use std::collections::{HashMap, HashSet};
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
    /// Fails the check.
    Error,
    /// Fails the check too (a page no one links to).
    Warning,
    /// Shown as a warning, failing the check only with `--strict`: an external link
    /// that could not be verified, keys a language's string table lacks (its pages show
    /// them in the fallback language), a translation older than its source.
    Unverified,
    /// Worth knowing, never a failure (a link that moved permanently).
    Note,
}

impl Severity {
    /// The word the terminal shows, and GitHub's annotation command for it.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Severity::Error => ("error", "error"),
            Severity::Warning | Severity::Unverified => ("warning", "warning"),
            Severity::Note => ("note", "notice"),
        }
    }
}

/// One problem `check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub diagnostic: Diagnostic,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity.words().0, self.diagnostic)
    }
}

impl Finding {
    fn error(diagnostic: Diagnostic) -> Finding {
        Finding {
            severity: Severity::Error,
            diagnostic,
        }
    }

    /// The finding as a GitHub Actions workflow command, which GitHub shows on the file
    /// and line: `::error file=content/x.md,line=5::message`. `file` is the path from
    /// the repository's root (see [`annotation_file`]).
    pub fn annotation(&self, file: &str) -> String {
        let d = &self.diagnostic;
        let mut properties = format!("file={}", escape_property(file));
        if let Some(line) = d.line {
            properties.push_str(&format!(",line={line}"));
        }
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str(&format!("\nhint: {hint}"));
        }
        let message = escape_data(&message);
        format!("::{} {properties}::{message}", self.severity.words().1)
    }
}

/// A workflow command's message: `%`, CR and LF escaped as GitHub's toolkit does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The path GitHub knows `file` (relative to the site folder `root`) by: from the
/// repository's root, `workspace` (`$GITHUB_WORKSPACE`), or else from `cwd`; with `/`
/// between its parts.
pub fn annotation_file(root: &Path, file: &Path, workspace: Option<&Path>, cwd: &Path) -> String {
    let path = root.join(file);
    let path = match path.strip_prefix(workspace.unwrap_or(cwd)) {
        Ok(inside) if path.is_absolute() => inside.to_path_buf(),
        _ if path.is_absolute() => return crate::paths::shown(&path),
        _ => path,
    };
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Everything `check` found, and how much it looked at.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
    /// Stages and pages checked (0 when the site could not be loaded).
    pub pages: usize,
    /// Links and images written in Markdown.
    pub links: usize,
    /// What the external links came to (with `--external`).
    pub external: Option<external::Tally>,
}

impl CheckReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether the check passes: no error and no warning; with `strict`, no unverified
    /// external link either. Notes never fail it.
    pub fn passes(&self, strict: bool) -> bool {
        self.findings.iter().all(|f| match f.severity {
            Severity::Error | Severity::Warning => false,
            Severity::Unverified => !strict,
            Severity::Note => true,
        })
    }

    /// The lines for the end of the output: what was found, and (with `--external`)
    /// what the external links came to.
    pub fn summary(&self) -> String {
        let looked = format!(
            "{}, {}",
            plural(self.pages, "page"),
            plural(self.links, "link")
        );
        let warnings = self.count(Severity::Warning) + self.count(Severity::Unverified);
        let mut text = if self.count(Severity::Error) + warnings == 0 {
            format!("check: no problems ({looked})")
        } else {
            format!(
                "check: {} and {} ({looked})",
                plural(self.count(Severity::Error), "error"),
                plural(warnings, "warning"),
            )
        };
        if let Some(t) = &self.external {
            text.push_str(&format!(
                "\nexternal links: {} fine{}, {} broken, {} unverified{}, {} moved permanently; {} requested",
                t.fine,
                if t.cached > 0 {
                    format!(" ({} from the cache)", t.cached)
                } else {
                    String::new()
                },
                t.broken,
                t.unverified,
                if t.unverified > 0 {
                    " (failing the check only with --strict)"
                } else {
                    ""
                },
                t.moved,
                plural(t.requested, "URL"),
            ));
        }
        text
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
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
    report.findings.extend(stale_translations(&site));
    report.findings.extend(untranslated(&site));
    if let Some(ext) = &options.external {
        let found = external::check_links(&written, ext, &options.build.root);
        report.external = Some(found.tally);
        report.findings.extend(found.findings);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity) -> Finding {
        Finding {
            severity,
            diagnostic: Diagnostic::new("content/x.md", "external link https://a.b/c: 100% gone")
                .at_line(7)
                .with_hint("fix it"),
        }
    }

    #[test]
    fn findings_become_annotations_github_reads() {
        assert_eq!(
            finding(Severity::Error).annotation("site/content/x,y.md"),
            "::error file=site/content/x%2Cy.md,line=7::external link https://a.b/c: 100%25 gone%0Ahint: fix it"
        );
        assert!(
            finding(Severity::Unverified)
                .annotation("f")
                .starts_with("::warning file=f,line=7::")
        );
        assert!(
            finding(Severity::Note)
                .annotation("f")
                .starts_with("::notice ")
        );
    }

    #[test]
    fn annotation_files_are_named_from_the_repository_root() {
        let file = Path::new("content/x.md");
        let ws = Path::new("/ws");
        assert_eq!(
            annotation_file(Path::new("."), file, Some(ws), ws),
            "content/x.md"
        );
        assert_eq!(
            annotation_file(Path::new("site"), file, None, ws),
            "site/content/x.md"
        );
        assert_eq!(
            annotation_file(Path::new("/ws/site"), file, Some(ws), Path::new("/")),
            "site/content/x.md"
        );
        assert_eq!(
            annotation_file(Path::new("/elsewhere"), file, Some(ws), ws),
            "/elsewhere/content/x.md"
        );
    }

    #[test]
    fn only_errors_and_warnings_fail_unless_strict() {
        let report = |s: &[Severity]| CheckReport {
            findings: s.iter().map(|&s| finding(s)).collect(),
            ..CheckReport::default()
        };
        assert!(report(&[Severity::Note, Severity::Unverified]).passes(false));
        assert!(!report(&[Severity::Unverified]).passes(true));
        assert!(!report(&[Severity::Warning]).passes(false));
        assert!(!report(&[Severity::Error]).passes(false));
    }
}
