//! Where the site is written: the output folder's rules, the [`Sink`] every build
//! writes into, a [`Staging`] folder that is swapped in only when a build succeeded
//! (so a failed build never touches `public/`) and that takes over the previous
//! output's unchanged files by hard link ([`reuse`]), and [`InPlace`] updates for
//! `serve`, committed together.

mod in_place;
mod reuse;
mod staging;

use std::ffi::{OsStr, OsString};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use crate::config::ALWAYS_KEPT;
use crate::error::Diagnostic;
pub use in_place::InPlace;
pub use staging::Staging;

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

/// Files every build writes in its output folder: a folder holding them was written by
/// roadsmith, and the next build may replace it.
pub const BUILD_MARKS: [&str; 2] = ["roadmap.json", crate::reader::search::META];

/// The marks of builds before the search files were `search/` (`search-index.json`):
/// a folder they wrote is replaced too.
const EARLIER_MARKS: [&str; 2] = ["roadmap.json", "search-index.json"];

/// The names at the top of the output folder that hold marks, new or earlier.
fn top_mark_names() -> impl Iterator<Item = &'static str> {
    (BUILD_MARKS.iter().chain(&EARLIER_MARKS)).map(|m| m.split('/').next().unwrap_or(m))
}

/// Names at the top of the output folder that a build carries over untouched:
/// [`ALWAYS_KEPT`] and those `keep` of site.toml lists. A build never deletes, moves or
/// writes them, not even with `--force`; a name that is not there is simply not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept(Vec<OsString>);

impl Kept {
    pub fn new<S: AsRef<str>>(names: &[S]) -> Kept {
        let mut kept = vec![OsString::from(ALWAYS_KEPT)];
        for name in names {
            let name = OsString::from(name.as_ref());
            if !kept.contains(&name) {
                kept.push(name);
            }
        }
        Kept(kept)
    }

    pub fn contains(&self, name: &OsStr) -> bool {
        self.0.iter().any(|n| n == name)
    }
}

impl Default for Kept {
    fn default() -> Kept {
        Kept::new::<&str>(&[])
    }
}

/// What a build does with an output folder that holds files roadsmith did not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForeignFiles {
    /// Refuse to build (the default).
    #[default]
    Refuse,
    /// Delete them with the old site (`--force`); [`Kept`] names stay.
    Delete,
}

/// A build replaces what its output folder holds, except the [`Kept`] names. Refuses
/// when that would delete what roadsmith did not write: a folder with other files but
/// without [`BUILD_MARKS`] (unless told to delete them), or a symbolic link (the link
/// would be replaced, not the folder it names). `shown` is how errors name the folder.
pub fn check_replaceable(
    output: &Path,
    shown: &Path,
    foreign: ForeignFiles,
    kept: &Kept,
) -> Result<(), Diagnostic> {
    let refuse = |why: String, hint: String| {
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
            "name the folder itself (roadsmith replaces the output folder, which would replace the link)".into(),
        ));
    }
    let Ok(entries) = std::fs::read_dir(output) else {
        return Ok(());
    };
    let marked = |marks: &[&str]| marks.iter().all(|m| output.join(m).is_file());
    let ours = marked(&BUILD_MARKS) || marked(&EARLIER_MARKS);
    if foreign == ForeignFiles::Delete || ours {
        return Ok(());
    }
    let (mut theirs, mut carried) = (Vec::new(), Vec::new());
    for entry in entries.flatten() {
        let name = entry.file_name();
        let mut shown_name = name.to_string_lossy().into_owned();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            shown_name.push('/');
        }
        if kept.contains(&name) {
            carried.push(shown_name);
        } else {
            theirs.push(shown_name);
        }
    }
    if theirs.is_empty() {
        return Ok(());
    }
    let listed = listing(&mut theirs);
    let keeping = if carried.is_empty() {
        String::new()
    } else {
        format!(", keeping {}", listing(&mut carried))
    };
    Err(refuse(
        format!(
            "it holds files roadsmith did not write ({listed}; it has no {}), and a build deletes them",
            BUILD_MARKS.join(" or ")
        ),
        format!(
            "move what matters out of {} or list it in keep of site.toml (a build carries those over), or build into a new or empty folder with --output-dir; --force would delete {listed}{keeping}",
            shown.display()
        ),
    ))
}

