//! The staging folder a build writes into, and its swap into the output folder:
//! every top-level entry but the kept names moved aside, the new ones moved in, each
//! step undone if a later one fails.

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Kept, Sink, absolute, place, reuse, sibling, top_mark_names, write_buffered};

/// A folder beside the output whose files become the output's on [`Staging::commit`];
/// it is removed if dropped before that.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    /// The output folder holds an earlier build, whose unchanged files are linked
    /// rather than written again ([`super::reuse`]).
    reuses: bool,
    committed: bool,
}

impl Staging {
    pub fn new(output: &Path) -> io::Result<Staging> {
        let output = absolute(output);
        let dir = sibling(&output, "staging");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            reuses: output.is_dir(),
            output,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts the staged site in the output folder's place, carrying the [`Kept`] names
    /// over untouched. A new output folder is the staging folder, renamed. An existing
    /// one stays where it is (a shell or a server inside it keeps its folder, and Windows,
    /// which refuses to rename a folder something holds open, is not asked to): what
    /// it holds but the kept names is moved aside into a sibling folder, the staged
    /// files are moved in, and what was moved aside is deleted. Every step renames an
    /// entry of the top level, so nothing is copied. If a step fails, those done are
    /// undone: the output holds exactly what it held before.
    pub fn commit(self, kept: &Kept) -> io::Result<()> {
        self.commit_with(kept, &mut |from, to| std::fs::rename(from, to))
    }

    /// [`Staging::commit`], with every move made by `rename` (tests make it fail).
    fn commit_with(mut self, kept: &Kept, rename: &mut Rename<'_>) -> io::Result<()> {
        let old = sibling(&self.output, "old");
        if std::fs::symlink_metadata(&old).is_ok() {
            std::fs::remove_dir_all(&old)?;
        }
        if std::fs::symlink_metadata(&self.output).is_err() {
            rename(&self.dir, &self.output)?;
            self.committed = true;
            return Ok(());
        }
        // The build's marks go in first and come out last: a build stopped half-way
        // (power lost) leaves, but for the instant between two marks, a folder that
        // holds them or only kept names, which the next build replaces.
        let is_mark = |n: &OsStr| top_mark_names().any(|m| n == m);
        let mut incoming = top_names(&self.dir)?;
        incoming.sort_by_key(|n| (!is_mark(n), n.clone()));
        if let Some(name) = incoming.iter().find(|n| kept.contains(n)) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "the build wrote {}, which is kept from the previous output",
                    name.to_string_lossy()
                ),
            ));
        }
        let mut outgoing = top_names(&self.output)?;
        outgoing.retain(|n| !kept.contains(n));
        outgoing.sort_by_key(|n| (is_mark(n), n.clone()));

        std::fs::create_dir(&old)?;
        if let Err((e, moved)) = move_all(&outgoing[..], &self.output, &old, rename) {
            return Err(put_back(e, &outgoing[..moved], &old, &self.output, rename));
        }
        if let Err((e, moved)) = move_all(&incoming[..], &self.dir, &self.output, rename) {
            for name in incoming[..moved].iter().rev() {
                let placed = self.output.join(name);
                if rename(&placed, &self.dir.join(name)).is_err() {
                    let _ = remove_entry(&placed);
                }
            }
            return Err(put_back(e, &outgoing, &old, &self.output, rename));
        }
        self.committed = true;
        let _ = std::fs::remove_dir(&self.dir);
        remove_dir_all_parallel(&old)
    }
}

/// How [`Staging::commit`] moves an entry.
type Rename<'a> = dyn FnMut(&Path, &Path) -> io::Result<()> + 'a;

/// The names of what `dir` holds.
fn top_names(dir: &Path) -> io::Result<Vec<OsString>> {
    std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name()))
        .collect()
}

/// Moves each of `names` from `from` to `to`, in order; on failure, the error and how
/// many were moved.
fn move_all(
    names: &[OsString],
    from: &Path,
    to: &Path,
    rename: &mut Rename<'_>,
) -> Result<(), (io::Error, usize)> {
    for (i, name) in names.iter().enumerate() {
        rename(&from.join(name), &to.join(name)).map_err(|e| (e, i))?;
    }
    Ok(())
}

/// After a failed commit: moves `names` back from `old` into the output and removes
/// `old`, and returns `failure`, telling where the previous output's files are when
/// some could not be moved back.
fn put_back(
    failure: io::Error,
    names: &[OsString],
    old: &Path,
    output: &Path,
    rename: &mut Rename<'_>,
) -> io::Error {
    let stuck = names
        .iter()
        .rev()
        .filter(|name| rename(&old.join(name), &output.join(name)).is_err())
        .count();
    if stuck == 0 {
        let _ = std::fs::remove_dir(old);
        return failure;
    }
    io::Error::new(
        failure.kind(),
        format!(
            "{failure}; {stuck} of the previous output's files could not be moved back: they are in {}",
            old.display()
        ),
    )
}

