//! `roadsmith check` through the real binary: fixture sites with known problems, and
//! external links against a tiny HTTP server on 127.0.0.1 started by the test.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::*;

fn check(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_roadsmith"));
    // Loopback only: never route the test's requests through a proxy.
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.args(&args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
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
fn the_repository_site_passes() {
    let out = check(&repo(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
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

/// A loopback HTTP server: `/ok` 200, `/missing` 404, `/slow` answers after 3 s,
/// `/flaky` 503 the first time and 200 after, `/wait/N` 200 after 300 ms.
/// Returns its port, the hits per path, and the most `/wait/` requests seen at once.
struct Server {
    port: u16,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    max_waiting: Arc<Mutex<(usize, usize)>>,
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(Mutex::new(HashMap::new()));
    let max_waiting = Arc::new(Mutex::new((0, 0)));
    let (h, w) = (hits.clone(), max_waiting.clone());
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (h, w) = (h.clone(), w.clone());
            thread::spawn(move || answer(stream, &h, &w));
        }
    });
    Server {
        port,
        hits,
        max_waiting,
    }
}

fn answer(
    mut stream: TcpStream,
    hits: &Mutex<HashMap<String, usize>>,
    waiting: &Mutex<(usize, usize)>,
) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(n) if n > 2 => continue,
            _ => break,
        }
    }
    let path = request.split(' ').nth(1).unwrap_or("").to_string();
    let n = {
        let mut hits = hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_insert(0);
        *n += 1;
        *n
    };
    let status = match path.as_str() {
        "/ok" => "200 OK",
        "/slow" => {
            thread::sleep(Duration::from_secs(3));
            "200 OK"
        }
        "/flaky" if n == 1 => "503 Service Unavailable",
        "/flaky" => "200 OK",
        p if p.starts_with("/wait/") => {
            {
                let mut w = waiting.lock().unwrap();
                w.0 += 1;
                w.1 = w.1.max(w.0);
            }
            thread::sleep(Duration::from_millis(300));
            waiting.lock().unwrap().0 -= 1;
            "200 OK"
        }
        _ => "404 Not Found",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

#[test]
fn external_links_are_checked_with_timeouts_retries_and_a_per_host_limit() {
    let server = serve();
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

    let started = Instant::now();
    let out = check(
        site.path(),
        &["--external", "--timeout", "0.5", "--retries", "1"],
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
    assert!(
        err.contains(&format!(
            "error: content/links.md:6: external link {base}/slow:"
        )) && err.contains("timed out"),
        "{err}"
    );
    assert!(!err.contains("/ok"), "{err}");
    assert!(!err.contains("/flaky"), "a retry got through: {err}");
    assert!(!err.contains("/wait/"), "{err}");
    assert!(stdout(&out).contains("2 errors"), "{}", stdout(&out));
    assert!(took < Duration::from_secs(10), "took {took:?}");

    let hits = server.hits.lock().unwrap();
    assert_eq!(hits.get("/ok"), Some(&1), "each URL once per run: {hits:?}");
    assert_eq!(hits.get("/missing"), Some(&1), "a 404 is not retried");
    assert_eq!(hits.get("/flaky"), Some(&2), "a 503 is retried");
    assert_eq!(hits.get("/slow"), Some(&2), "a timeout is retried");
    let max = server.max_waiting.lock().unwrap().1;
    assert!(max <= 2, "at most 2 requests at once per host, saw {max}");
}
