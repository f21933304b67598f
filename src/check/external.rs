//! External (http and https) links, checked on the real web (`check --external`).
//!
//! Each link ends in one of three outcomes ([`Outcome`]): *fine*; *broken* (404, 410, no
//! such host, connection refused, a TLS error, a `#fragment` the loaded page has no
//! anchor for), an error that fails the check; or *unverified* (403, 429, 5xx after
//! retries, no answer in time), a warning that fails it only with `--strict`. A link
//! that moved permanently is fine, with a note naming its new address.
//!
//! The parts: `queue` decides when each request may go out (politeness per host, the
//! time bound), `http` makes one try at a page and sorts its answer, `anchors` reads a
//! page's ids, `run` drives the workers, `cache` keeps fine results in
//! `.roadsmith/links.json`, `progress` draws the line a terminal shows while it runs.

mod anchors;
mod cache;
mod http;
mod progress;
mod queue;
mod run;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Finding, Severity};
use crate::content::Source;
use crate::error::Diagnostic;
use crate::markdown::WrittenLink;

/// How external links are checked; the defaults are `check --external`'s.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Longest wait for one request, connection to the last byte read.
    pub timeout: Duration,
    /// Further tries after an answer that may pass later: no answer in time, a broken
    /// connection, 429 or 5xx.
    pub retries: u32,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Least time between the starts of two requests to one host.
    pub interval: Duration,
    /// Requests in flight at once in all.
    pub workers: usize,
    /// The longest `Retry-After` honoured; a host that asks for more is not waited for
    /// and its link is unverified.
    pub max_retry_wait: Duration,
    /// Bound on the whole external check; links not checked by then are unverified.
    pub max_time: Duration,
    /// How long a fine result is kept in `.roadsmith/links.json`; `None`: no cache is
    /// read or written.
    pub max_age: Option<Duration>,
    /// Draw a progress line on standard error (for a terminal, never in CI).
    pub progress: bool,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(20),
            retries: 2,
            per_host: 2,
            interval: Duration::from_millis(100),
            workers: 8,
            max_retry_wait: Duration::from_secs(60),
            max_time: Duration::from_secs(300),
            max_age: Some(Duration::from_secs(24 * 60 * 60)),
            progress: false,
        }
    }
}

/// What became of one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It answered; `moved_to` is its new address when it moved permanently (301, 308).
    Fine { moved_to: Option<String> },
    /// It is wrong, and why: the check fails.
    Broken(String),
    /// It could not be told, and why: a warning, an error only with `--strict`.
    Unverified(String),
}

/// How many external links came to each outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Distinct links (a URL with another `#fragment` is another link).
    pub links: usize,
    pub fine: usize,
    /// Of the fine ones, those taken from `.roadsmith/links.json` without a request.
    pub cached: usize,
    pub broken: usize,
    pub unverified: usize,
    /// Of the fine ones, those that moved permanently.
    pub moved: usize,
    /// Pages requested in this run.
    pub requested: usize,
}

/// One external link: the URL to request (without its fragment) and the anchor it
/// points at, when that can be looked for in the page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub url: String,
    pub fragment: Option<String>,
}

impl std::fmt::Display for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.fragment {
            Some(fragment) => write!(f, "{}#{fragment}", self.url),
            None => f.write_str(&self.url),
        }
    }
}

/// The link a written URL is checked as; `None` when it is not http(s). A fragment that
/// names no anchor (a text fragment, a client-side route, a GitHub line number) is
/// dropped: only the page is checked.
pub fn checkable(written: &str) -> Option<Link> {
    let lower = written.get(..8).unwrap_or(written).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let (url, fragment) = match written.split_once('#') {
        Some((url, fragment)) => (url, Some(fragment)),
        None => (written, None),
    };
    let host = host_of(url);
    Some(Link {
        url: url.to_string(),
        fragment: fragment
            .filter(|f| anchors::is_anchor(f, &host))
            .map(str::to_string),
    })
}

/// What requests to one host are counted by: `example.com:8080`, or the URL itself
/// when it has no host to read.
fn host_of(url: &str) -> String {
    crate::url::authority(url).unwrap_or_else(|| url.to_string())
}

/// A page to request, and the anchors to look for in it.
#[derive(Debug, Clone)]
struct Target {
    url: String,
    host: String,
    /// Anchors to find; when there are any the page is fetched whole (GET).
    anchors: BTreeSet<String>,
    /// Whether the page is linked without a fragment too.
    bare: bool,
}

impl Target {
    fn links(&self) -> impl Iterator<Item = Link> + '_ {
        let bare = self.bare.then(|| Link {
            url: self.url.clone(),
            fragment: None,
        });
        bare.into_iter().chain(self.anchors.iter().map(|a| Link {
            url: self.url.clone(),
            fragment: Some(a.clone()),
        }))
    }
}

/// What the external check found: its findings, and its tally.
#[derive(Debug, Clone, Default)]
pub struct ExternalReport {
    pub findings: Vec<Finding>,
    pub tally: Tally,
}

