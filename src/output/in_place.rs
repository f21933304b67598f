//! [`InPlace`]: the sink `serve` updates its served folder through.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::{Sink, place, write_buffered};

/// Replaces files in a folder that is being served, together or not at all: each file
/// is written beside its place, and [`InPlace::commit`] moves them all over the old
/// ones and deletes what was removed (so a request gets the old file or the new, and an
/// update that fails, dropped without a commit, leaves the folder as it was).
pub struct InPlace {
    dir: PathBuf,
    /// Written and waiting: (the file written, where it goes).
    pending: Mutex<Vec<(PathBuf, PathBuf)>>,
    removed: Mutex<Vec<String>>,
}

impl InPlace {
    pub fn new(dir: &Path) -> InPlace {
        InPlace {
            dir: dir.to_path_buf(),
            pending: Mutex::default(),
            removed: Mutex::default(),
        }
    }

    /// Where `rel` goes, and the name it is written under until the commit.
    fn paths(&self, rel: &str) -> io::Result<(PathBuf, PathBuf)> {
        let path = place(&self.dir, rel)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = path.with_file_name(format!(".{name}.roadsmith-new"));
        Ok((path, temp))
    }

    fn wrote(&self, temp: PathBuf, path: PathBuf) {
        lock(&self.pending).push((temp, path));
    }

    /// Puts what was written since the last commit in place, and deletes what was
    /// removed (with the folders that leaves empty).
    pub fn commit(&self) -> io::Result<()> {
        for (temp, path) in std::mem::take(&mut *lock(&self.pending)) {
            std::fs::rename(temp, path)?;
        }
        for rel in std::mem::take(&mut *lock(&self.removed)) {
            let path = self.dir.join(&rel);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            // `stages/orm/` once its page is gone; a folder that is not empty stays.
            let mut folder = path.parent();
            while let Some(dir) = folder.filter(|d| d.starts_with(&self.dir) && *d != self.dir) {
                if std::fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
        Ok(())
    }
}

impl Drop for InPlace {
    /// What was never committed is thrown away.
    fn drop(&mut self) {
        for (temp, _) in lock(&self.pending).drain(..) {
            let _ = std::fs::remove_file(temp);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Sink for InPlace {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let (path, temp) = self.paths(rel)?;
        std::fs::write(&temp, bytes)?;
        self.wrote(temp, path);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let (path, temp) = self.paths(rel)?;
        std::fs::copy(from, &temp)?;
        self.wrote(temp, path);
        Ok(())
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let (path, temp) = self.paths(rel)?;
        write_buffered(&temp, fill)?;
        self.wrote(temp, path);
        Ok(())
    }

    fn remove(&self, rel: &str) -> io::Result<()> {
        lock(&self.removed).push(rel.to_string());
        Ok(())
    }
}
