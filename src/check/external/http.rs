//! One try at one external page, and what its answer means. HEAD first; GET where the
//! host refuses HEAD (or answers it with an error, which GET then confirms) and where
//! anchors are to be looked for in the page. Redirects are followed here, one hop at a
//! time, so that a permanent one (301, 308) is seen and its new address reported.

use std::collections::HashSet;
use std::io;
use std::time::{Duration, Instant, SystemTime};

use ureq::http::Response;

use super::{Link, Outcome, anchors};

/// Hops followed before a redirect chain counts as broken.
const MAX_REDIRECTS: usize = 10;
/// The most of a page read to look for anchors.
const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

/// How roadsmith introduces itself to hosts, so that their owners know what asks.
pub(super) const USER_AGENT: &str = concat!(
    "roadsmith/",
    env!("CARGO_PKG_VERSION"),
    " (link checker; +",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// The client every request goes through: any status is an answer, redirects are
/// followed by [`follow`], proxies come from the environment.
pub(super) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(USER_AGENT)
        .build()
        .into()
}

/// The answer for one page.
#[derive(Debug, Clone)]
pub(super) struct Page {
    pub outcome: Outcome,
    /// The anchors of the page, when it was fetched whole and is HTML.
    pub ids: Option<HashSet<String>>,
    /// Its host's name was not found (DNS).
    pub no_such_host: bool,
}

impl Page {
    pub fn new(outcome: Outcome) -> Page {
        Page {
            outcome,
            ids: None,
            no_such_host: false,
        }
    }

    /// The outcome of `link` to this page: the page's, or broken when the page loaded
    /// but lacks the anchor the link points at.
    pub fn outcome_of(&self, link: &Link) -> Outcome {
        match (&self.outcome, &link.fragment, &self.ids) {
            (Outcome::Fine { .. }, Some(fragment), Some(ids)) if !anchors::has(ids, fragment) => {
                Outcome::Broken(format!("the page loaded, but has no anchor #{fragment}"))
            }
            (outcome, _, _) => outcome.clone(),
        }
    }
}

/// What one try came to.
#[derive(Debug)]
pub(super) enum Tried {
    Done(Page),
    /// Worth another try after `wait`; `why` is what to report when no try is left.
    /// `host_asked`: the host asked for the wait (429, `Retry-After`), so no request
    /// goes to it until then.
    Again {
        wait: Duration,
        why: String,
        host_asked: bool,
    },
}

/// What one try may take and what it does with a host's wishes.
pub(super) struct Try<'a> {
    pub url: &'a str,
    /// Fetch the page whole and read its anchors.
    pub want_ids: bool,
    pub timeout: Duration,
    /// Tries made before this one (0 for the first).
    pub attempt: u32,
    pub max_retry_wait: Duration,
}

/// One try at a page: HEAD (or GET for anchors), GET again where HEAD is refused.
pub(super) fn try_page(agent: &ureq::Agent, t: &Try) -> Tried {
    let until = Instant::now() + t.timeout;
    let mut answer = follow(agent, !t.want_ids, t.url, until);
    if !t.want_ids
        && let Ok(a) = &answer
        && refuses_head(a.status)
    {
        answer = follow(agent, false, t.url, until);
    }
    match answer {
        Ok(answer) => sort_answer(answer, t),
        Err(failed) => sort_failure(failed, t),
    }
}

/// Whether a HEAD answer is to be confirmed with GET: a client error (which includes
/// 405 Method Not Allowed, and what hosts that mishandle HEAD answer) or 501 Not
/// Implemented. Not 429 and 5xx: those mean "later", not "not like this".
fn refuses_head(status: u16) -> bool {
    ((400..500).contains(&status) && status != 408 && status != 429) || status == 501
}

/// A final answer, after redirects.
struct Answer {
    status: u16,
    response: Response<ureq::Body>,
    /// Where permanent redirects from the first URL led, when they did.
    moved_to: Option<String>,
}

/// Why no answer came.
enum Failed {
    Request(ureq::Error),
    /// The redirects led nowhere (too many of them, an unreadable `Location`).
    Redirect(String),
    /// The try's time ran out between hops.
    OutOfTime,
}

