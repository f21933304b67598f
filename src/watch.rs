//! Watching a site's sources for `serve`: which changes matter, rebuilding into a fresh
//! folder, and publishing the new site (or the error) to the server and open tabs.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use tokio::sync::watch;

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::error::{BuildError, Diagnostic};
use crate::output::{InPlace, Kept, Staging};
use crate::paths::is_ignored_name;
use crate::site::{BuildOptions, Rendering, Site, Update};
use crate::templates::SITE_TEMPLATES_DIR;
use crate::theme::THEMES_DIR;

/// Folders of the site whose changes trigger a rebuild (besides `site.toml`).
pub const WATCHED_DIRS: [&str; 4] = [CONTENT_DIR, THEMES_DIR, SITE_TEMPLATES_DIR, "static"];

/// How long the watcher waits after a file's last event before it reports the file:
/// long enough to fold an editor's save into one rebuild, short enough that the page
/// updates as the author looks up. Measured (inotify, first to last event of one save,
/// 30 saves each, on a loaded 2-core machine): a write in place 0.01 ms (max 0.24), a
/// temporary file renamed over the original 0.2 ms (max 0.4), vim with its backup copy
/// 4.4 ms (max 21), vim writing in place 1.2 ms (max 8). A save split anyway is harmless
/// but for a file that vanished for a moment (see [`VANISHED_GRACE`]).
const DEBOUNCE: Duration = Duration::from_millis(8);

/// How often the debouncer looks for files whose events have settled.
const DEBOUNCE_TICK: Duration = Duration::from_millis(1);

/// How long a batch in which a watched file no longer exists waits for it to come
/// back: editors that save by moving the old file aside and writing a new one (vim's
/// backup copy) leave no file for a moment, and a rebuild then would drop the stage.
const VANISHED_GRACE: Duration = Duration::from_millis(150);

/// How many earlier sites stay on disk: a request that started just before a swap
/// still finds its files.
const KEEP_OLD_SITES: usize = 2;

/// What the server hands out right now.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts successful builds; a tab showing an older one reloads.
    pub generation: u64,
    /// The last good site; `None` until a build succeeds.
    pub dir: Option<PathBuf>,
    /// Why the latest build failed, while it stands.
    pub error: Option<BuildError>,
    /// This is the first part of a save written in two: the rest follows.
    pub partial: bool,
    /// Pages this build left as an earlier one made them: a tab on one of them, showing
    /// that build, needs no reload.
    pub unchanged: Option<Unchanged>,
}

/// How long a rebuild took, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Rebuilt {
    pub millis: u128,
    /// For a save written in two parts, when the first was published.
    pub first_part_millis: Option<u128>,
}

/// Pages that show what they showed at generation `since`: after a save written in
/// two parts, those of the first part, which tabs reloaded already.
#[derive(Debug, Clone)]
pub struct Unchanged {
    pub since: u64,
    /// URL paths, `/stages/orm/`.
    pub paths: Arc<[String]>,
}

/// The part of the site a changed file belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Config(PathBuf),
    Content(PathBuf),
    Templates(PathBuf),
    Static(PathBuf),
}

impl Change {
    /// The changed file, relative to the site root.
    pub fn path(&self) -> &Path {
        match self {
            Change::Config(p) | Change::Content(p) | Change::Templates(p) | Change::Static(p) => p,
        }
    }
}

/// Sorts a changed path into the part of the site it belongs to; `None` for files the
/// site never reads: editor leftovers (swap, backup, lock and temp files), `.git`,
/// the output folder, anything outside the watched folders.
pub fn classify(root: &Path, output: &Path, path: &Path) -> Option<Change> {
    if path.starts_with(output) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    if rel
        .components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
    {
        return None;
    }
    let first = rel.components().next()?.as_os_str().to_str()?;
    let rel = rel.to_path_buf();
    match first {
        CONFIG_FILE if rel.components().count() == 1 => Some(Change::Config(rel)),
        CONTENT_DIR => Some(Change::Content(rel)),
        THEMES_DIR | SITE_TEMPLATES_DIR => Some(Change::Templates(rel)),
        "static" => Some(Change::Static(rel)),
        _ => None,
    }
}

/// Renders the site into numbered folders below a private output folder and
/// publishes each good one only once it is complete.
pub struct Builder {
    options: BuildOptions,
    output: PathBuf,
    current: Arc<Snapshot>,
    old_sites: VecDeque<PathBuf>,
    publish: watch::Sender<Arc<Snapshot>>,
    /// The served site as it was rendered, to re-render only what a save changes.
    last: Option<(Site, Rendering)>,
}

impl Builder {
    /// `options.output_dir` must be a folder outside the watched tree.
    pub fn new(options: BuildOptions, publish: watch::Sender<Arc<Snapshot>>) -> Builder {
        let output = options.output_dir.clone().unwrap_or_default();
        Builder {
            options,
            output,
            current: Arc::default(),
            old_sites: VecDeque::new(),
            publish,
            last: None,
        }
    }