/// Checks every external link written in the site (each link once, however many
/// places write it) and reports a finding at every place of a link that is not fine.
/// `root` is the site's folder, where `.roadsmith/links.json` is kept.
pub fn check_links(
    written: &[(&Source, WrittenLink)],
    options: &ExternalOptions,
    root: &Path,
) -> ExternalReport {
    let mut places: BTreeMap<Link, Vec<(PathBuf, usize)>> = BTreeMap::new();
    for (source, written) in written {
        if let Some(link) = checkable(&written.url) {
            let at = (source.path.clone(), written.line);
            places.entry(link).or_default().push(at);
        }
    }
    let mut cache = options.max_age.map(|age| cache::Cache::load(root, age));
    let mut outcomes: BTreeMap<Link, Outcome> = BTreeMap::new();
    let mut cached = 0;
    let mut to_request = Vec::new();
    for target in targets(places.keys()) {
        let from_cache: Option<Vec<(Link, Outcome)>> = cache
            .as_ref()
            .and_then(|c| target.links().map(|l| c.fine(&l).map(|o| (l, o))).collect());
        match from_cache {
            Some(known) => {
                cached += known.len();
                outcomes.extend(known);
            }
            None => to_request.push(target),
        }
    }
    let pages = run::run(&to_request, options);
    for (target, page) in to_request.iter().zip(&pages) {
        for link in target.links() {
            let outcome = page.outcome_of(&link);
            if let Some(cache) = &mut cache {
                cache.record(&link, &outcome);
            }
            outcomes.insert(link, outcome);
        }
    }
    let mut findings = Vec::new();
    if let Some(cache) = cache.as_mut().filter(|_| !to_request.is_empty())
        && let Err(d) = cache.save()
    {
        findings.push(Finding {
            severity: Severity::Note,
            diagnostic: d,
        });
    }
    let mut tally = tally(&outcomes);
    tally.cached = cached;
    tally.requested = to_request.len();
    for (link, outcome) in &outcomes {
        for (file, line) in places.get(link).into_iter().flatten() {
            findings.extend(finding(link, outcome, file, *line));
        }
    }
    ExternalReport { findings, tally }
}

/// The pages to request for `links`, one per URL, in URL order.
fn targets<'a>(links: impl Iterator<Item = &'a Link>) -> Vec<Target> {
    let mut targets: BTreeMap<&str, Target> = BTreeMap::new();
    for link in links {
        let target = targets.entry(&link.url).or_insert_with(|| Target {
            url: link.url.clone(),
            host: host_of(&link.url),
            anchors: BTreeSet::new(),
            bare: false,
        });
        match &link.fragment {
            Some(fragment) => {
                target.anchors.insert(fragment.clone());
            }
            None => target.bare = true,
        }
    }
    targets.into_values().collect()
}

fn tally(outcomes: &BTreeMap<Link, Outcome>) -> Tally {
    let mut tally = Tally {
        links: outcomes.len(),
        ..Tally::default()
    };
    for outcome in outcomes.values() {
        match outcome {
            Outcome::Fine { moved_to } => {
                tally.fine += 1;
                tally.moved += usize::from(moved_to.is_some());
            }
            Outcome::Broken(_) => tally.broken += 1,
            Outcome::Unverified(_) => tally.unverified += 1,
        }
    }
    tally
}

/// What `check` says about `link` where `file` writes it at `line`, if anything.
fn finding(link: &Link, outcome: &Outcome, file: &Path, line: usize) -> Option<Finding> {
    let (severity, message, hint) = match outcome {
        Outcome::Fine { moved_to: None } => return None,
        Outcome::Fine {
            moved_to: Some(to),
        } => {
            let to = match &link.fragment {
                Some(fragment) if !to.contains('#') => format!("{to}#{fragment}"),
                _ => to.clone(),
            };
            (
                Severity::Note,
                format!("external link {link} moved permanently to {to}"),
                "write the new address, so readers skip the redirect".to_string(),
            )
        }
        Outcome::Broken(why) => (
            Severity::Error,
            format!("external link {link}: {why}"),
            "fix or remove the link; open it in a browser to see what is wrong".to_string(),
        ),
        Outcome::Unverified(why) => (
            Severity::Unverified,
            format!("external link {link} could not be verified: {why}"),
            "open it in a browser; hosts that block link checkers or are busy answer like this. It fails the check only with --strict".to_string(),
        ),
    };
    Some(Finding {
        severity,
        diagnostic: Diagnostic::new(file, message).at_line(line).with_hint(hint),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str, fragment: Option<&str>) -> Option<Link> {
        Some(Link {
            url: url.to_string(),
            fragment: fragment.map(str::to_string),
        })
    }

    #[test]
    fn only_http_links_are_checked_and_only_anchors_are_looked_for() {
        assert_eq!(
            checkable("https://a.b/c#d"),
            link("https://a.b/c", Some("d"))
        );
        assert_eq!(checkable("HTTP://a.b"), link("HTTP://a.b", None));
        assert_eq!(checkable("https://a.b/#/route"), link("https://a.b/", None));
        assert_eq!(
            checkable("https://github.com/o/r/blob/main/x.rs#L10-L20"),
            link("https://github.com/o/r/blob/main/x.rs", None)
        );
        assert_eq!(checkable("mailto:x@y.z"), None);
        assert_eq!(checkable("04-orm.md"), None);
        assert_eq!(host_of("https://Example.com:8080/x?y"), "example.com:8080");
    }

    #[test]
    fn a_page_linked_with_several_fragments_is_one_target() {
        let links = [
            checkable("https://a.b/x#one").unwrap(),
            checkable("https://a.b/x").unwrap(),
            checkable("https://a.b/x#two").unwrap(),
            checkable("https://c.d/").unwrap(),
        ];
        let mut sorted = links.to_vec();
        sorted.sort();
        let targets = targets(sorted.iter());
        assert_eq!(targets.len(), 2);
        assert!(targets[0].bare);
        assert_eq!(
            targets[0]
                .links()
                .map(|l| l.to_string())
                .collect::<Vec<_>>(),
            ["https://a.b/x", "https://a.b/x#one", "https://a.b/x#two"]
        );
    }
}
