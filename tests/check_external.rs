//! `roadsmith check --external` through the real binary, against hosts on 127.0.0.1
//! started by the test (tests/common/link_hosts.rs): a mock that answers like real
//! hosts do (200, 301, 403, 404, 410, 429 with Retry-After, 503 once) and logs every
//! request it gets, a host that accepts connections and never answers, and a port where
//! nothing listens.

mod common;

use std::path::Path;
use std::process::Output;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::link_hosts::{Mock, Seen, refusing_host, roadsmith_on_loopback, silent_host};
use common::{site, stderr, stdout};
use tempfile::TempDir;

/// The minimal site with `content/links.md` linking each of `urls`, one a line from
/// line 4, and linked from the home page (so it is no orphan).
fn site_linking(urls: impl IntoIterator<Item = String>) -> TempDir {
    let site = site(&["minimal"]);
    let body: String = urls
        .into_iter()
        .map(|u| format!("- [link]({u})\n"))
        .collect();
    let page = format!("+++\ntitle = \"Links\"\n+++\n{body}");
    std::fs::write(site.path().join("content/links.md"), page).unwrap();
    let home = "+++\ntitle = \"Minimal\"\n+++\nSee [the links](links.md).\n";
    std::fs::write(site.path().join("content/_index.md"), home).unwrap();
    site
}

/// `roadsmith check --external` on `root`, outside any CI and proxy, with `env` added.
fn check(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    roadsmith_on_loopback()
        .envs(env.iter().copied())
        .args(["check", "--external", "--root", root.to_str().unwrap()])
        .args(extra)
        .output()
        .unwrap()
}

/// The line of `err` about line `line` of content/links.md, if any.
fn said_at(err: &str, line: usize) -> Option<&str> {
    let at = format!(" content/links.md:{line}: ");
    err.lines().find(|l| l.contains(&at))
}

/// Panics unless check said something with `part` in it about line `line`.
fn assert_said(err: &str, line: usize, part: &str) {
    let said = said_at(err, line).unwrap_or_else(|| panic!("nothing on line {line}: {err}"));
    assert!(said.contains(part), "line {line}: {said}\nexpected {part}");
}

/// The links of [`each_answer_has_its_outcome_and_only_broken_links_fail`], one a line
/// from line 4, with what check says of each after `external link URL` (nothing when
/// fine), and under which label.
fn answers(b: &str, silent: &str, refused: &str) -> Vec<(String, &'static str, String)> {
    let fine = |url: String| (url, "", String::new());
    let unverified = |why: &str| format!(" could not be verified: {why}");
    vec![
        fine(format!("{b}/ok")),
        fine(format!("{b}/page#here")),
        (
            format!("{b}/page#nowhere"),
            "error",
            ": the page loaded, but has no anchor #nowhere".into(),
        ),
        (
            format!("{b}/moved"),
            "note",
            format!(" moved permanently to {b}/new"),
        ),
        fine(format!("{b}/head-refused")),
        fine(format!("{b}/busy-once")),
        fine(format!("{b}/unavailable-once")),
        (
            format!("{b}/forbidden"),
            "warning",
            unverified("HTTP 403 Forbidden"),
        ),
        (
            format!("{b}/busy"),
            "warning",
            unverified("HTTP 429 Too Many Requests (tried twice)"),
        ),
        (
            format!("{silent}/never"),
            "warning",
            unverified("no answer within 1 s (tried twice)"),
        ),
        (
            format!("{b}/missing"),
            "error",
            ": HTTP 404 Not Found".into(),
        ),
        (format!("{b}/gone"), "error", ": HTTP 410 Gone".into()),
        (
            format!("{refused}/nothing"),
            "error",
            ": connection refused".into(),
        ),
    ]
}

