//! Where the site is written: the output folder's rules, and a staging folder that is
//! swapped in only when a build succeeded, so a failed build never touches `public/`.

use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;

/// Makes `path` absolute (against the current directory) and folds `.` and `..`
/// without touching the file system, so it works for folders that do not exist yet.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Like [`absolute`], and then with every symbolic link in the part of the path that
/// exists followed: where writing to `path` really lands.
pub fn resolved(path: &Path) -> PathBuf {
    let path = absolute(path);
    let mut rest = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// Where the output folder was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputNamed {
    /// `output_dir` of site.toml: it must lie inside the site folder.
    InConfig,
    /// `--output-dir`: the author means it, so it may lie outside the site folder.
    OnCommandLine,
}

/// Refuses output folders whose replacement would destroy the site's sources, whether
/// named directly or reached through a symbolic link.
pub fn check_output_dir(root: &Path, output: &Path, named: OutputNamed) -> Result<(), Diagnostic> {
    let shown = absolute(output);
    let refuse = |why: String| {
        Diagnostic::new(
            crate::config::CONFIG_FILE,
            format!("refusing to write the site to {}: {why}", shown.display()),
        )
        .with_hint("set output_dir in site.toml to a folder of its own, such as \"public\"")
    };
    for (root, output) in [
        (absolute(root), absolute(output)),
        (resolved(root), resolved(output)),
    ] {
        if root.starts_with(&output) {
            return Err(refuse("it holds the site itself".into()));
        }
        for source in ["content", "themes", "templates", "static", ".git"] {
            if output.starts_with(root.join(source)) {
                return Err(refuse(format!("it is inside {source}/")));
            }
        }
    }
    let (root, output) = (absolute(root), shown.clone());
    if named == OutputNamed::InConfig && !output.starts_with(&root) {
        return Err(refuse(
            "it is outside the site folder (pass --output-dir to mean it)".into(),
        ));
    }
    if output.exists() && !output.is_dir() {
        return Err(refuse("it is a file, not a folder".into()));
    }
    Ok(())
}

/// Files every build writes at the top of its output folder: a folder holding them
/// was written by roadsmith, and the next build may replace it.
pub const BUILD_MARKS: [&str; 2] = ["roadmap.json", "search-index.json"];

/// What a build does with an output folder that holds files roadsmith did not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForeignFiles {
    /// Refuse to build (the default).
    #[default]
    Refuse,
    /// Delete them with the old site (`--force`).
    Delete,
}

/// A build replaces its output folder as a whole. Refuses when that would delete what
/// roadsmith did not write: a folder with files but without [`BUILD_MARKS`] (unless
/// told to delete them), or a symbolic link (the link would be replaced, not the folder
/// it names). `shown` is how errors name the folder.
pub fn check_replaceable(
    output: &Path,
    shown: &Path,
    foreign: ForeignFiles,
) -> Result<(), Diagnostic> {
    let refuse = |why: String, hint: &str| {
        Diagnostic::new(
            shown,
            format!("refusing to replace the output folder: {why}"),
        )
        .with_hint(hint)
    };
    if output.is_symlink() {
        return Err(refuse(
            format!(
                "it is a symbolic link to {}",
                std::fs::read_link(output).unwrap_or_default().display()
            ),
            "name the folder itself (roadsmith replaces the output folder, which would replace the link)",
        ));
    }
    let Ok(mut entries) = std::fs::read_dir(output) else {
        return Ok(());
    };
    let ours = BUILD_MARKS.iter().all(|m| output.join(m).is_file());
    if foreign == ForeignFiles::Refuse && !ours && entries.next().is_some() {
        return Err(refuse(
            format!(
                "it holds files roadsmith did not write (it has no {}), and a build deletes them",
                BUILD_MARKS.join(" or ")
            ),
            "choose a new or empty folder, or pass --force to delete what is in it",
        ));
    }
    Ok(())
}

/// Something rendered pages are written to.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path below the output root).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file `from` to `rel`.
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()>;
    /// Writes `rel` piece by piece as `fill` produces it, so that a large file (the
    /// print page, roadmap.json at thousands of stages) is never whole in memory.
    /// By default the pieces are gathered and handed to [`Sink::write`].
    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(rel, &bytes)
    }
}