/// Requests `url` (HEAD when `head`), following redirects up to [`MAX_REDIRECTS`].
fn follow(agent: &ureq::Agent, head: bool, url: &str, until: Instant) -> Result<Answer, Failed> {
    let mut current = url.to_string();
    let mut moved_to = None;
    let mut permanent = true;
    for _ in 0..=MAX_REDIRECTS {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failed::OutOfTime);
        }
        let request = if head {
            agent.head(&current)
        } else {
            agent.get(&current)
        };
        let response = request
            .config()
            .timeout_global(Some(left))
            .build()
            .call()
            .map_err(Failed::Request)?;
        let status = response.status().as_u16();
        let location = header(&response, "location");
        let (true, Some(location)) = ((300..400).contains(&status) && status != 304, location)
        else {
            return Ok(Answer {
                status,
                response,
                moved_to,
            });
        };
        let next = url::Url::parse(&current)
            .and_then(|base| base.join(&location))
            .map_err(|_| Failed::Redirect(format!("redirects to \"{location}\", no address")))?;
        permanent &= status == 301 || status == 308;
        if permanent {
            moved_to = Some(next.to_string()).filter(|to| to != url);
        }
        current = next.into();
    }
    Err(Failed::Redirect(format!(
        "more than {MAX_REDIRECTS} redirects"
    )))
}

fn header(response: &Response<ureq::Body>, name: &str) -> Option<String> {
    let value = response.headers().get(name)?;
    Some(String::from_utf8_lossy(value.as_bytes()).trim().to_string())
}

/// What an answer means: fine, broken, unverified, or worth another try.
fn sort_answer(mut answer: Answer, t: &Try) -> Tried {
    let status = answer.status;
    let reason = answer
        .response
        .status()
        .canonical_reason()
        .map(|r| format!(" {r}"))
        .unwrap_or_default();
    let why = format!("HTTP {status}{reason}");
    let done = |outcome| Tried::Done(Page::new(outcome));
    match status {
        200..=299 => Tried::Done(Page {
            ids: t.want_ids.then(|| read_ids(&mut answer.response)).flatten(),
            ..Page::new(Outcome::Fine {
                moved_to: answer.moved_to.take(),
            })
        }),
        408 | 429 | 500..=599 => {
            let asked = retry_after(&answer.response);
            match asked {
                Some(wait) if wait > t.max_retry_wait => done(Outcome::Unverified(format!(
                    "{why}; the host asks to wait {}, longer than --max-retry-wait ({})",
                    seconds(wait),
                    seconds(t.max_retry_wait)
                ))),
                _ => Tried::Again {
                    wait: asked.unwrap_or_else(|| backoff(t.attempt)),
                    why,
                    host_asked: status == 429 || asked.is_some(),
                },
            }
        }
        300..=399 => done(Outcome::Unverified(format!(
            "{why}, and no address to follow"
        ))),
        401 | 403 | 407 | 425 | 451 => done(Outcome::Unverified(why)),
        400..=499 => done(Outcome::Broken(why)),
        _ => done(Outcome::Unverified(why)),
    }
}