#[test]
fn each_answer_has_its_outcome_and_only_broken_links_fail() {
    let mock = Mock::start();
    let (silent, connections) = silent_host();
    let answers = answers(&mock.base(), &silent, &refusing_host());
    let site = site_linking(answers.iter().map(|(url, _, _)| url.clone()));
    let args = ["--timeout", "1", "--retries", "1", "--no-cache"];
    let out = check(site.path(), &args, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (i, (url, label, tail)) in answers.iter().enumerate() {
        let line = i + 4;
        let said = said_at(&err, line);
        if label.is_empty() {
            assert_eq!(said, None, "{url} is fine: {err}");
            continue;
        }
        let expected = format!("{label}: content/links.md:{line}: external link {url}{tail}");
        let said = said.unwrap_or_else(|| panic!("nothing on line {line}: {err}"));
        assert!(said.starts_with(&expected), "{said}\nexpected {expected}");
    }
    let summary = "external links: 6 fine, 4 broken, 3 unverified (failing the check only with --strict), 1 moved permanently; 12 URLs requested";
    assert!(stdout(&out).contains(summary), "{}", stdout(&out));
    assert_eq!(
        connections.load(Ordering::SeqCst),
        2,
        "silent: once, then again"
    );
    assert_polite_requests(&mock);
}

/// What the mock of the test above was asked, and when.
fn assert_polite_requests(mock: &Mock) {
    for (path, methods, why) in [
        ("/ok", &["HEAD"][..], "HEAD is enough for a page"),
        (
            "/head-refused",
            &["HEAD", "GET"],
            "GET where HEAD is refused",
        ),
        (
            "/missing",
            &["HEAD", "GET"],
            "a 404 is confirmed, not retried",
        ),
        ("/page", &["GET"], "one GET reads every anchor of a page"),
        (
            "/unavailable-once",
            &["HEAD", "HEAD"],
            "a 503 is tried again",
        ),
        ("/busy-once", &["HEAD", "HEAD"], "a 429 is tried again"),
        ("/busy", &["HEAD", "HEAD"], "once and one retry"),
    ] {
        assert_eq!(mock.methods(path), methods, "{path}: {why}");
    }
    let back_off = mock.gap("/unavailable-once");
    assert!(back_off >= Duration::from_millis(950), "{back_off:?}");
    for path in ["/busy-once", "/busy"] {
        let gap = mock.gap(path);
        assert!(
            gap >= Duration::from_millis(950),
            "{path}: Retry-After: 1 honoured, {gap:?}"
        );
    }
    // While the host asks to wait, nothing else is asked of it either.
    let asked_at = mock.asked("/busy")[0].at;
    let log = mock.log.lock().unwrap();
    let meanwhile: Vec<&Seen> = (log.requests.iter())
        .filter(|r| r.at > asked_at + Duration::from_millis(50))
        .filter(|r| r.at < asked_at + Duration::from_millis(950))
        .collect();
    assert!(
        meanwhile.is_empty(),
        "asked during Retry-After: {meanwhile:?}"
    );
    for r in &log.requests {
        let agent = &r.user_agent;
        assert!(
            agent.starts_with("roadsmith/") && agent.contains("link checker"),
            "{r:?}"
        );
    }
}

#[test]
fn unverified_links_and_notes_fail_the_check_only_with_strict() {
    let mock = Mock::start();
    let b = mock.base();
    let site = site_linking(["/ok", "/moved", "/forbidden"].map(|p| format!("{b}{p}")));
    let out = check(site.path(), &["--no-cache"], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "unverified is a warning: {err}");
    assert_said(&err, 6, "warning:");
    assert_said(&err, 5, "note:");
    assert!(
        stdout(&out).contains("check: 0 errors and 1 warning"),
        "{}",
        stdout(&out)
    );

    let strict = check(site.path(), &["--no-cache", "--strict"], &[]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

#[test]
fn requests_to_one_host_stay_within_the_limit_and_apart() {
    // Each answer takes 0.3 s, so requests overlap as much as the limit lets them.
    for (limit, most) in [(None, 2), (Some("1"), 1)] {
        let mock = Mock::start();
        let b = mock.base();
        let site = site_linking((1..=4).map(|i| format!("{b}/wait/{i}")));
        let mut args = vec!["--no-cache", "--interval", "0"];
        args.extend(limit.map(|n| ["--per-host", n]).into_iter().flatten());
        let out = check(site.path(), &args, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        let log = mock.log.lock().unwrap();
        assert_eq!(log.requests.len(), 4);
        assert_eq!(log.most_in_flight, most, "{limit:?} (default 2) at once");
    }

    // Answers at once: only the interval (0.1 s by default) spaces the requests.
    let mock = Mock::start();
    let b = mock.base();
    let site = site_linking((1..=6).map(|i| format!("{b}/fast/{i}")));
    let out = check(site.path(), &["--no-cache"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let log = mock.log.lock().unwrap();
    let first = log.requests.iter().map(|r| r.at).min().unwrap();
    let last = log.requests.iter().map(|r| r.at).max().unwrap();
    // Five intervals between six starts, less what a loaded machine may shift them.
    let spread = last - first;
    assert!(spread >= Duration::from_millis(400), "{spread:?}");
}

#[test]
fn fine_links_are_remembered_and_the_others_asked_again() {
    let mock = Mock::start();
    let b = mock.base();
    let site = site_linking(
        ["/ok", "/page#here", "/moved", "/missing", "/forbidden"].map(|p| format!("{b}{p}")),
    );
    let count = |path: &str| mock.asked(path).len();
    let counts = || ["/ok", "/page", "/moved", "/missing", "/forbidden"].map(count);

    let first = check(site.path(), &[], &[]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let kept = common::read(site.path(), ".roadsmith/links.json");
    assert!(kept.contains(&format!("\"{b}/page#here\"")), "{kept}");
    assert!(
        !kept.contains("/missing") && !kept.contains("/forbidden"),
        "{kept}"
    );
    let [ok, page, moved, missing, forbidden] = counts();

    let second = check(site.path(), &[], &[]);
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(1), "{err}");
    assert_eq!(
        [count("/ok"), count("/page"), count("/moved")],
        [ok, page, moved],
        "fine: not asked"
    );
    assert!(count("/missing") > missing, "broken: asked again");
    assert!(count("/forbidden") > forbidden, "unverified: asked again");
    assert_said(&err, 6, "moved permanently to");
    assert_said(&err, 7, "HTTP 404");
    assert!(
        stdout(&second).contains("3 fine (3 from the cache)"),
        "{}",
        stdout(&second)
    );

    check(site.path(), &["--no-cache"], &[]);
    assert!(count("/ok") > ok, "--no-cache asks again");
    let page = count("/page");
    check(site.path(), &["--max-age", "0"], &[]);
    assert!(count("/page") > page, "--max-age 0 asks again");
}

#[test]
fn github_actions_gets_an_annotation_on_the_file_and_line() {
    let mock = Mock::start();
    let b = mock.base();
    let site = site_linking(["/missing", "/forbidden", "/moved"].map(|p| format!("{b}{p}")));
    let workspace = site.path().to_str().unwrap();
    let env = [("GITHUB_ACTIONS", "true"), ("GITHUB_WORKSPACE", workspace)];
    let out = check(site.path(), &["--no-cache"], &env);
    let said = stdout(&out);
    for expected in [
        format!(
            "::error file=content/links.md,line=4::external link {b}/missing: HTTP 404 Not Found%0Ahint: "
        ),
        format!(
            "::warning file=content/links.md,line=5::external link {b}/forbidden could not be verified: HTTP 403 Forbidden%0Ahint: "
        ),
        format!(
            "::notice file=content/links.md,line=6::external link {b}/moved moved permanently to {b}/new%0Ahint: "
        ),
    ] {
        assert!(
            said.lines().any(|l| l.starts_with(&expected)),
            "{expected}\nin\n{said}"
        );
    }

    let plain = check(site.path(), &["--no-cache"], &[]);
    assert!(!stdout(&plain).contains("::"), "{}", stdout(&plain));
    let err = stderr(&plain);
    assert!(
        !err.contains('\r') && !err.contains("\x1b["),
        "no progress line off a terminal: {err:?}"
    );
}

#[test]
fn a_host_that_never_answers_holds_the_check_no_longer_than_max_time() {
    let (silent, _) = silent_host();
    let site = site_linking((1..=4).map(|i| format!("{silent}/{i}")));
    let started = Instant::now();
    let out = check(
        site.path(),
        &["--no-cache", "--timeout", "20", "--max-time", "1.5"],
        &[],
    );
    let took = started.elapsed();
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "unverified links do not fail: {err}"
    );
    assert!(
        took >= Duration::from_millis(1400),
        "it waited for answers: {took:?}"
    );
    assert!(
        took < Duration::from_secs(5),
        "bounded by --max-time 1.5: {took:?}\n{err}"
    );
    for line in 4..=7 {
        let said = said_at(&err, line).unwrap_or_else(|| panic!("line {line}: {err}"));
        assert!(
            said.starts_with("warning:") && said.contains("could not be verified"),
            "{said}"
        );
    }
    assert!(
        err.contains("not checked: the time for the whole check (--max-time 1.5 s) ran out first"),
        "{err}"
    );
    assert!(stdout(&out).contains("4 unverified"), "{}", stdout(&out));
}
