//! `roadsmith serve` for integration tests: the real binary on a free loopback port,
//! requested through [`super::http`], and the live-reload WebSocket as a tab sees it.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::copy_dir;
use super::http::{self, Response};

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/serve-site");
pub const WAIT: Duration = Duration::from_secs(10);

/// A running `roadsmith serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub site: PathBuf,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    /// On a private copy of the fixture site.
    pub fn start() -> Server {
        Server::start_with(|_| {})
    }

    /// `prepare` may change the site before the server starts.
    pub fn start_with(prepare: impl FnOnce(&Path)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        copy_dir(Path::new(FIXTURE), &site);
        prepare(&site);
        // The server's private output lands here, so the test's tempdir cleans it up.
        let tmp = dir.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        let mut server = Server::launch(&site, &tmp);
        server._dir = Some(dir);
        server
    }

    /// Serves the site at `site`, with `tmp` as the temporary folder it renders into
    /// (also as `$XDG_RUNTIME_DIR`, which the server prefers to `/dev/shm`).
    pub fn launch(site: &Path, tmp: &Path) -> Server {
        Server::launch_on(site, tmp, 0)
    }

    /// [`Server::launch`] on `port` (0: a free one).
    pub fn launch_on(site: &Path, tmp: &Path, port: u16) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_roadsmith"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(site)
            .env("TMPDIR", tmp)
            .env("XDG_RUNTIME_DIR", tmp)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            port: 0,
            site: site.to_path_buf(),
            stdout,
            stderr,
            _dir: None,
        };
        server.wait_for("Serving at http://127.0.0.1:", |s| s.stdout());
        let out = server.stdout();
        let rest = &out[out.find("Serving at http://127.0.0.1:").unwrap()
            + "Serving at http://127.0.0.1:".len()..];
        server.port = rest[..rest.find('/').unwrap()].parse().unwrap();
        server
    }

    /// Stops the server the way Ctrl+C or a service manager does (SIGTERM) and waits,
    /// bounded, for it to exit.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -TERM failed");
        let mut status = None;
        wait_until("the server to exit after SIGTERM", || {
            status = self.child.try_wait().unwrap();
            status.is_some()
        });
        status.unwrap()
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn wait_for(&self, text: &str, stream: impl Fn(&Server) -> String) {
        wait_until(&format!("{text:?} in the server's output"), || {
            stream(self).contains(text)
        });
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn get(&self, path: &str) -> Response {
        http::get(&self.url(path))
    }

    /// Replaces text in a site file the way most editors save: a temp file, then a rename.
    pub fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.site.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text.replace(from, to)).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }

    pub fn live_socket(&self) -> Live {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let (socket, _) = tungstenite::client(
            format!("ws://127.0.0.1:{}/__roadsmith/live", self.port),
            stream,
        )
        .unwrap();
        Live(socket)
    }
}

impl Drop for Server {
    /// SIGTERM first, so the server removes its private output folder (in memory, on
    /// Linux), then SIGKILL if it is still there after a few seconds.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
            while let Ok(None) = self.child.try_wait() {
                if std::time::Instant::now() > deadline {
                    let _ = self.child.kill();
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        let _ = self.child.wait();
    }
}

/// The live-reload socket as a tab sees it.
pub struct Live(pub tungstenite::WebSocket<TcpStream>);

impl Live {
    /// The next state the server pushes (bounded by the socket's read timeout).
    pub fn next(&mut self) -> Value {
        loop {
            match self
                .0
                .read()
                .expect("a message from the live-reload socket in time")
            {
                tungstenite::Message::Text(text) => return serde_json::from_str(&text).unwrap(),
                tungstenite::Message::Close(_) => {
                    panic!("the server closed the live-reload socket")
                }
                _ => {}
            }
        }
    }
}

fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            let mut all = sink.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
    });
    text
}

pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
