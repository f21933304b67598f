//! `roadsmith check` through the real binary: fixture sites with known problems, and
//! external links against a mock HTTP server on 127.0.0.1 started by the test.
//! (The repository's own site is checked in tests/django.rs.)

mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::*;

fn check(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    // Loopback only: never route the test's requests through a proxy.
    common::link_hosts::roadsmith_on_loopback()
        .args(&args)
        .output()
        .unwrap()
}

#[test]
fn a_clean_site_passes() {
    let site = site(&["minimal"]);
    let out = check(site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("no problems"), "{}", stdout(&out));
    assert!(!site.path().join("public").exists(), "check writes nothing");
}

#[test]
fn every_broken_link_anchor_and_missing_file_is_reported_at_once() {
    let site = site(&["minimal", "check/broken"]);
    let out = check(site.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "error: content/02-broken.md:8: link \"05-nowhere.md\"",
        "error: content/02-broken.md:9: missing file \"img/diagram.png\"",
        "error: content/03-anchor.md:8: link to #no-such-heading in content/00-first.md",
    ] {
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
    assert!(
        stdout(&out).contains("3 errors and 0 warnings"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn duplicate_stages_and_unreadable_durations_are_reported_together() {
    let site = site(&["minimal", "check/load-errors"]);
    let out = check(site.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/02-again.md:3: stage 1 is used twice"),
        "{err}"
    );
    assert!(
        err.contains("content/03-bad-duration.md:4: unreadable duration \"two weeks\""),
        "{err}"
    );
    assert!(stdout(&out).contains("2 errors"), "{}", stdout(&out));
}

#[test]
fn pages_no_one_links_to_and_root_links_to_nothing_are_reported() {
    let site = site(&["minimal", "check/orphan"]);
    let out = check(site.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an orphan still fails the check"
    );
    let err = stderr(&out);
    assert!(
        err.contains("warning: content/lonely.md:1: no other page links to this page (/lonely/)"),
        "{err}"
    );
    assert!(
        err.contains("error: content/lonely.md:4: link \"/nowhere/\""),
        "{err}"
    );
    assert!(!err.contains("/stages/first/"), "that link is fine: {err}");
    assert!(!err.contains("00-first.md"), "stages are linked: {err}");
    assert!(
        stdout(&out).contains("1 error and 1 warning"),
        "{}",
        stdout(&out)
    );
}

/// What the mock server saw: hits per path, and the `/wait/` requests in flight now
/// and at most.
#[cfg(feature = "serve")]
#[derive(Default)]
struct Seen {
    hits: std::collections::HashMap<String, usize>,
    waiting: usize,
    max_waiting: usize,
}

/// A mock of external sites: `/ok` 200, `/missing` 404, `/slow` answers after 3 s,
/// `/flaky` 503 the first time and 200 after, `/wait/N` 200 after 300 ms.
#[cfg(feature = "serve")]
fn mock() -> (common::http::Served, std::sync::Arc<std::sync::Mutex<Seen>>) {
    use axum::http::{StatusCode, Uri};
    use std::sync::{Arc, Mutex};
    let seen = Arc::new(Mutex::new(Seen::default()));
    let state = Arc::clone(&seen);
    let answer = move |uri: Uri| {
        let seen = Arc::clone(&state);
        async move {
            let path = uri.path().to_string();
            let n = {
                let mut seen = seen.lock().unwrap();
                let n = seen.hits.entry(path.clone()).or_insert(0);
                *n += 1;
                *n
            };
            match path.as_str() {
                "/ok" => StatusCode::OK,
                "/slow" => {
                    tokio::time::sleep(Duration::from_secs(3)).await;
                    StatusCode::OK
                }
                "/flaky" if n == 1 => StatusCode::SERVICE_UNAVAILABLE,
                "/flaky" => StatusCode::OK,
                p if p.starts_with("/wait/") => {
                    {
                        let mut seen = seen.lock().unwrap();
                        seen.waiting += 1;
                        seen.max_waiting = seen.max_waiting.max(seen.waiting);
                    }
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    seen.lock().unwrap().waiting -= 1;
                    StatusCode::OK
                }
                _ => StatusCode::NOT_FOUND,
            }
        }
    };
    let server = common::http::serve_router(axum::Router::new().fallback(answer));
    (server, seen)
}

#[cfg(feature = "serve")]
#[test]
fn external_links_are_checked_with_timeouts_retries_and_a_per_host_limit() {
    let (server, seen) = mock();
    let base = format!("http://127.0.0.1:{}", server.port);
    let site = site(&["minimal"]);
    let page = format!(
        "+++\ntitle = \"Links\"\n+++\n\
         - [ok]({base}/ok#section)\n\
         - [missing]({base}/missing)\n\
         - [slow]({base}/slow)\n\
         - [flaky]({base}/flaky)\n\
         - [1]({base}/wait/1) [2]({base}/wait/2) [3]({base}/wait/3) [4]({base}/wait/4)\n\
         - [back](00-first.md)\n"
    );
    std::fs::write(site.path().join("content/links.md"), page).unwrap();
    // The same URL in another file is requested once.
    std::fs::write(
        site.path().join("content/_index.md"),
        format!("+++\ntitle = \"Minimal\"\n+++\n[ok]({base}/ok) and [links](links.md)\n"),
    )
    .unwrap();

    let started = std::time::Instant::now();
    let out = check(
        site.path(),
        &[
            "--external",
            "--timeout",
            "0.5",
            "--retries",
            "1",
            "--no-cache",
        ],
    );
    let took = started.elapsed();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "error: content/links.md:5: external link {base}/missing: HTTP 404"
        )),
        "{err}"
    );
    // No answer in time is not proof of a broken link: a warning, not an error.
    assert!(
        err.contains(&format!(
            "warning: content/links.md:6: external link {base}/slow could not be verified: no answer within 0.5 s"
        )),
        "{err}"
    );
    assert!(!err.contains("/ok"), "{err}");
    assert!(!err.contains("/flaky"), "a retry got through: {err}");
    assert!(!err.contains("/wait/"), "{err}");
    assert!(
        stdout(&out).contains("1 error and 1 warning"),
        "{}",
        stdout(&out)
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");

    let seen = seen.lock().unwrap();
    let hits = &seen.hits;
    assert_eq!(hits.get("/ok"), Some(&1), "each URL once per run: {hits:?}");
    assert_eq!(
        hits.get("/missing"),
        Some(&2),
        "a 404 to HEAD is confirmed with GET, and not retried"
    );
    assert_eq!(hits.get("/flaky"), Some(&2), "a 503 is retried");
    assert_eq!(hits.get("/slow"), Some(&2), "a timeout is retried");
    let max = seen.max_waiting;
    assert!(max <= 2, "at most 2 requests at once per host, saw {max}");
}
