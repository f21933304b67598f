//! HTTP for integration tests, one way each: requests go through ureq ([`get`],
//! [`request`]), servers the tests start are axum on a tokio runtime in a thread
//! ([`serve_router`], [`serve_dir`] for a built site), and [`raw_get`] sends the few
//! requests no client library will send.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Bound on any one request of a test.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A whole response: status, headers and the body read to its end.
pub struct Response {
    pub status: u16,
    /// Names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A client for loopback servers: no proxy from the environment, any status is a
/// response (not an error), and every request bounded by [`PATIENCE`]. Requests made
/// with one agent share its keep-alive connections.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(PATIENCE))
        .build()
        .into()
}

/// GET `url` with `agent`, with `headers` added; `Err` when no whole response came.
pub fn request(
    agent: &ureq::Agent,
    url: &str,
    headers: &[(&str, &str)],
) -> Result<Response, ureq::Error> {
    let mut req = agent.get(url);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let mut response = req.call()?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (k.as_str().to_string(), v)
        })
        .collect();
    let bytes = response.body_mut().read_to_vec()?;
    Ok(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// GET `url`, panicking when no whole response came.
pub fn get(url: &str) -> Response {
    request(&agent(), url, &[]).unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

/// GET `path` on `127.0.0.1:port` with the request line and Host header written byte
/// for byte on a bare socket. Only for what a client library will not send: paths with
/// `..`, backslashes or escapes it would normalise or refuse. HTTP/1.0, so the server
/// ends the body by closing the connection (no chunked encoding to decode).
pub fn raw_get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// A server started by a test on a loopback port; it stops when dropped, at once: its
/// runtime goes, and with it every connection (a browser's kept-alive ones too).
#[cfg(feature = "serve")]
pub struct Served {
    pub port: u16,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[cfg(feature = "serve")]
impl Served {
    /// `http://127.0.0.1:<port>/`
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Stops the server and waits until its connections are closed.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(feature = "serve")]
impl Drop for Served {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Serves `router` on a free loopback port from a thread of its own, with a
/// single-threaded tokio runtime (handlers that wait must `.await`, not sleep).
#[cfg(feature = "serve")]
pub fn serve_router(router: axum::Router) -> Served {
    serve_router_on(std::net::TcpListener::bind("127.0.0.1:0").unwrap(), router)
}

/// [`serve_router`] on a listener the test bound (to know the port beforehand).
#[cfg(feature = "serve")]
pub fn serve_router_on(listener: std::net::TcpListener, router: axum::Router) -> Served {
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            tokio::select! {
                _ = axum::serve(listener, router) => {}
                _ = stopped => {}
            }
        });
        // Dropping the runtime here ends every connection's task.
    });
    Served {
        port,
        stop: Some(stop),
        thread: Some(thread),
    }
}

/// Serves the built site in `dir` as a static host would: `index.html` for folders,
/// `404.html` with status 404 for anything missing.
#[cfg(feature = "serve")]
pub fn serve_dir(dir: &std::path::Path) -> Served {
    serve_dir_at(
        std::net::TcpListener::bind("127.0.0.1:0").unwrap(),
        dir,
        "/",
    )
}

/// The site in `site` built into its `public/` for a server that serves it (its
/// `base_url` the server's), as a reader's browser will find it.
#[cfg(feature = "serve")]
pub fn build_and_serve(site: &std::path::Path) -> Served {
    let server = serve_dir(&site.join("public"));
    let out = super::build(site, &["--base-url", &server.base()]);
    assert!(out.status.success(), "{}", super::stderr(&out));
    server
}

/// [`serve_dir`] on `listener`, below `prefix` (`/user/repo/`, as GitHub Pages serves
/// a project): outside it, nothing but 404s.
#[cfg(feature = "serve")]
pub fn serve_dir_at(
    listener: std::net::TcpListener,
    dir: &std::path::Path,
    prefix: &str,
) -> Served {
    use tower_http::services::{ServeDir, ServeFile};
    let files = ServeDir::new(dir).not_found_service(ServeFile::new(dir.join("404.html")));
    let prefix = prefix.trim_end_matches('/');
    let router = if prefix.is_empty() {
        axum::Router::new().fallback_service(files)
    } else {
        axum::Router::new().nest_service(prefix, files)
    };
    serve_router_on(listener, router)
}
