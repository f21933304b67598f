//! The workers of one external check: each takes the next request the queue allows,
//! tries the page, and puts it back for another try or keeps its answer; a try that
//! would end past the deadline is shortened to it. Pages the deadline came before are
//! unverified, and so are links to hosts DNS cannot find when no host could be found
//! (a machine offline).

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};
use std::thread;
use std::time::Instant;

use super::http::{self, Page, Tried, Try};
use super::progress::Progress;
use super::queue::{Job, Queue};
use super::{ExternalOptions, Outcome, Target};

/// Requests every target and returns the answer for each, in the same order.
pub(super) fn run(targets: &[Target], options: &ExternalOptions) -> Vec<Page> {
    if targets.is_empty() {
        return Vec::new();
    }
    let jobs = targets
        .iter()
        .enumerate()
        .map(|(i, t)| Job::new(i, t.host.clone()))
        .collect();
    let deadline = Instant::now() + options.max_time;
    let queue = Queue::new(jobs, options.per_host, options.interval, deadline);
    let agent = http::agent();
    let progress = Progress::new(targets, options.progress);
    let pages: Mutex<Vec<Option<Page>>> = Mutex::new(vec![None; targets.len()]);
    let keep = |job: &Job, page: Page| {
        progress.done(&job.host);
        pages.lock().unwrap_or_else(PoisonError::into_inner)[job.target] = Some(page);
    };
    thread::scope(|scope| {
        let ticker = scope.spawn(|| progress.tick_until_done());
        let workers: Vec<_> = (0..options.workers.clamp(1, targets.len()))
            .map(|_| scope.spawn(|| work(&queue, &agent, targets, options, &keep)))
            .collect();
        for worker in workers {
            let _ = worker.join();
        }
        progress.finish();
        let _ = ticker.join();
    });
    let out_of_time = format!(
        "not checked: the time for the whole check (--max-time {}) ran out first",
        http::seconds(options.max_time)
    );
    for job in queue.expired() {
        keep(&job, unverified(out_of_time.clone()));
    }
    let mut pages: Vec<Page> = pages
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .into_iter()
        .map(|page| page.unwrap_or_else(|| unverified(out_of_time.clone())))
        .collect();
    offline_is_not_broken(targets, &mut pages);
    pages
}

/// One worker's loop.
fn work(
    queue: &Queue,
    agent: &ureq::Agent,
    targets: &[Target],
    options: &ExternalOptions,
    keep: &(impl Fn(&Job, Page) + Sync),
) {
    while let Some(job) = queue.next() {
        let target = &targets[job.target];
        let left = queue.deadline().saturating_duration_since(Instant::now());
        let tried = http::try_page(
            agent,
            &Try {
                url: &target.url,
                want_ids: !target.anchors.is_empty(),
                timeout: options.timeout.min(left),
                attempt: job.attempt,
                max_retry_wait: options.max_retry_wait,
            },
        );
        match tried {
            Tried::Done(page) => {
                let _ = queue.finish(job.clone(), None, None);
                keep(&job, page);
            }
            Tried::Again {
                wait,
                why,
                host_asked,
            } => {
                let tries = times(job.attempt + 1);
                let again = (job.attempt < options.retries).then_some(wait);
                let pause = host_asked.then_some(wait);
                let refused = queue.finish(job.clone(), again, pause);
                let gave_up = match (again, refused) {
                    (None, _) => format!("{why} (tried {tries})"),
                    (Some(_), Err(_)) => {
                        format!("{why} (tried {tries}; the next try would start past --max-time)")
                    }
                    (Some(_), Ok(())) => continue,
                };
                keep(&job, unverified(gave_up));
            }
        }
    }
}

fn times(n: u32) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

fn unverified(why: String) -> Page {
    Page::new(Outcome::Unverified(why))
}

/// Hosts that all fail DNS say more about this machine (offline, no resolver) than about
/// the links: then their links are unverified, not broken. From this many hosts on.
const OFFLINE_HOSTS: usize = 3;

fn offline_is_not_broken(targets: &[Target], pages: &mut [Page]) {
    let hosts: HashSet<&str> = targets.iter().map(|t| t.host.as_str()).collect();
    if hosts.len() < OFFLINE_HOSTS || !pages.iter().all(|p| p.no_such_host) {
        return;
    }
    for page in pages {
        if let Outcome::Broken(why) = &page.outcome {
            page.outcome = Outcome::Unverified(format!(
                "{why}; no host of any link was found, so this machine may be offline"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(host: &str) -> Target {
        Target {
            url: format!("https://{host}/"),
            host: host.to_string(),
            anchors: Default::default(),
            bare: true,
        }
    }

    fn no_host() -> Page {
        Page {
            no_such_host: true,
            ..Page::new(Outcome::Broken("no such host (DNS)".into()))
        }
    }

    #[test]
    fn when_no_host_at_all_is_found_the_machine_is_offline_not_the_links_broken() {
        let targets = ["a.org", "b.org", "c.org"].map(target);
        let mut pages = vec![no_host(), no_host(), no_host()];
        offline_is_not_broken(&targets, &mut pages);
        assert!(
            pages
                .iter()
                .all(|p| matches!(&p.outcome, Outcome::Unverified(why) if why.contains("offline")))
        );

        let mut pages = vec![
            no_host(),
            no_host(),
            Page::new(Outcome::Fine { moved_to: None }),
        ];
        offline_is_not_broken(&targets, &mut pages);
        assert!(
            matches!(pages[0].outcome, Outcome::Broken(_)),
            "one host answered"
        );

        let mut pages = vec![no_host(), no_host()];
        offline_is_not_broken(&targets[..2], &mut pages);
        assert!(
            matches!(pages[0].outcome, Outcome::Broken(_)),
            "two hosts may both be gone"
        );
    }
}
