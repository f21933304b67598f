//! The line a terminal shows while external links are checked: how many URLs of how
//! many are done, how long it has taken, and the hosts still being asked. Redrawn as
//! answers come and every half second (so a host that hangs shows the time passing);
//! cleared at the end. Off when standard error is not a terminal or in CI.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::Target;

/// Hosts by name: URLs done, URLs in all.
type Hosts = BTreeMap<String, (usize, usize)>;

struct Counts {
    done: usize,
    total: usize,
    hosts: Hosts,
    finished: bool,
    drawn: bool,
}

pub(super) struct Progress {
    enabled: bool,
    started: Instant,
    counts: Mutex<Counts>,
    changed: Condvar,
}

impl Progress {
    pub fn new(targets: &[Target], enabled: bool) -> Progress {
        let mut hosts = Hosts::new();
        for t in targets {
            hosts.entry(t.host.clone()).or_default().1 += 1;
        }
        Progress {
            enabled,
            started: Instant::now(),
            counts: Mutex::new(Counts {
                done: 0,
                total: targets.len(),
                hosts,
                finished: false,
                drawn: false,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One more URL of `host` answered (or given up).
    pub fn done(&self, host: &str) {
        let mut counts = self.lock();
        counts.done += 1;
        if let Some(h) = counts.hosts.get_mut(host) {
            h.0 += 1;
        }
        self.draw(&mut counts);
    }

    /// Redraws every half second until [`Progress::finish`].
    pub fn tick_until_done(&self) {
        if !self.enabled {
            return;
        }
        let mut counts = self.lock();
        while !counts.finished {
            self.draw(&mut counts);
            counts = self
                .changed
                .wait_timeout(counts, Duration::from_millis(500))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Clears the line, for the report that follows.
    pub fn finish(&self) {
        let mut counts = self.lock();
        counts.finished = true;
        if counts.drawn {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
        self.changed.notify_all();
    }

    fn draw(&self, counts: &mut Counts) {
        if !self.enabled || counts.finished {
            return;
        }
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<usize>().ok())
            .unwrap_or(80);
        let text = line(
            counts.done,
            counts.total,
            &counts.hosts,
            self.started.elapsed(),
            width,
        );
        eprint!("\r\x1b[2K{text}");
        let _ = std::io::stderr().flush();
        counts.drawn = true;
    }
}

/// `external links: 12 of 40 URLs (8 s) · docs.example.org 5/10 · github.com 3/8`: the
/// hosts with URLs left, those with most left first, cut to `width` characters.
fn line(done: usize, total: usize, hosts: &Hosts, elapsed: Duration, width: usize) -> String {
    let mut left: Vec<(&String, &(usize, usize))> =
        hosts.iter().filter(|(_, (d, t))| d < t).collect();
    left.sort_by_key(|(name, (d, t))| (std::cmp::Reverse(t - d), *name));
    let mut text = format!(
        "external links: {done} of {total} URLs ({} s)",
        elapsed.as_secs()
    );
    for (name, (d, t)) in left {
        text.push_str(&format!(" · {name} {d}/{t}"));
    }
    let width = width.saturating_sub(1).max(20);
    if text.chars().count() > width {
        text = text.chars().take(width - 1).collect();
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_urls_and_names_the_hosts_with_most_left_first() {
        let hosts: Hosts = [
            ("a.org".to_string(), (1, 2)),
            ("b.org".to_string(), (0, 5)),
            ("done.org".to_string(), (3, 3)),
        ]
        .into();
        let text = line(4, 10, &hosts, Duration::from_secs(7), 100);
        assert_eq!(
            text,
            "external links: 4 of 10 URLs (7 s) · b.org 0/5 · a.org 1/2"
        );
        let cut = line(4, 10, &hosts, Duration::from_secs(7), 30);
        assert_eq!(cut.chars().count(), 29);
        assert!(cut.ends_with('…'));
    }
}
