//! `roadsmith serve`: the preview server. Serves the last good build from a private
//! folder, injects the live-reload script and error overlay into HTML responses, and
//! refuses any request path that could reach outside the served site.

mod requests;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::routing::get;
use tokio::sync::watch;

use crate::output::absolute;
use crate::site::BuildOptions;
use crate::watch::{Builder, Snapshot, Watcher};
use requests::{live_socket, serve_file};

/// Where the injected script listens for news of rebuilds.
pub const LIVE_PATH: &str = "/__roadsmith/live";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
    pub drafts: crate::content::Drafts,
}

/// What stops the server from starting (build errors never do).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("could not listen on {addr}: {source} (pass --port 0 to pick a free port)")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("could not create a folder to build the site into: {0}")]
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
    let output = memory_backed_dir()
        .and_then(|dir| OutputFolder::create_in(&dir).ok())
        .map_or_else(|| OutputFolder::create_in(&std::env::temp_dir()), Ok)
        .map_err(ServeError::Output)?;
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| absolute(&options.root));
    let build = BuildOptions {
        root: root.clone(),
        output_dir: Some(output.path().to_path_buf()),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        ..BuildOptions::default()
    };
    let (publish, site) = watch::channel(Arc::new(Snapshot::default()));
    let mut builder = Builder::new(build, publish);
    let watcher = Watcher::start(&root, output.path())?;
    match builder.rebuild(&[]) {
        Ok(built) => println!("Built the site in {} ms", built.map_or(0, |b| b.millis)),
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

/// Names the private output folder: `roadsmith-serve-<random>`.
const OUTPUT_PREFIX: &str = "roadsmith-serve-";
/// In the output folder: the file its server holds locked while it runs.
const LOCK_FILE: &str = "serving.lock";
/// The lock file before it is locked; never looked at by other servers.
const LOCK_FILE_NEW: &str = "serving.lock.new";

/// One server's private output folder, and the lock it holds on `serving.lock` inside it
/// for as long as it runs. The operating system drops the lock when the process ends,
/// however it ends, so a folder whose lock can be taken belongs to no running server:
/// the same answer on Linux, macOS and Windows, with no process ids to guess from.
struct OutputFolder {
    /// Declared first so it is closed first: Windows deletes no file that is open.
    _lock: Option<std::fs::File>,
    dir: tempfile::TempDir,
}

impl OutputFolder {
    /// Removes the folders that stopped servers left in `parent`, then makes this one's.
    fn create_in(parent: &Path) -> std::io::Result<OutputFolder> {
        remove_stale_outputs(parent);
        let dir = tempfile::Builder::new()
            .prefix(OUTPUT_PREFIX)
            .tempdir_in(parent)?;
        // Locked under another name, then renamed: another server never sees the lock
        // file unlocked, which would read as "nobody serves from here".
        let new = dir.path().join(LOCK_FILE_NEW);
        let file = std::fs::File::create(&new)?;
        let lock = match file.lock() {
            Ok(()) => {
                std::fs::rename(&new, dir.path().join(LOCK_FILE))?;
                Some(file)
            }
            // No locks here (some network file systems): without a lock file the
            // folder is never taken for a stale one; the server removes it on exit.
            Err(_) => None,
        };
        Ok(OutputFolder { _lock: lock, dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Removes the output folders in `dir` that servers no longer running left behind
/// (killed before they could clean up): in memory, they would hold on to RAM until a
/// reboot. A folder is removed only when its lock file exists and can be locked; one
/// without it is being created, or is not ours to judge, and is left alone.
fn remove_stale_outputs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(OUTPUT_PREFIX)
        {
            continue;
        }
        let is_ours = entry.metadata().is_ok_and(|m| m.is_dir() && is_own(&m));
        if !is_ours {
            continue;
        }
        let Ok(lock) = std::fs::File::open(entry.path().join(LOCK_FILE)) else {
            continue;
        };
        if lock.try_lock().is_ok() {
            // Unlocked before removing, for Windows; no live server ever comes back
            // to a folder it did not create, so only another cleaner can race here.
            drop(lock);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_folders_whose_server_stopped_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let running = OutputFolder::create_in(dir.path()).unwrap();
        // A server killed mid-run: its folder stays, its lock is gone with the process.
        let stopped = OutputFolder::create_in(dir.path()).unwrap();
        drop(stopped._lock);
        let stopped = stopped.dir.keep();
        std::fs::create_dir_all(stopped.join("site-1/stages")).unwrap();
        // Being created (no lock file yet), and folders that are not a server's.
        let starting = dir.path().join(format!("{OUTPUT_PREFIX}starting"));
        let other = dir.path().join("roadsmith-notes");
        for d in [&starting, &other] {
            std::fs::create_dir_all(d.join("stages")).unwrap();
        }
        assert!(running.path().join(LOCK_FILE).is_file());

        let next = OutputFolder::create_in(dir.path()).unwrap();
        assert!(!stopped.exists(), "the stopped server's folder is removed");
        assert!(
            running.path().join(LOCK_FILE).is_file(),
            "the running one stays"
        );
        assert!(starting.exists() && other.exists() && next.path().exists());

        let paths = [running.path().to_path_buf(), next.path().to_path_buf()];
        drop((running, next));
        assert!(
            paths.iter().all(|p| !p.exists()),
            "a server that stops removes its folder, lock file and all"
        );
    }
}
