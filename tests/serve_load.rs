//! `roadsmith serve` under a bounded load: concurrent HTTP clients (keep-alive
//! connections) and live-reload sockets while edits trigger rebuilds. Every response
//! must be a whole page, no socket may drop, and every tab must hear of the last rebuild.
//! `bench/load.py` is the unbounded version, with figures.
#![cfg(feature = "serve")]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::http;
use common::serve::{FIXTURE, Live, Server, wait_until};

const CLIENTS: usize = 20;
/// Each client makes at least this many requests, and goes on until the edits are done.
const REQUESTS: usize = 100;
const TABS: usize = 10;
const EDITS: usize = 5;
const PATHS: [&str; 4] = ["/", "/stages/orm/", "/style.css", "/roadmap.json"];
/// Generous bound for a loaded machine; never reached when all is well.
const PATIENCE: Duration = http::PATIENCE;

#[test]
fn concurrent_clients_during_rebuilds_get_whole_responses_and_every_tab_hears_the_last_rebuild() {
    let server = Server::start();
    let port = server.port;
    let css = std::fs::read(format!("{FIXTURE}/themes/default/static/style.css")).unwrap();
    // Generation of the last rebuild, once the edits are done; 0 before.
    let last = Arc::new(AtomicU64::new(0));
    let edits_done = Arc::new(AtomicBool::new(false));

    let tabs: Vec<_> = (0..TABS)
        .map(|_| {
            let live = server.live_socket();
            let last = Arc::clone(&last);
            std::thread::spawn(move || listen(live, &last))
        })
        .collect();

    // Each client a thread with its own agent, whose keep-alive connections it reuses.
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (css, done) = (css.clone(), Arc::clone(&edits_done));
            std::thread::spawn(move || {
                let agent = http::agent();
                let mut failures = Vec::new();
                let mut made = 0;
                while made < REQUESTS || (!done.load(Ordering::SeqCst) && made < 50 * REQUESTS) {
                    let path = PATHS[(i + made) % PATHS.len()];
                    if let Err(why) = fetch(&agent, port, path, &css) {
                        failures.push(format!("{path}: {why}"));
                    }
                    made += 1;
                }
                (made, failures)
            })
        })
        .collect();

    // Edits while the clients run, each waited for until it is served.
    let mut text = "Original ORM text.".to_string();
    for n in 1..=EDITS {
        let next = format!("ORM text, edit {n}.");
        server.edit("content/02-orm.md", &text, &next);
        wait_until(&format!("edit {n} to be served"), || {
            server.get("/stages/orm/").body.contains(&next)
        });
        text = next;
    }
    let page = server.get("/stages/orm/").body;
    let generation = generation_in(&page).expect("the page carries its generation");
    assert!(
        generation > EDITS as u64,
        "each edit was a rebuild: {generation}"
    );
    last.store(generation, Ordering::SeqCst);
    edits_done.store(true, Ordering::SeqCst);

    let mut requests = 0;
    let mut failures = Vec::new();
    for handle in clients {
        let (made, failed) = handle.join().unwrap();
        requests += made;
        failures.extend(failed);
    }
    assert!(requests >= CLIENTS * REQUESTS);
    assert!(
        failures.is_empty(),
        "{} of {requests} requests failed, e.g. {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    for (i, tab) in tabs.into_iter().enumerate() {
        let seen = tab.join().unwrap();
        assert_eq!(
            seen,
            Ok(generation),
            "tab {i} did not hear of the last rebuild"
        );
    }
    assert!(
        !server.stderr().contains("Rebuild"),
        "a rebuild failed: {}",
        server.stderr()
    );
}

/// One GET on a keep-alive connection: a 200 with the whole body.
fn fetch(agent: &ureq::Agent, port: u16, path: &str, css: &[u8]) -> Result<(), String> {
    let url = format!("http://127.0.0.1:{port}{path}");
    let response = http::request(agent, &url, &[]).map_err(|e| format!("request failed: {e}"))?;
    if response.status != 200 {
        return Err(format!("status {}", response.status));
    }
    let body = response.body.as_bytes();
    let length = response
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok());
    if length.is_some_and(|n| n != body.len()) {
        return Err(format!("{} bytes of {length:?}", body.len()));
    }
    let whole = match path {
        "/style.css" => body == css,
        "/roadmap.json" => serde_json::from_slice::<serde_json::Value>(body)
            .is_ok_and(|v| v["stages"].as_array().is_some_and(|s| s.len() == 3)),
        _ => {
            let html = &response.body;
            html.contains("data-roadsmith-live") && html.trim_end().ends_with("</html>")
        }
    };
    if whole {
        Ok(())
    } else {
        Err(format!("incomplete body ({} bytes)", body.len()))
    }
}

/// Reads a tab's states until one is the last rebuild's (or later); `Err` if the
/// socket drops, a state carries an error, or it never comes.
fn listen(mut live: Live, last: &AtomicU64) -> Result<u64, String> {
    let deadline = Instant::now() + PATIENCE;
    live.0
        .get_mut()
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut seen = 0;
    loop {
        match live.0.read() {
            Ok(tungstenite::Message::Text(text)) => {
                let state: serde_json::Value = serde_json::from_str(&text).unwrap();
                if !state["error"].is_null() {
                    return Err(format!("a state with an error: {state}"));
                }
                seen = seen.max(state["generation"].as_u64().unwrap_or(0));
            }
            Ok(tungstenite::Message::Close(_)) => return Err("the server closed it".into()),
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => return Err(format!("dropped: {e}")),
        }
        // The last state may have come before the last generation was known.
        let target = last.load(Ordering::SeqCst);
        if target > 0 && seen >= target {
            return Ok(seen);
        }
        if Instant::now() > deadline {
            return Err("no state of the last rebuild".into());
        }
    }
}

/// The `"generation":N` the live-reload script of a served page carries.
fn generation_in(html: &str) -> Option<u64> {
    let rest = &html[html.find("\"generation\":")? + "\"generation\":".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}
