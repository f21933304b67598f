//! Hosts on 127.0.0.1 for tests of `check --external` (tests/check_external.rs): a mock
//! that answers each path as real hosts do (200, 301, 403, 404, 410, 405 to HEAD, 429
//! with Retry-After always or once, 503 once, slowly or at once) and logs every request with its
//! method, time and User-Agent and how many were in flight at once; a host that accepts
//! connections and never answers; an address where nothing listens. Plain std, one
//! thread per connection, `Connection: close`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// One request the mock got.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub at: Instant,
    pub user_agent: String,
}

#[derive(Debug, Default)]
pub struct Log {
    pub requests: Vec<Seen>,
    pub in_flight: usize,
    /// The most requests it was answering at one time.
    pub most_in_flight: usize,
}

/// The mock host: its port and what it was asked.
pub struct Mock {
    pub port: u16,
    pub log: Arc<Mutex<Log>>,
}

impl Mock {
    pub fn start() -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Log::default()));
        let shared = Arc::clone(&log);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&shared);
                thread::spawn(move || serve(stream, &log));
            }
        });
        Mock { port, log }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests for `path`, in the order they came.
    pub fn asked(&self, path: &str) -> Vec<Seen> {
        let log = self.log.lock().unwrap();
        log.requests
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    pub fn methods(&self, path: &str) -> Vec<String> {
        self.asked(path).into_iter().map(|r| r.method).collect()
    }

    /// The time between the first two requests for `path`.
    pub fn gap(&self, path: &str) -> Duration {
        let asked = self.asked(path);
        assert!(asked.len() >= 2, "{path} asked twice: {asked:?}");
        asked[1].at - asked[0].at
    }
}

/// Answers one request (the connection is closed after it), as its path says.
fn serve(stream: TcpStream, log: &Mutex<Log>) {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut reader = BufReader::new(&stream);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push(line.trim_end().to_string());
    }
    let mut words = head.first().map(|l| l.split(' ')).into_iter().flatten();
    let method = words.next().unwrap_or_default().to_string();
    let path = words.next().unwrap_or_default().to_string();
    let user_agent = head
        .iter()
        .find_map(|h| {
            h.strip_prefix("user-agent: ")
                .or(h.strip_prefix("User-Agent: "))
        })
        .unwrap_or_default()
        .to_string();
    if method.is_empty() {
        return; // a connection closed before it asked anything
    }
    let nth = {
        let mut log = log.lock().unwrap();
        log.in_flight += 1;
        log.most_in_flight = log.most_in_flight.max(log.in_flight);
        let seen = Seen {
            method: method.clone(),
            path: path.clone(),
            at: Instant::now(),
            user_agent,
        };
        log.requests.push(seen);
        log.requests.iter().filter(|r| r.path == path).count()
    };
    let (status, extra, body) = answer(&method, &path, nth);
    log.lock().unwrap().in_flight -= 1;
    let (kind, body) = match body {
        Some(html) => ("text/html; charset=utf-8", html),
        None => ("text/plain", "fine".to_string()),
    };
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    if method != "HEAD" {
        out.push_str(&body);
    }
    let _ = (&stream).write_all(out.as_bytes());
}

/// Status line, extra headers and an HTML body for the `nth` request for `path`.
fn answer(method: &str, path: &str, nth: usize) -> (&'static str, String, Option<String>) {
    let page = "<!doctype html><title>Page</title><h2 id=\"here\">Here</h2>".to_string();
    let ok = ("200 OK", String::new(), None);
    match path {
        "/ok" | "/new" => ok,
        "/page" => ("200 OK", String::new(), Some(page)),
        "/moved" => ("301 Moved Permanently", "Location: /new\r\n".into(), None),
        "/forbidden" => ("403 Forbidden", String::new(), None),
        "/gone" => ("410 Gone", String::new(), None),
        "/busy" => ("429 Too Many Requests", "Retry-After: 1\r\n".into(), None),
        "/busy-once" if nth == 1 => ("429 Too Many Requests", "Retry-After: 1\r\n".into(), None),
        "/unavailable-once" if nth == 1 => ("503 Service Unavailable", String::new(), None),
        "/busy-once" | "/unavailable-once" => ok,
        "/head-refused" if method == "HEAD" => ("405 Method Not Allowed", String::new(), None),
        "/head-refused" => ok,
        p if p.starts_with("/fast/") => ok,
        p if p.starts_with("/wait/") => {
            thread::sleep(Duration::from_millis(300));
            ok
        }
        _ => ("404 Not Found", String::new(), None),
    }
}

/// A host that accepts connections and never answers; the count of connections.
pub fn silent_host() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (base, count)
}

/// An address where nothing listens.
pub fn refusing_host() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port())
}

/// The real binary, for requests to these hosts: no proxy from the environment, and
/// run as outside CI (no `GITHUB_ACTIONS`, `GITHUB_WORKSPACE` or `CI`), so that what
/// it prints does not depend on where the tests run.
pub fn roadsmith_on_loopback() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_roadsmith"));
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "GITHUB_ACTIONS",
        "GITHUB_WORKSPACE",
        "CI",
    ] {
        cmd.env_remove(var);
    }
    cmd.timeout(Duration::from_secs(60));
    cmd
}
