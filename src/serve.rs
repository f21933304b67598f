//! `roadsmith serve`: the preview server. Serves the last good build from a private
//! folder, injects the live-reload script and error overlay into HTML responses, and
//! refuses any request path that could reach outside the served site.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::output::absolute;
use crate::site::BuildOptions;
use crate::watch::{Builder, Snapshot, Watcher};

/// Where the injected script listens for news of rebuilds.
pub const LIVE_PATH: &str = "/__roadsmith/live";
const LIVE_JS: &str = include_str!("serve/live.js");
/// Larger HTML is served without the live-reload script.
const MAX_INJECT: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
}

/// What stops the server from starting (build errors never do).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("could not listen on {addr}: {source} (pass --port 0 to pick a free port)")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("could not create a folder to render the site into: {0}")]
    Output(std::io::Error),
    #[error("could not watch the site's files: {0}")]
    Watch(#[from] notify::Error),
    #[error("the server failed: {0}")]
    Server(std::io::Error),
}

#[derive(Clone)]
struct AppState {
    site: watch::Receiver<Arc<Snapshot>>,
    /// Tells a tab that the server restarted, so it reloads.
    server_id: Arc<str>,
    /// The address listened on, for the Host check.
    interface: IpAddr,
}

/// Builds, serves and rebuilds on change until Ctrl+C.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let addr = SocketAddr::new(options.interface, options.port);
    let listener = TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { addr, source })?;
    let url = local_url(local);

    // Rendered outside the site so the watcher never sees its own output, in memory
    // where the system offers a folder for it: a large roadmap is thousands of files.
    let mut output = tempfile::Builder::new();
    let prefix = format!("{OUTPUT_PREFIX}{}-", std::process::id());
    output.prefix(&prefix);
    let output = match memory_backed_dir() {
        Some(dir) => {
            remove_stale_outputs(&dir);
            output.tempdir_in(dir).or_else(|_| output.tempdir())
        }
        None => output.tempdir(),
    }
    .map_err(ServeError::Output)?;
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| absolute(&options.root));
    let build = BuildOptions {
        root: root.clone(),
        output_dir: Some(output.path().to_path_buf()),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        force: false,
    };
    let (publish, site) = watch::channel(Arc::new(Snapshot::default()));
    let mut builder = Builder::new(build, publish);
    let watcher = Watcher::start(&root, output.path())?;
    match builder.rebuild(&[]) {
        Ok(ms) => println!("Built the site in {ms} ms"),
        Err(e) => {
            eprintln!("{e}");
            eprintln!("The site could not be built; serving the error until the files are fixed");
        }
    }
    std::thread::spawn(move || watcher.run(builder));

    println!("Serving at {url}");
    println!("Watching site.toml, content/, themes/, templates/ and static/; press Ctrl+C to stop");
    if options.open {
        open_browser(&url);
    }
    let state = AppState {
        site,
        server_id: server_id().into(),
        interface: options.interface,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Server)?;
    let result = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new()
            .route(LIVE_PATH, get(live_socket))
            .fallback(serve_file)
            .with_state(state);
        tokio::select! {
            served = axum::serve(listener, app) => served,
            _ = shutdown_signal() => Ok(()),
        }
    });
    drop(output);
    result.map_err(ServeError::Server)
}

/// Names the private output folder: `roadsmith-serve-<pid>-<random>`.
const OUTPUT_PREFIX: &str = "roadsmith-serve-";

/// Removes output folders that servers which are no longer running left in `dir` (killed
/// before they could clean up): in memory, they would hold on to RAM until a reboot.
/// Only where `/proc` tells which processes run.
fn remove_stale_outputs(dir: &Path) {
    if !Path::new("/proc/self").is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(OUTPUT_PREFIX)
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_ours = entry.metadata().is_ok_and(|m| m.is_dir() && is_own(&m));
        if is_ours && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether the current user owns the file (never touch another user's folders).
#[cfg(unix)]
fn is_own(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::getuid() }
}

#[cfg(not(unix))]
fn is_own(_: &std::fs::Metadata) -> bool {
    true
}

/// A folder kept in memory (tmpfs), if the system has one: `$XDG_RUNTIME_DIR` (the
/// user's own, on systemd systems) or Linux's `/dev/shm`.
fn memory_backed_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from),
        cfg!(target_os = "linux").then(|| PathBuf::from("/dev/shm")),
    ];
    candidates.into_iter().flatten().find(|d| d.is_dir())
}

