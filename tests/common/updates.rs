//! A site as `serve` keeps it: loaded, written into a folder, and brought up to date
//! after each save as `watch::Builder` does (read again what was saved, write what
//! changed), and a full build of the same files to hold it against.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use roadsmith::output::InPlace;
use roadsmith::site::{Memory, Update};
use roadsmith::{BuildError, BuildOptions, Site};
use tempfile::TempDir;

use super::snapshot;

pub struct Session {
    pub root: PathBuf,
    pub out: PathBuf,
    _out_dir: TempDir,
    site: Option<Site>,
    memory: Memory,
    /// The URL paths of the first part of the last update written in two.
    pub first_part: Option<Vec<String>>,
}

fn options(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        ..BuildOptions::default()
    }
}

impl Session {
    /// The site at `root` written whole into a new folder.
    pub fn new(root: &Path) -> Session {
        let out_dir = tempfile::tempdir().unwrap();
        let out = out_dir.path().join("public");
        let mut session = Session {
            root: root.to_path_buf(),
            out,
            _out_dir: out_dir,
            site: None,
            memory: Memory::default(),
            first_part: None,
        };
        session.update(&[]).expect("the first build");
        session
    }

    /// Writes `text` into the site's file `rel`, creating its folder.
    pub fn save(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Edits the site's file `rel` with `edit`, which must change it.
    pub fn edit(&self, rel: &str, edit: impl Fn(&str) -> String) {
        let text = self.read(rel);
        let edited = edit(&text);
        assert_ne!(text, edited, "the edit changes {rel}");
        self.save(rel, &edited);
    }

    /// What serve does after `saved` (paths relative to the root) were saved.
    pub fn update(&mut self, saved: &[&str]) -> Result<Update, BuildError> {
        let saved: Vec<PathBuf> = saved.iter().map(PathBuf::from).collect();
        let site = match self.site.take() {
            Some(mut site) if !saved.is_empty() => {
                site.reload(&saved)?;
                site
            }
            _ => Site::load(&options(&self.root, &self.out))?,
        };
        let site = self.site.insert(site);
        if !self.memory.knows_outputs() && self.out.exists() {
            std::fs::remove_dir_all(&self.out).unwrap();
        }
        std::fs::create_dir_all(&self.out).unwrap();
        let sink = InPlace::new(&self.out);
        let mut first = None;
        let updated = site.update(&mut self.memory, &saved, &sink, &mut |paths| {
            first = Some(paths)
        });
        self.first_part = first;
        if updated.is_err() {
            self.site = None;
        }
        updated
    }

    /// Saves, updates, and checks the served folder against a full build.
    pub fn edit_and_compare(&mut self, rel: &str, edit: impl Fn(&str) -> String) -> Update {
        self.edit(rel, edit);
        let updated = self.update(&[rel]).expect("update");
        self.assert_same_as_a_full_build(rel);
        updated
    }

    /// The served folder holds what a full build of the site writes.
    pub fn assert_same_as_a_full_build(&self, after: &str) {
        let differing = self.differences();
        assert!(
            differing.is_empty(),
            "after {after}, these files differ from a full build: {differing:?}"
        );
    }

    /// The files in which the served folder and a full build differ.
    pub fn differences(&self) -> BTreeSet<PathBuf> {
        let full = tempfile::tempdir().unwrap();
        let full_out = full.path().join("public");
        Site::build(&options(&self.root, &full_out)).expect("full build");
        let (got, want) = (snapshot(&self.out), snapshot(&full_out));
        let mut differing: BTreeSet<PathBuf> = (want.keys().chain(got.keys()))
            .filter(|k| got.get(*k) != want.get(*k))
            .cloned()
            .collect();
        // Folders too: a stage's folder stays behind its page.
        let (got, want) = (folders(&self.out), folders(&full_out));
        differing.extend(got.symmetric_difference(&want).cloned());
        differing
    }

    /// Whether a full build of the site as it is fails.
    pub fn build_fails(&self) -> bool {
        let full = tempfile::tempdir().unwrap();
        Site::build(&options(&self.root, &full.path().join("public"))).is_err()
    }
}

fn folders(dir: &Path) -> BTreeSet<PathBuf> {
    (walkdir::WalkDir::new(dir).into_iter().flatten())
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}