    /// Builds the site and publishes it, or publishes the error while the last good
    /// site stays served. Returns how long it took, or `None` when the files saved
    /// hold what the site was built from (nothing is published: browsers do not
    /// reload).
    ///
    /// A save of content files re-renders what they change, in place in the served
    /// folder ([`Site::update_in_parts`]; one that rewrites many pages is published in
    /// two parts). Anything else renders the whole site into a new folder.
    pub fn rebuild(&mut self, changes: &[Change]) -> Result<Option<Rebuilt>, BuildError> {
        let started = Instant::now();
        // After the first part of a save written in two was published: its pages, and
        // when it was published.
        let mut first_part = None;
        let built = match self.update(changes, started, &mut first_part) {
            Ok(Update::Unchanged) => return Ok(None),
            Ok(Update::Written(_)) => Ok(self.current.dir.clone()),
            Ok(Update::NeedsFullRender) => self.render_next().map(Some),
            Err(e) => Err(e),
        };
        match built {
            Ok(dir) => {
                let (unchanged, first_part_millis) = first_part.unzip();
                self.set(Snapshot {
                    generation: self.current.generation + 1,
                    dir,
                    error: None,
                    partial: false,
                    unchanged,
                });
                self.remove_old_sites();
                Ok(Some(Rebuilt {
                    millis: started.elapsed().as_millis(),
                    first_part_millis,
                }))
            }
            Err(e) => {
                // What was kept no longer matches the files: the next build starts over.
                self.last = None;
                self.set(Snapshot {
                    generation: self.current.generation,
                    dir: self.current.dir.clone(),
                    error: Some(e.clone()),
                    partial: false,
                    unchanged: None,
                });
                Err(e)
            }
        }
    }

    /// Re-renders, in the served folder, what a change to Markdown bodies touches. A
    /// save written in two parts publishes the first as a build of its own, and says
    /// so in `first_part`.
    fn update(
        &mut self,
        changes: &[Change],
        started: Instant,
        first_part: &mut Option<(Unchanged, u128)>,
    ) -> Result<Update, BuildError> {
        let Some(dir) = self.current.dir.clone() else {
            return Ok(Update::NeedsFullRender);
        };
        if changes.is_empty() || self.current.error.is_some() {
            return Ok(Update::NeedsFullRender);
        }
        let mut paths = Vec::new();
        for change in changes {
            match change {
                Change::Content(p) if p.extension().is_some_and(|e| e == "md") => {
                    paths.push(p.clone());
                }
                _ => return Ok(Update::NeedsFullRender),
            }
        }
        paths.sort();
        paths.dedup();
        let Some((mut site, mut rendering)) = self.last.take() else {
            return Ok(Update::NeedsFullRender);
        };
        let updated =
            site.update_in_parts(&mut rendering, &paths, &InPlace::new(&dir), &mut |paths| {
                let since = self.current.generation + 1;
                self.set(Snapshot {
                    generation: since,
                    dir: Some(dir.clone()),
                    error: None,
                    partial: true,
                    unchanged: None,
                });
                let unchanged = Unchanged {
                    since,
                    paths: paths.into(),
                };
                *first_part = Some((unchanged, started.elapsed().as_millis()));
            });
        self.last = Some((site, rendering));
        updated
    }

    fn render_next(&mut self) -> Result<PathBuf, BuildError> {
        self.last = None;
        let site = Site::load(&self.options)?;
        let dir = self
            .output
            .join(format!("site-{}", self.current.generation + 1));
        let staging = Staging::new(&dir)
            .map_err(|e| Diagnostic::io(&dir, "create a folder to render into", &e))?;
        let rendering = site.render_for_updates(&staging)?;
        staging
            .commit(&Kept::default())
            .map_err(|e| Diagnostic::io(&dir, "move the rendered site into place", &e))?;
        self.last = Some((site, rendering));
        Ok(dir)
    }

    /// Swap first, then tell the tabs: `send_replace` does both in one step.
    fn set(&mut self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        if let Some(old) = &self.current.dir
            && snapshot.dir.as_ref() != Some(old)
        {
            self.old_sites.push_back(old.clone());
        }
        self.current = Arc::clone(&snapshot);
        self.publish.send_replace(snapshot);
    }