/// `a, b/, c and 4 more`: names sorted, at most five of them.
fn listing(names: &mut [String]) -> String {
    const SHOWN: usize = 5;
    names.sort();
    let head = &names[..names.len().min(SHOWN)];
    match (names.len().saturating_sub(SHOWN), head) {
        (_, []) => String::new(),
        (0, [one]) => one.clone(),
        (0, [rest @ .., last]) => format!("{} and {last}", rest.join(", ")),
        (more, _) => format!("{} and {more} more", head.join(", ")),
    }
}

/// One result per file written (or deleted).
pub type Written = Vec<Result<(), Diagnostic>>;

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
    /// Deletes `rel`, a file an earlier build wrote that an update no longer makes (a
    /// stage's page once it is gone, a search file when the search files are cut
    /// differently). Only sinks that hold an earlier build ([`InPlace`]) can.
    fn remove(&self, rel: &str) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("{rel}: this output holds no earlier build to delete from"),
        ))
    }
}

/// `dir/rel`, with the folders it goes in created.
pub(crate) fn place(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    Ok(path)
}

/// Creates `path` and writes what `fill` produces into it, through a buffer.
pub(crate) fn write_buffered(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
    fill(&mut file)?;
    file.flush()
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

    /// Writes the build's marks into `dir`.
    pub(super) fn mark(dir: &Path) {
        for m in BUILD_MARKS {
            std::fs::create_dir_all(dir.join(m).parent().unwrap()).unwrap();
            std::fs::write(dir.join(m), "earlier").unwrap();
        }
    }

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
        let kept = Kept::default();
        let replaceable = |foreign| check_replaceable(&out, Path::new("out"), foreign, &kept);
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
        std::fs::create_dir(out.join("search")).unwrap();
        assert!(replaceable(refuse).is_err(), "a folder is not a mark");
        std::fs::write(out.join("search/meta.json"), "{}").unwrap();
        assert!(replaceable(refuse).is_ok(), "an earlier build");
        std::fs::remove_dir_all(out.join("search")).unwrap();
        std::fs::write(out.join("search-index.json"), "[]").unwrap();
        assert!(replaceable(refuse).is_ok(), "a build from before search/");
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&out, &link).unwrap();
            let e = check_replaceable(&link, Path::new("link"), ForeignFiles::Delete, &kept)
                .unwrap_err();
            assert!(e.message.contains("symbolic link"), "{}", e.message);
        }
    }

    #[test]
    fn kept_names_are_not_counted_and_force_would_not_delete_them() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let kept = Kept::new(&["README.md"]);
        let replaceable =
            || check_replaceable(&out, Path::new("public"), ForeignFiles::Refuse, &kept);
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join("README.md"), "the branch's").unwrap();
        assert!(replaceable().is_ok(), "a repository holding nothing else");
        for name in ["notes.txt", "a.txt", "b.txt", "c.txt", "d.txt", "e.txt"] {
            std::fs::write(out.join(name), "mine").unwrap();
        }
        std::fs::create_dir(out.join("drafts")).unwrap();
        let e = replaceable().unwrap_err();
        assert!(
            e.message
                .contains("a.txt, b.txt, c.txt, d.txt, drafts/ and 2 more;"),
            "{}",
            e.message
        );
        assert!(!e.message.contains(".git"), "{}", e.message);
        let hint = e.hint.unwrap();
        assert!(
            hint.contains("--force would delete a.txt, b.txt, c.txt, d.txt, drafts/ and 2 more, keeping .git/ and README.md"),
            "{hint}"
        );
        assert!(!hint.starts_with("pass --force"), "{hint}");
        for name in ["notes.txt", "a.txt", "b.txt", "c.txt", "d.txt"] {
            std::fs::remove_file(out.join(name)).unwrap();
        }
        std::fs::remove_dir(out.join("drafts")).unwrap();
        let e = replaceable().unwrap_err();
        assert!(e.message.contains("(e.txt;"), "{}", e.message);
        std::fs::remove_file(out.join("e.txt")).unwrap();
        mark(&out);
        assert!(replaceable().is_ok(), "an earlier build in a repository");
        assert_eq!(Kept::new(&[".git", "x"]), Kept::new(&["x"]), ".git always");
    }
}
