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

/// Refuses output folders whose replacement would destroy the site's sources.
/// `explicit`: the folder was named on the command line, so it may lie outside the root.
pub fn check_output_dir(root: &Path, output: &Path, explicit: bool) -> Result<(), Diagnostic> {
    let (root, output) = (absolute(root), absolute(output));
    let refuse = |why: String| {
        Diagnostic::new(
            crate::config::CONFIG_FILE,
            format!("refusing to write the site to {}: {why}", output.display()),
        )
        .with_hint("set output_dir in site.toml to a folder of its own, such as \"public\"")
    };
    if root.starts_with(&output) {
        return Err(refuse("it holds the site itself".into()));
    }
    for source in ["content", "themes", "templates", "static", ".git"] {
        if output.starts_with(root.join(source)) {
            return Err(refuse(format!("it is inside {source}/")));
        }
    }
    if !explicit && !output.starts_with(&root) {
        return Err(refuse(
            "it is outside the site folder (pass --output-dir to mean it)".into(),
        ));
    }
    if output.exists() && !output.is_dir() {
        return Err(refuse("it is a file, not a folder".into()));
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

/// Discards everything: for `check`, which renders without writing.
pub struct NoOutput;

impl Sink for NoOutput {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn copy(&self, _: &str, from: &Path) -> io::Result<()> {
        std::fs::metadata(from).map(|_| ())
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
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, path).map(|_| ())
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut file = BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
        fill(&mut file)?;
        file.flush()
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
        let path = self.dir.join(rel);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
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
        let mut file = BufWriter::with_capacity(1 << 16, std::fs::File::create(&temp)?);
        fill(&mut file)?;
        file.flush()?;
        drop(file);
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
                check_output_dir(root, Path::new(bad), true).is_err(),
                "{bad}"
            );
        }
        assert!(check_output_dir(root, Path::new("/elsewhere/out"), false).is_err());
        assert!(check_output_dir(root, Path::new("/elsewhere/out"), true).is_ok());
        assert!(check_output_dir(root, Path::new("/site/public"), false).is_ok());
    }
}