/// `http://127.0.0.1:1111/`; an unspecified interface (0.0.0.0) is reached via loopback.
fn local_url(addr: SocketAddr) -> String {
    let shown = match addr.ip() {
        ip if ip.is_unspecified() => SocketAddr::new(IpAddr::from([127, 0, 0, 1]), addr.port()),
        _ => addr,
    };
    format!("http://{shown}/")
}

fn server_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{:x}-{nanos:x}", std::process::id())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = command.arg(url).spawn() {
        eprintln!("warning: could not open a browser ({e}); open {url} yourself");
    }
}

/// Whether a request's `Host` names this server. A page on another site can make the
/// browser send requests here under its own name (DNS rebinding) and read the answers:
/// the author's unpublished pages and errors. On a loopback or given address only
/// `localhost` and the address itself are answered; listening on every address
/// (`--interface 0.0.0.0`) means the author wants the preview reached by any name.
fn host_allowed(headers: &HeaderMap, interface: IpAddr) -> bool {
    if interface.is_unspecified() {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        // HTTP/1.0 clients may leave it out; browsers never do.
        return true;
    };
    // Without the port: "[::1]:1111" -> "::1", "localhost:1111" -> "localhost".
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip == interface || (ip.is_loopback() && interface.is_loopback()))
}

fn misdirected() -> Response {
    (
        StatusCode::MISDIRECTED_REQUEST,
        "this preview answers only to localhost and its own address; open it as http://127.0.0.1:<port>/\n",
    )
        .into_response()
}

/// Files of the current site; HTML gets the live-reload script (and the overlay).
async fn serve_file(State(state): State<AppState>, request: Request) -> Response {
    if !host_allowed(request.headers(), state.interface) {
        return misdirected();
    }
    let decoded = match check_request_path(request.uri().path()) {
        Ok(path) => path,
        Err(status) => return (status, "bad request path\n").into_response(),
    };
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
    let json = serde_json::json!({ "server": server_id, "generation": snapshot.generation, "error": error });
    // `<` only occurs inside JSON strings, where `\u003c` means the same; no `</script>`.
    json.to_string().replace('<', "\\u003c")
}

/// Pushes the site's state to a tab now and after every rebuild.
async fn live_socket(
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

/// Another web site open in the browser may not read the author's errors.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, h)| h.trim_end_matches('/') == host)
}

/// Decodes a request path, refusing what could step outside the served folder:
/// `..` segments (plain or encoded), encoded slashes and backslashes, NUL bytes.
pub fn check_request_path(raw: &str) -> Result<String, StatusCode> {
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || raw.contains('\\')
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    let decoded = percent_decode(raw).ok_or(StatusCode::BAD_REQUEST)?;
    if decoded.split('/').any(|segment| segment == "..") || decoded.contains(['\0', '\\']) {
        return Err(StatusCode::BAD_REQUEST);
    }
    Ok(decoded)
}

/// `%xx` escapes decoded; `None` for a broken escape or text that is not UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
            error: Some(crate::Diagnostic::new("a", "</script><b>").into()),
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
    fn outputs_of_servers_no_longer_running_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // Above Linux's highest process id: never running.
        let dead = dir.path().join(format!("{OUTPUT_PREFIX}4194305-abc"));
        let alive = dir
            .path()
            .join(format!("{OUTPUT_PREFIX}{}-abc", std::process::id()));
        let other = dir.path().join("roadsmith-serve-notes");
        for d in [&dead, &alive, &other] {
            std::fs::create_dir_all(d.join("stages")).unwrap();
        }
        remove_stale_outputs(dir.path());
        assert_eq!(dead.exists(), !Path::new("/proc/self").is_dir());
        assert!(alive.exists() && other.exists());
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