/// Removes a file, a link or a folder with everything in it.
fn remove_entry(path: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staging {
    /// Where `rel` goes, its folders made. A file at the top goes in the staging
    /// folder itself, made by [`Staging::new`]: asking for it again is a `mkdir` and a
    /// `stat` for nothing, most of a small site's files.
    fn place(&self, rel: &str) -> io::Result<PathBuf> {
        if rel.contains('/') {
            place(&self.dir, rel)
        } else {
            Ok(self.dir.join(rel))
        }
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.place(rel)?;
        if self.reuses && reuse::link_unchanged(&self.output.join(rel), bytes, &path) {
            return Ok(());
        }
        std::fs::write(path, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        std::fs::copy(from, self.place(rel)?).map(|_| ())
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        write_buffered(&self.place(rel)?, fill)
    }
}

/// Removes a folder and everything in it, sub-folders on all cores: the previous
/// output of a large roadmap is thousands of folders. Symbolic links are removed, never
/// followed.
fn remove_dir_all_parallel(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries = std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_dir_all_parallel(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::mark;

    /// Every entry below `dir` (links not followed), with file contents.
    fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
        let mut out: Vec<_> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let bytes = e
                    .file_type()
                    .is_file()
                    .then(|| std::fs::read(e.path()).unwrap());
                (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
            })
            .collect();
        out.sort();
        out
    }

    /// An output folder holding a repository, a kept file and an earlier build, and a
    /// staging folder with the next build.
    fn earlier_build_and_next(dir: &Path) -> (PathBuf, Staging) {
        let out = dir.join("public");
        for (rel, text) in [
            (".git/HEAD", "ref: refs/heads/gh-pages\n"),
            (".git/objects/ab/cdef", "an object"),
            ("README.md", "kept"),
            ("index.html", "old home"),
            ("stages/gone/index.html", "a stage that no longer exists"),
        ] {
            std::fs::create_dir_all(out.join(rel).parent().unwrap()).unwrap();
            std::fs::write(out.join(rel), text).unwrap();
        }
        mark(&out);
        let staging = Staging::new(&out).unwrap();
        staging.write("index.html", b"new home").unwrap();
        staging
            .write("stages/new/index.html", b"a new stage")
            .unwrap();
        staging.write("roadmap.json", b"new").unwrap();
        staging.write("search/meta.json", b"new").unwrap();
        (out, staging)
    }

    fn siblings(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_commit_carries_kept_names_over_and_replaces_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = earlier_build_and_next(dir.path());
        let git_before = tree(&out.join(".git"));
        staging.commit(&Kept::new(&["README.md"])).unwrap();
        assert_eq!(tree(&out.join(".git")), git_before);
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        assert_eq!(read("README.md"), "kept");
        assert_eq!(read("index.html"), "new home");
        assert_eq!(read("stages/new/index.html"), "a new stage");
        assert!(!out.join("stages/gone").exists());
        assert_eq!(
            siblings(dir.path()),
            ["public"],
            "no staging or old folder left"
        );

        // Into a folder that does not exist: the staging folder, renamed.
        let fresh = dir.path().join("fresh");
        let staging = Staging::new(&fresh).unwrap();
        staging.write("index.html", b"home").unwrap();
        staging.commit(&Kept::default()).unwrap();
        assert_eq!(
            std::fs::read_to_string(fresh.join("index.html")).unwrap(),
            "home"
        );
    }

    #[test]
    fn a_commit_that_fails_at_any_step_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut steps = 0;
        // Count the renames a successful commit makes...
        {
            let (_, staging) = earlier_build_and_next(dir.path());
            let mut rename = |from: &Path, to: &Path| {
                steps += 1;
                std::fs::rename(from, to)
            };
            staging.commit_with(&Kept::default(), &mut rename).unwrap();
        }
        assert!(steps >= 6, "{steps} renames");
        // ...then make each one fail in turn.
        for failing in 0..steps {
            let dir = tempfile::tempdir().unwrap();
            let (out, staging) = earlier_build_and_next(dir.path());
            let before = tree(&out);
            let mut call = 0;
            let mut rename = |from: &Path, to: &Path| {
                call += 1;
                if call == failing + 1 {
                    return Err(io::Error::other("injected"));
                }
                std::fs::rename(from, to)
            };
            let e = staging
                .commit_with(&Kept::default(), &mut rename)
                .unwrap_err();
            assert_eq!(e.to_string(), "injected", "step {failing}");
            assert_eq!(tree(&out), before, "step {failing}");
            assert_eq!(siblings(dir.path()), ["public"], "step {failing}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_taken_over_and_a_failed_build_leaves_them_alone() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let build = |files: &[(&str, &str)]| {
            let staging = Staging::new(&out).unwrap();
            for (rel, text) in files {
                staging.write(rel, text.as_bytes()).unwrap();
            }
            staging
        };
        let first = [("index.html", "home"), ("stages/a/index.html", "a")];
        build(&first).commit(&Kept::default()).unwrap();
        let meta = |rel: &str| std::fs::metadata(out.join(rel)).unwrap();
        let (home, a) = (meta("index.html"), meta("stages/a/index.html"));
        // A build that fails after writing: its staging folder goes, and with it the
        // second name of every file it took over.
        drop(build(&first));
        assert_eq!(meta("index.html").nlink(), 1);
        assert_eq!(tree(&out).len(), 4, "{:?}", tree(&out));

        let second = [("index.html", "home"), ("stages/a/index.html", "b")];
        build(&second).commit(&Kept::default()).unwrap();
        assert_eq!(
            meta("index.html").ino(),
            home.ino(),
            "unchanged: the same file"
        );
        assert_eq!(
            meta("index.html").nlink(),
            1,
            "the previous output's name is gone"
        );
        assert_ne!(meta("stages/a/index.html").ino(), a.ino());
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        assert_eq!(
            (read("index.html"), read("stages/a/index.html")),
            ("home".into(), "b".into())
        );
        assert_eq!(siblings(dir.path()), ["public"]);
    }

    #[test]
    fn a_build_that_writes_a_kept_name_is_not_committed() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = earlier_build_and_next(dir.path());
        staging.write("README.md", b"written by the build").unwrap();
        let before = tree(&out);
        let e = staging.commit(&Kept::new(&["README.md"])).unwrap_err();
        assert!(e.to_string().contains("README.md"), "{e}");
        assert_eq!(tree(&out), before);
        assert_eq!(siblings(dir.path()), ["public"]);
    }
}
