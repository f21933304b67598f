//! File names and paths on disk that every part of roadsmith shares.

use std::path::{Path, PathBuf};

/// Names editors and systems leave beside real files; never content, templates or
/// static files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains("___jb_")
        || name == "4913"
        || name == "Thumbs.db"
}

/// `path` as messages show it: its parts separated by `/` on every system, as the
/// docs, Markdown links and front matter write them (`content/04-orm.md`, also on
/// Windows).
pub fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text
    }
}

/// `path` relative to `root` for messages; unchanged when it is not below it.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