/// A folder beside the output that becomes the output on [`Staging::commit`] and is
/// removed if dropped before that.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
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
            output,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the staged one.
    pub fn commit(mut self) -> io::Result<()> {
        let old = sibling(&self.output, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(e);
        }
        self.committed = true;
        if had_output {
            remove_dir_all_parallel(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(place(&self.dir, rel)?, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        std::fs::copy(from, place(&self.dir, rel)?).map(|_| ())
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        write_buffered(&place(&self.dir, rel)?, fill)
    }
}

/// `dir/rel`, with the folders it goes in created.
fn place(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    Ok(path)
}

/// Creates `path` and writes what `fill` produces into it, through a buffer.
fn write_buffered(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
    fill(&mut file)?;
    file.flush()
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

/// Replaces files in a folder that is being served, each one whole: written beside its
/// place, then renamed over the old file, so a request gets the old file or the new.
pub struct InPlace {
    dir: PathBuf,
}

impl InPlace {
    pub fn new(dir: &Path) -> InPlace {
        InPlace {
            dir: dir.to_path_buf(),
        }
    }

    /// Where `rel` goes, and the name it is written under first.
    fn paths(&self, rel: &str) -> io::Result<(PathBuf, PathBuf)> {
        let path = place(&self.dir, rel)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = path.with_file_name(format!(".{name}.roadsmith-new"));
        Ok((path, temp))
    }
}

impl Sink for InPlace {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let (path, temp) = self.paths(rel)?;
        std::fs::write(&temp, bytes)?;
        std::fs::rename(temp, path)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let (path, temp) = self.paths(rel)?;
        std::fs::copy(from, &temp)?;
        std::fs::rename(temp, path)
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let (path, temp) = self.paths(rel)?;
        write_buffered(&temp, fill)?;
        std::fs::rename(temp, path)
    }
}

/// `public` -> `.public.roadsmith-staging` in the same parent, so renames stay on one
/// file system.
fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.roadsmith-{what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_output_dirs() {
        let root = Path::new("/site");
        for bad in [
            "/site",
            "/site/content",
            "/site/content/x",
            "/site/themes",
            "/",
            "/site/..",
        ] {
            assert!(
                check_output_dir(root, Path::new(bad), OutputNamed::OnCommandLine).is_err(),
                "{bad}"
            );
        }
        assert!(
            check_output_dir(root, Path::new("/elsewhere/out"), OutputNamed::InConfig).is_err()
        );
        assert!(
            check_output_dir(
                root,
                Path::new("/elsewhere/out"),
                OutputNamed::OnCommandLine
            )
            .is_ok()
        );
        assert!(check_output_dir(root, Path::new("/site/public"), OutputNamed::InConfig).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_into_the_sources_is_refused_like_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::os::unix::fs::symlink(root.join("content"), root.join("public")).unwrap();
        std::os::unix::fs::symlink(&root, dir.path().join("alias")).unwrap();
        for out in ["site/public", "site/public/new", "alias/content/x", "alias"] {
            let e = check_output_dir(&root, &dir.path().join(out), OutputNamed::OnCommandLine)
                .unwrap_err();
            assert!(e.message.starts_with("refusing"), "{out}: {}", e.message);
        }
        assert_eq!(
            resolved(&root.join("public/a/b")),
            std::fs::canonicalize(root.join("content"))
                .unwrap()
                .join("a/b")
        );
        assert!(check_output_dir(&root, &root.join("out"), OutputNamed::InConfig).is_ok());
    }

    #[test]
    fn only_earlier_builds_and_empty_folders_are_replaced_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let replaceable = |foreign| check_replaceable(&out, Path::new("out"), foreign);
        let (refuse, delete) = (ForeignFiles::Refuse, ForeignFiles::Delete);
        assert!(replaceable(refuse).is_ok(), "a folder that does not exist");
        std::fs::create_dir(&out).unwrap();
        assert!(replaceable(refuse).is_ok(), "an empty folder");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = replaceable(refuse).unwrap_err();
        assert!(e.message.contains("did not write"), "{}", e.message);
        assert!(e.hint.unwrap().contains("--force"));
        assert!(replaceable(delete).is_ok());
        std::fs::write(out.join("roadmap.json"), "{}").unwrap();
        assert!(replaceable(refuse).is_err(), "one mark is not enough");
        std::fs::write(out.join("search-index.json"), "[]").unwrap();
        assert!(replaceable(refuse).is_ok(), "an earlier build");
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&out, &link).unwrap();
            let e = check_replaceable(&link, Path::new("link"), ForeignFiles::Delete).unwrap_err();
            assert!(e.message.contains("symbolic link"), "{}", e.message);
        }
    }
}
