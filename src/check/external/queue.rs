//! When each external request may go out, so that hosts are asked politely: at most
//! `per_host` requests in flight to one host, the starts of two requests to one host at
//! least `interval` apart, a host that asked to wait (429, `Retry-After`) left alone
//! until then, a retry not before its back-off, and nothing started after the deadline.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// A request to make: the page (an index into the caller's list), its host, and the
/// tries made so far.
#[derive(Debug, Clone)]
pub(super) struct Job {
    pub target: usize,
    pub host: String,
    pub attempt: u32,
    not_before: Instant,
}

impl Job {
    pub fn new(target: usize, host: String) -> Job {
        Job {
            target,
            host,
            attempt: 0,
            not_before: Instant::now(),
        }
    }
}

#[derive(Debug, Default)]
struct Host {
    in_flight: usize,
    /// No request to the host starts before this.
    next_start: Option<Instant>,
}

#[derive(Debug, Default)]
struct State {
    pending: Vec<Job>,
    hosts: HashMap<String, Host>,
    /// Jobs handed out and not finished; they may come back as retries.
    running: usize,
    /// Jobs the deadline came before.
    expired: Vec<Job>,
}

pub(super) struct Queue {
    state: Mutex<State>,
    changed: Condvar,
    per_host: usize,
    interval: Duration,
    deadline: Instant,
}

impl Queue {
    pub fn new(jobs: Vec<Job>, per_host: usize, interval: Duration, deadline: Instant) -> Queue {
        Queue {
            state: Mutex::new(State {
                pending: jobs,
                ..State::default()
            }),
            changed: Condvar::new(),
            per_host: per_host.max(1),
            interval,
            deadline,
        }
    }

    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next job that may start now, waiting until one may; `None` when nothing is
    /// left to start (all done, or the deadline passed: see [`Queue::expired`]).
    pub fn next(&self) -> Option<Job> {
        let mut state = self.lock();
        loop {
            let now = Instant::now();
            if now >= self.deadline {
                let left = std::mem::take(&mut state.pending);
                state.expired.extend(left);
                return None;
            }
            if state.pending.is_empty() {
                if state.running == 0 {
                    return None;
                }
                state = self.wait(state, self.deadline - now);
                continue;
            }
            let (ready, soonest) = self.ready(&state, now);
            if let Some(i) = ready {
                let job = state.pending.remove(i);
                let host = state.hosts.entry(job.host.clone()).or_default();
                host.in_flight += 1;
                host.next_start = Some(now + self.interval);
                state.running += 1;
                return Some(job);
            }
            let until = soonest.unwrap_or(self.deadline).min(self.deadline);
            state = self.wait(state, until.saturating_duration_since(now));
        }
    }

    /// The first pending job that may start at `now`, else when the soonest may.
    fn ready(&self, state: &State, now: Instant) -> (Option<usize>, Option<Instant>) {
        let mut soonest: Option<Instant> = None;
        for (i, job) in state.pending.iter().enumerate() {
            let host = state.hosts.get(&job.host);
            if host.is_some_and(|h| h.in_flight >= self.per_host) {
                continue;
            }
            let at = host
                .and_then(|h| h.next_start)
                .map_or(job.not_before, |s| s.max(job.not_before));
            if at <= now {
                return (Some(i), None);
            }
            soonest = Some(soonest.map_or(at, |s| s.min(at)));
        }
        (None, soonest)
    }

    fn wait<'a>(&self, state: MutexGuard<'a, State>, up_to: Duration) -> MutexGuard<'a, State> {
        // A little past the instant waited for, so that it has come when woken.
        let up_to = up_to + Duration::from_millis(1);
        self.changed
            .wait_timeout(state, up_to)
            .unwrap_or_else(PoisonError::into_inner)
            .0
    }

    /// Ends a job handed out by [`Queue::next`]. With `again`, the job is tried again
    /// after that wait; it comes back as `Err` when that would be past the deadline.
    /// With `pause`, nothing goes to its host for that long (the host asked).
    pub fn finish(
        &self,
        job: Job,
        again: Option<Duration>,
        pause: Option<Duration>,
    ) -> Result<(), Job> {
        let mut state = self.lock();
        let now = Instant::now();
        let host = state.hosts.entry(job.host.clone()).or_default();
        host.in_flight = host.in_flight.saturating_sub(1);
        if let Some(pause) = pause {
            let until = now + pause;
            host.next_start = Some(host.next_start.map_or(until, |s| s.max(until)));
        }
        let mut refused = None;
        match again.map(|wait| now + wait) {
            Some(at) if at < self.deadline => state.pending.push(Job {
                attempt: job.attempt + 1,
                not_before: at,
                ..job
            }),
            Some(_) => refused = Some(job),
            None => {}
        }
        state.running -= 1;
        self.changed.notify_all();
        refused.map_or(Ok(()), Err)
    }

    /// The jobs that were still waiting when the deadline came.
    pub fn expired(&self) -> Vec<Job> {
        std::mem::take(&mut self.lock().expired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jobs(hosts: &[&str]) -> Vec<Job> {
        hosts
            .iter()
            .enumerate()
            .map(|(i, h)| Job::new(i, h.to_string()))
            .collect()
    }

    #[test]
    fn a_busy_host_waits_while_another_goes_ahead() {
        let far = Instant::now() + Duration::from_secs(60);
        let queue = Queue::new(jobs(&["a", "a", "b"]), 1, Duration::ZERO, far);
        let first = queue.next().unwrap();
        assert_eq!(first.host, "a");
        assert_eq!(queue.next().unwrap().host, "b", "a is at its limit");
        queue.finish(first, None, None).unwrap();
        assert_eq!(queue.next().unwrap().host, "a");
    }

    #[test]
    fn starts_to_one_host_are_spaced_and_a_host_that_asked_is_left_alone() {
        let far = Instant::now() + Duration::from_secs(60);
        let gap = Duration::from_millis(50);
        let queue = Queue::new(jobs(&["a", "a"]), 2, gap, far);
        let started = Instant::now();
        let one = queue.next().unwrap();
        let _two = queue.next().unwrap();
        assert!(started.elapsed() >= gap);
        let wait = Duration::from_millis(150);
        queue.finish(one, Some(wait), Some(wait)).unwrap();
        let again = queue.next().unwrap();
        assert_eq!(again.attempt, 1);
        assert!(started.elapsed() >= Duration::from_millis(150));
    }

    #[test]
    fn nothing_starts_after_the_deadline() {
        let soon = Instant::now() + Duration::from_millis(30);
        let queue = Queue::new(jobs(&["a", "a"]), 1, Duration::ZERO, soon);
        let one = queue.next().unwrap();
        assert!(queue.next().is_none(), "a is busy until the deadline");
        assert_eq!(queue.expired().len(), 1);
        assert!(
            queue
                .finish(one, Some(Duration::from_secs(1)), None)
                .is_err()
        );
    }
}
