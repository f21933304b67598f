//! External (http and https) links: requested concurrently, each URL once per run, with
//! a timeout, a limit of simultaneous requests per host, and retries for what may pass
//! on a second try (timeouts, connection errors, 429 and 5xx answers).

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Longest wait for one request, connection to last byte of the headers.
    pub timeout: Duration,
    /// Further attempts after a failure that may be passing.
    pub retries: u32,
    /// Requests in flight at once to one host, to be polite.
    pub per_host: usize,
    /// Requests in flight at once in all.
    pub workers: usize,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            retries: 2,
            per_host: 2,
            workers: 8,
        }
    }
}

/// The URL to request for a link as written, without its `#fragment`; `None` when the
/// link is not http(s).
pub fn checkable(url: &str) -> Option<String> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    Some(url.split('#').next().unwrap_or(url).to_string())
}

/// What requests to one host are counted by: `example.com:8080`, or the URL itself
/// when it has no host to read.
fn host_of(url: &str) -> String {
    crate::url::authority(url).unwrap_or_else(|| url.to_string())
}

/// Requests every URL (duplicates once) and returns, per URL, the final HTTP status or why it failed.
pub fn check_urls(
    urls: &[String],
    options: &ExternalOptions,
) -> HashMap<String, Result<u16, String>> {
    let mut unique: Vec<String> = urls.to_vec();
    unique.sort();
    unique.dedup();
    if unique.is_empty() {
        return HashMap::new();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(options.timeout))
        .user_agent(concat!(
            "roadsmith/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let queue = Queue {
        state: Mutex::new(QueueState {
            pending: unique.iter().cloned().collect(),
            in_flight: HashMap::new(),
        }),
        changed: Condvar::new(),
        per_host: options.per_host.max(1),
    };
    let results = Mutex::new(HashMap::new());
    let workers = options.workers.clamp(1, unique.len());
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some((url, host)) = queue.next() {
                    let result = request(&agent, &url, options);
                    queue.done(&host);
                    results
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(url, result);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// One URL, with retries.
fn request(agent: &ureq::Agent, url: &str, options: &ExternalOptions) -> Result<u16, String> {
    let mut why = String::new();
    for attempt in 0..=options.retries {
        if attempt > 0 {
            thread::sleep(Duration::from_millis(200 << (attempt - 1).min(4)));
        }
        match agent.get(url).call() {
            Ok(response) => {
                let status = response.status();
                let code = status.as_u16();
                if code < 400 {
                    return Ok(code);
                }
                why = format!(
                    "HTTP {code}{}",
                    status
                        .canonical_reason()
                        .map(|r| format!(" {r}"))
                        .unwrap_or_default()
                );
                if !(code == 429 || code >= 500) {
                    break;
                }
            }
            Err(ureq::Error::Timeout(_)) => {
                why = format!(
                    "no answer within {} s (timed out)",
                    options.timeout.as_secs_f64()
                );
            }
            Err(e) => why = e.to_string(),
        }
    }
    if options.retries > 0 && !why.starts_with("HTTP 4") {
        why.push_str(&format!(
            " (tried {} times)",
            options.retries.saturating_add(1)
        ));
    }
    Err(why)
}

/// URLs waiting to be requested, and how many requests each host has in flight.
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
    per_host: usize,
}

struct QueueState {
    pending: VecDeque<String>,
    in_flight: HashMap<String, usize>,
}

impl Queue {
    /// The next URL whose host is below its limit, waiting while all are busy;
    /// `None` when nothing is left to request.
    fn next(&self) -> Option<(String, String)> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if state.pending.is_empty() {
                return None;
            }
            let free = state.pending.iter().position(|url| {
                state.in_flight.get(&host_of(url)).copied().unwrap_or(0) < self.per_host
            });
            if let Some(url) = free.and_then(|i| state.pending.remove(i)) {
                let host = host_of(&url);
                *state.in_flight.entry(host.clone()).or_default() += 1;
                return Some((url, host));
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn done(&self, host: &str) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = state.in_flight.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_are_checked() {
        assert_eq!(
            checkable("https://a.b/c#d").as_deref(),
            Some("https://a.b/c")
        );
        assert_eq!(checkable("HTTP://a.b").as_deref(), Some("HTTP://a.b"));
        assert_eq!(checkable("mailto:x@y.z"), None);
        assert_eq!(checkable("04-orm.md"), None);
        assert_eq!(host_of("https://Example.com:8080/x?y"), "example.com:8080");
    }
}
