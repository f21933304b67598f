//! Files a build would write as the previous build wrote them are taken over, not
//! written again: the staging folder gets a hard link to the previous output's file.
//! Writing a file costs several times what linking one does, and deleting the previous
//! output then frees only the files that changed. A file that did not change also
//! keeps its modification time, so `rsync` and HTTP caches see it unchanged.
//!
//! The previous output is never modified: a link adds a name in the staging folder,
//! and a failed build, whose staging folder is deleted, leaves every file as it was.

use std::io;
use std::path::Path;

/// Hard-links `old` to `to` if `old` is a regular file holding exactly `bytes`, reached
/// by its name (not through a symbolic link) and linked nowhere else; `false` (nothing
/// done) otherwise, or where there are no hard links (then the caller writes).
pub(super) fn link_unchanged(old: &Path, bytes: &[u8], to: &Path) -> bool {
    holds(old, bytes).unwrap_or(false) && std::fs::hard_link(old, to).is_ok()
}

#[cfg(unix)]
fn holds(old: &Path, bytes: &[u8]) -> io::Result<bool> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    // Not through a symbolic link: `hard_link` would link the link.
    let mut file = (std::fs::OpenOptions::new().read(true))
        .custom_flags(libc::O_NOFOLLOW)
        .open(old)?;
    let opened = file.metadata()?;
    // A file another name also links (a copy made with `cp -al`) is left to it.
    if !opened.is_file() || opened.len() != bytes.len() as u64 || opened.nlink() != 1 {
        return Ok(false);
    }
    same_bytes(&mut file, bytes)
}

#[cfg(not(unix))]
fn holds(_old: &Path, _bytes: &[u8]) -> io::Result<bool> {
    Ok(false)
}

/// Whether `file`, which is as long as `bytes`, holds them, read in pieces so that a
/// large file needs no buffer of its size.
#[cfg(unix)]
fn same_bytes(file: &mut std::fs::File, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Read;
    let mut buffer = [0u8; 16 * 1024];
    for expected in bytes.chunks(buffer.len()) {
        let piece = &mut buffer[..expected.len()];
        file.read_exact(piece)?;
        if piece != expected {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn inode(path: &Path) -> u64 {
        std::fs::symlink_metadata(path).unwrap().ino()
    }

    #[test]
    fn only_a_file_of_the_very_same_bytes_is_linked() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.html");
        // Longer than one piece of the comparison, with the difference in the last.
        let text: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&old, &text).unwrap();
        let mut other = text.clone();
        *other.last_mut().unwrap() ^= 1;
        let longer = [&text[..], &b"!"[..]].concat();
        let to = dir.path().join("new.html");
        for (bytes, why) in [
            (&other[..], "same length, last byte differs"),
            (&text[..text.len() - 1], "shorter"),
            (&longer[..], "longer"),
            (&b""[..], "empty"),
        ] {
            assert!(!link_unchanged(&old, bytes, &to), "{why}");
            assert!(!to.exists(), "{why}");
        }
        assert!(link_unchanged(&old, &text, &to));
        assert_eq!(inode(&to), inode(&old));
        assert_eq!(
            std::fs::read(&old).unwrap(),
            text,
            "the old file is as it was"
        );
        // `old` is now linked twice: it is not linked a third time.
        let third = dir.path().join("third.html");
        assert!(!link_unchanged(&old, &text, &third));
        assert!(!link_unchanged(&dir.path().join("missing"), &text, &third));
    }

    #[test]
    fn a_symbolic_link_or_a_folder_is_not_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "secret").unwrap();
        let link = dir.path().join("page.html");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let to = dir.path().join("new.html");
        assert!(!link_unchanged(&link, b"secret", &to));
        assert!(!to.exists());
        std::fs::create_dir(dir.path().join("folder")).unwrap();
        assert!(!link_unchanged(&dir.path().join("folder"), b"", &to));
    }
}