/// The anchors of an HTML page; `None` when it is not HTML or could not be read.
fn read_ids(response: &mut Response<ureq::Body>) -> Option<HashSet<String>> {
    let mime = response.body().mime_type()?;
    if mime != "text/html" && mime != "application/xhtml+xml" {
        return None;
    }
    let html = response
        .body_mut()
        .with_config()
        .limit(MAX_PAGE_BYTES)
        .lossy_utf8(true)
        .read_to_string()
        .ok()?;
    Some(anchors::ids(&html))
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(response: &Response<ureq::Body>) -> Option<Duration> {
    let value = header(response, "retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(&value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// `20 s`, `0.5 s`: a duration as the flags give it.
pub(super) fn seconds(d: Duration) -> String {
    let s = (d.as_secs_f64() * 10.0).round() / 10.0;
    format!("{s} s")
}

/// The wait before try `attempt + 1` when the host named none: 1 s, 2 s, 4 s...
fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1 << attempt.min(5))
}

/// What a failed request means: broken when the address cannot work (no such host,
/// nothing listening, a TLS error), otherwise worth another try.
fn sort_failure(failed: Failed, t: &Try) -> Tried {
    let broken = |why: String| Tried::Done(Page::new(Outcome::Broken(why)));
    let no_such_host = |why: String| {
        Tried::Done(Page {
            no_such_host: true,
            ..Page::new(Outcome::Broken(why))
        })
    };
    let again = |why: String| Tried::Again {
        wait: backoff(t.attempt),
        why,
        host_asked: false,
    };
    let timed_out = || again(format!("no answer within {}", seconds(t.timeout)));
    let e = match failed {
        Failed::Redirect(why) => return broken(why),
        Failed::OutOfTime => return timed_out(),
        Failed::Request(e) => e,
    };
    match e {
        ureq::Error::Timeout(_) => timed_out(),
        ureq::Error::HostNotFound => no_such_host("no such host (DNS)".to_string()),
        ureq::Error::BadUri(why) => broken(format!("not an address: {why}")),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
            broken(format!("TLS error: {e}"))
        }
        ureq::Error::Io(io) => match io_failure(&io) {
            IoFailure::Refused => broken("connection refused: nothing listens there".into()),
            IoFailure::NoSuchHost => no_such_host(format!("no such host (DNS): {io}")),
            IoFailure::Tls => broken(format!("TLS error: {io}")),
            IoFailure::Passing => again(format!("connection failed: {io}")),
        },
        other => again(other.to_string()),
    }
}

enum IoFailure {
    Refused,
    NoSuchHost,
    Tls,
    /// May pass on another try: a reset connection, a DNS server that did not answer.
    Passing,
}

/// Sorts an I/O error by its kind and, where the kind says too little (the resolver's
/// and rustls' errors), by its text.
fn io_failure(e: &io::Error) -> IoFailure {
    let text = e.to_string().to_ascii_lowercase();
    if e.kind() == io::ErrorKind::ConnectionRefused {
        IoFailure::Refused
    } else if text.contains("temporary failure") || text.contains("try again") {
        IoFailure::Passing
    } else if text.contains("lookup address")
        || text.contains("name or service not known")
        || text.contains("nodename nor servname")
        || text.contains("no such host")
    {
        IoFailure::NoSuchHost
    } else if e.kind() == io::ErrorKind::InvalidData
        && ["certificate", "handshake", "alert", "tls"]
            .iter()
            .any(|w| text.contains(w))
    {
        IoFailure::Tls
    } else {
        IoFailure::Passing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_agent_names_roadsmith_and_where_to_read_about_it() {
        assert!(USER_AGENT.starts_with("roadsmith/"), "{USER_AGENT}");
        assert!(USER_AGENT.contains("link checker; +https://github.com/"));
    }

    #[test]
    fn head_is_confirmed_with_get_where_it_is_refused() {
        for status in [400, 403, 404, 405, 410, 501] {
            assert!(refuses_head(status), "{status}");
        }
        for status in [200, 301, 408, 429, 500, 503] {
            assert!(!refuses_head(status), "{status}");
        }
        assert_eq!(seconds(Duration::from_millis(1_499)), "1.5 s");
        assert_eq!(seconds(Duration::from_secs(20)), "20 s");
    }

    #[test]
    fn back_off_doubles_and_stops_growing() {
        assert_eq!(backoff(0), Duration::from_secs(1));
        assert_eq!(backoff(1), Duration::from_secs(2));
        assert_eq!(backoff(40), Duration::from_secs(32));
    }

    #[test]
    fn io_errors_are_sorted_by_what_they_mean() {
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        assert!(matches!(io_failure(&refused), IoFailure::Refused));
        let dns =
            io::Error::other("failed to lookup address information: Name or service not known");
        assert!(matches!(io_failure(&dns), IoFailure::NoSuchHost));
        let busy_dns = io::Error::other(
            "failed to lookup address information: Temporary failure in name resolution",
        );
        assert!(matches!(io_failure(&busy_dns), IoFailure::Passing));
        let tls = io::Error::new(
            io::ErrorKind::InvalidData,
            "invalid peer certificate: Expired",
        );
        assert!(matches!(io_failure(&tls), IoFailure::Tls));
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        assert!(matches!(io_failure(&reset), IoFailure::Passing));
    }
}
