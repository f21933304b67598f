//! How the preview server answers: files of the last good site, HTML with the
//! live-reload script (and the error overlay) added, the live-reload socket, and the
//! checks that keep other sites and other paths out.

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use url::Host;

use super::AppState;
use crate::watch::Snapshot;

const LIVE_JS: &str = include_str!("live.js");
/// Answers `/sw.js`: a service worker that removes itself (see the file).
const SW_OFF_JS: &str = include_str!("sw-off.js");
/// Larger HTML is served without the live-reload script.
const MAX_INJECT: usize = 32 * 1024 * 1024;

/// Whether a request's `Host` names this server. A page on another site can make the
/// browser send requests here under its own name (DNS rebinding) and read the answers:
/// the author's unpublished pages and errors. On a loopback or given address only
/// `localhost` and the address itself are answered; listening on every address
/// (`--interface 0.0.0.0`) means the author wants the preview reached by any name.
pub(super) fn host_allowed(headers: &HeaderMap, interface: IpAddr) -> bool {
    if interface.is_unspecified() {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        // HTTP/1.0 clients may leave it out; browsers never do.
        return true;
    };
    let ip = match crate::url::host_of_authority(host) {
        Some(Host::Domain(name)) => return name == "localhost",
        Some(Host::Ipv4(ip)) => IpAddr::from(ip),
        Some(Host::Ipv6(ip)) => IpAddr::from(ip),
        None => return false,
    };
    ip == interface || (ip.is_loopback() && interface.is_loopback())
}

fn misdirected() -> Response {
    (
        StatusCode::MISDIRECTED_REQUEST,
        "this preview answers only to localhost and its own address; open it as http://127.0.0.1:<port>/\n",
    )
        .into_response()
}

/// Files of the current site; HTML gets the live-reload script (and the overlay).
pub(super) async fn serve_file(State(state): State<AppState>, request: Request) -> Response {
    if !host_allowed(request.headers(), state.interface) {
        return misdirected();
    }
    let decoded = match check_request_path(request.uri().path()) {
        Ok(path) => path,
        Err(status) => return (status, "bad request path\n").into_response(),
    };
    if decoded == "/sw.js" {
        return (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            SW_OFF_JS,
        )
            .into_response();
    }
    let snapshot = Arc::clone(&state.site.borrow());
    let Some(dir) = snapshot.dir.clone() else {
        let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site could not be built</h1></body></html>";
        let response = (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response();
        return inject(response, &snapshot, &state.server_id).await;
    };
    if !stays_inside(&dir, &decoded) {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    let files = ServeDir::new(&dir).not_found_service(ServeFile::new(dir.join("404.html")));
    let head = request.method() == Method::HEAD;
    let mut response = match files.oneshot(request).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let html = is_html(response.headers());
    let whole = matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND);
    if html && whole && !head {
        inject(response, &snapshot, &state.server_id).await
    } else {
        response
    }
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Adds the live-reload script, carrying the current error if there is one, before `</body>`.
async fn inject(response: Response, snapshot: &Snapshot, server_id: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_INJECT).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "page too large to serve with live reload\n",
        )
            .into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let snippet = format!(
        "<script data-roadsmith-live>{LIVE_JS}({});</script>",
        state_json(snapshot, server_id)
    );
    let at = find_ascii_ignore_case(&html, "</body").unwrap_or(html.len());
    let page = format!("{}{snippet}{}", &html[..at], &html[at..]);
    // The page now differs from the file: its length, ETag and date no longer describe it.
    for stale in [
        header::CONTENT_LENGTH,
        header::ETAG,
        header::LAST_MODIFIED,
        header::ACCEPT_RANGES,
    ] {
        parts.headers.remove(stale);
    }
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, Body::from(page))
}

/// The last occurrence of `needle` (ASCII) in `haystack`, ignoring case.
fn find_ascii_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?)
        .rev()
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// What a tab needs to know, as JSON safe to place inside `<script>`.
fn state_json(snapshot: &Snapshot, server_id: &str) -> String {
    let error = snapshot
        .error
        .as_ref()
        .map(|e| serde_json::json!({ "text": e.to_string(), "diagnostics": e.diagnostics }));
    let unchanged = snapshot
        .unchanged
        .as_ref()
        .map(|u| serde_json::json!({ "since": u.since, "paths": &*u.paths }));
    let json = serde_json::json!({
        "server": server_id,
        "generation": snapshot.generation,
        "error": error,
        "partial": snapshot.partial,
        "unchanged": unchanged,
    });
    // `<` only occurs inside JSON strings, where `\u003c` means the same; no `</script>`.
    json.to_string().replace('<', "\\u003c")
}