    fn remove_old_sites(&mut self) {
        while self.old_sites.len() > KEEP_OLD_SITES {
            if let Some(dir) = self.old_sites.pop_front() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }
}

/// The file watcher, started before the first build so no edit is missed.
pub struct Watcher {
    root: PathBuf,
    output: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
}

impl Watcher {
    /// Watches `site.toml` (through the root folder, so atomic saves are seen) and the
    /// watched folders that exist.
    pub fn start(root: &Path, output: &Path) -> Result<Watcher, notify::Error> {
        let (tx, events) = channel();
        let debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE_TICK), tx)?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            debouncer,
            events,
        };
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watcher.watch_folders()?;
        Ok(watcher)
    }

    /// Adds the watched folders that exist; called again when one appears.
    fn watch_folders(&mut self) -> Result<(), notify::Error> {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if dir.is_dir() {
                self.debouncer.watch(&dir, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// The changes a batch of events from the debouncer holds.
    fn add(&self, result: DebounceEventResult, changes: &mut Vec<Change>) {
        match result {
            Ok(events) => {
                for event in events.iter().filter(|e| is_edit(&e.event.kind)) {
                    changes.extend(
                        event
                            .paths
                            .iter()
                            .filter_map(|p| classify(&self.root, &self.output, p)),
                    );
                }
            }
            Err(errors) => errors
                .iter()
                .for_each(|e| eprintln!("warning: watching files: {e}")),
        }
    }

    /// Rebuilds after each batch of changes, forever; run it on its own thread.
    pub fn run(mut self, mut builder: Builder) {
        while let Ok(first) = self.events.recv() {
            let mut changes = Vec::new();
            // Batches that arrived during the last rebuild are folded into this one.
            for result in std::iter::once(first).chain(self.events.try_iter()) {
                self.add(result, &mut changes);
            }
            // A file saved by moving the old one aside: wait for the new one.
            let until = std::time::Instant::now() + VANISHED_GRACE;
            while changes.iter().any(|c| !self.root.join(c.path()).exists()) {
                let left = until.saturating_duration_since(std::time::Instant::now());
                match self.events.recv_timeout(left) {
                    Ok(result) => self.add(result, &mut changes),
                    Err(_) => break,
                }
            }
            if changes.is_empty() {
                continue;
            }
            if changes.iter().any(|c| c.path().components().count() == 1)
                && let Err(e) = self.watch_folders()
            {
                eprintln!("warning: could not watch a new folder: {e}");
            }
            let shown = describe(&changes);
            // A panic is a bug, but it should not end the author's session.
            let rebuilt = std::panic::catch_unwind(AssertUnwindSafe(|| builder.rebuild(&changes)));
            match rebuilt {
                Ok(Ok(Some(Rebuilt {
                    millis,
                    first_part_millis: None,
                }))) => println!("Rebuilt in {millis} ms ({shown})"),
                Ok(Ok(Some(Rebuilt {
                    millis,
                    first_part_millis: Some(first),
                }))) => {
                    println!("Rebuilt in {millis} ms ({shown}; its page served after {first} ms)")
                }
                Ok(Ok(None)) => {}
                Ok(Err(e)) => {
                    eprintln!("{e}");
                    eprintln!("Rebuild failed ({shown}); still serving the last good site");
                }
                Err(_) => eprintln!(
                    "Rebuild crashed ({shown}); this is a bug in roadsmith, please report it"
                ),
            }
        }
    }
}

/// Reading a file (the build itself does) is not an edit; closing one after writing is.
fn is_edit(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// "content/04-orm.md", or "content/04-orm.md and 2 more".
fn describe(changes: &[Change]) -> String {
    let mut paths: Vec<&Path> = changes.iter().map(Change::path).collect();
    paths.sort();
    paths.dedup();
    let first = crate::paths::shown(paths[0]);
    match paths.len() {
        1 => first,
        n => format!("{first} and {} more", n - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        let (root, out) = (Path::new("/site"), Path::new("/tmp/out"));
        let kind = |p: &str| classify(root, out, &root.join(p));
        assert_eq!(
            kind("content/04-orm.md"),
            Some(Change::Content("content/04-orm.md".into()))
        );
        assert_eq!(kind("site.toml"), Some(Change::Config("site.toml".into())));
        assert_eq!(
            kind("themes/default/templates/base.html"),
            Some(Change::Templates(
                "themes/default/templates/base.html".into()
            ))
        );
        assert_eq!(
            kind("static/logo.svg"),
            Some(Change::Static("static/logo.svg".into()))
        );
        for ignored in [
            "content/.04-orm.md.swp",
            "content/04-orm.md~",
            "content/4913",
            "content/.#04-orm.md",
            "content/#04-orm.md#",
            "content/04-orm.md___jb_tmp___",
            "content/.DS_Store",
            "public/index.html",
            ".git/index",
            "target/debug/x",
            "content/site.toml.swp",
        ] {
            assert_eq!(kind(ignored), None, "{ignored}");
        }
        assert_eq!(
            classify(
                root,
                Path::new("/site/content/out"),
                Path::new("/site/content/out/index.html")
            ),
            None
        );
    }

    #[test]
    fn reading_is_not_editing() {
        assert!(!is_edit(&EventKind::Access(AccessKind::Open(
            notify::event::AccessMode::Any
        ))));
        assert!(!is_edit(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_edit(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_edit(&EventKind::Remove(notify::event::RemoveKind::File)));
    }
}