/// Pushes the site's state to a tab now and after every rebuild.
pub(super) async fn live_socket(
    State(state): State<AppState>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !host_allowed(&headers, state.interface) {
        return misdirected();
    }
    if !same_origin(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "cross-origin live-reload connection refused\n",
        )
            .into_response();
    }
    ws.on_upgrade(move |socket| push_state(socket, state))
}

async fn push_state(mut socket: WebSocket, state: AppState) {
    let mut site = state.site.clone();
    loop {
        let message = state_json(&site.borrow_and_update(), &state.server_id);
        if socket.send(Message::Text(message.into())).await.is_err() {
            return;
        }
        loop {
            tokio::select! {
                changed = site.changed() => match changed {
                    Ok(()) => break,
                    Err(_) => return,
                },
                incoming = socket.recv() => match incoming {
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                    Some(Ok(_)) => {}
                },
            }
        }
    }
}

/// Another web site open in the browser may not read the author's errors: a request
/// with an `Origin` must come from the address it is sent to.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    crate::url::authority(origin).is_some_and(|a| a.eq_ignore_ascii_case(host))
}

/// Decodes a request path, refusing what could step outside the served folder:
/// `..` segments (plain or encoded), encoded slashes and backslashes, NUL bytes.
pub fn check_request_path(raw: &str) -> Result<String, StatusCode> {
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || raw.contains('\\')
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    let decoded = crate::url::decode_strict(raw).ok_or(StatusCode::BAD_REQUEST)?;
    if decoded.split('/').any(|segment| segment == "..") || decoded.contains(['\0', '\\']) {
        return Err(StatusCode::BAD_REQUEST);
    }
    Ok(decoded)
}

/// The file a decoded path names (or its index.html), after following any symlink, is
/// inside `dir`. Paths that do not exist pass: they end at the 404 page.
fn stays_inside(dir: &Path, decoded: &str) -> bool {
    let Ok(base) = std::fs::canonicalize(dir) else {
        return false;
    };
    let target = dir.join(decoded.trim_start_matches('/'));
    [target.join("index.html"), target]
        .iter()
        .all(|p| match std::fs::canonicalize(p) {
            Ok(real) => real.starts_with(&base),
            Err(_) => true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_that_escape_are_refused() {
        for bad in [
            "/../x",
            "/%2e%2e/x",
            "/..%2fx",
            "/%2e%2e%2fsite.toml",
            "/a/%2E%2E/b",
            "/a%5cb",
            "/a\\b",
            "/%00",
            "/%zz",
            "/%c3",
        ] {
            assert!(check_request_path(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_request_path("/stages/orm/").as_deref(),
            Ok("/stages/orm/")
        );
        assert_eq!(
            check_request_path("/caf%C3%A9.png").as_deref(),
            Ok("/café.png")
        );
        assert_eq!(check_request_path("/a..b/").as_deref(), Ok("/a..b/"));
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        assert_eq!(
            find_ascii_ignore_case("<p></body>x</BODY>", "</body"),
            Some(11)
        );
        assert_eq!(find_ascii_ignore_case("<p>", "</body"), None);
        let snapshot = Snapshot {
            error: Some(crate::error::Diagnostic::new("a", "</script><b>").into()),
            ..Snapshot::default()
        };
        assert!(!state_json(&snapshot, "x").contains("</script>"));
    }

    #[test]
    fn only_local_names_are_answered() {
        let loopback = IpAddr::from([127, 0, 0, 1]);
        let host = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, HeaderValue::from_str(value).unwrap());
            headers
        };
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "127.0.0.1",
        ] {
            assert!(host_allowed(&host(ok), loopback), "{ok}");
        }
        for bad in [
            "attacker.example:1111",
            "127.0.0.1.nip.io:1111",
            "10.0.0.5:1111",
            "[::2]:1",
        ] {
            assert!(!host_allowed(&host(bad), loopback), "{bad}");
        }
        assert!(host_allowed(&HeaderMap::new(), loopback));
        let lan = IpAddr::from([192, 168, 1, 20]);
        assert!(host_allowed(&host("192.168.1.20:1111"), lan));
        assert!(!host_allowed(&host("127.0.0.1:1111"), lan));
        let any = IpAddr::from([0, 0, 0, 0]);
        assert!(host_allowed(&host("my-laptop.local:1111"), any));
    }

    #[test]
    fn symlinks_out_of_the_site_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("in")).unwrap();
        std::fs::write(dir.path().join("secret"), "x").unwrap();
        assert!(stays_inside(&site, "/in/"));
        assert!(stays_inside(&site, "/missing.html"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), site.join("link")).unwrap();
            assert!(!stays_inside(&site, "/link"));
        }
    }
}
