//! No command writes or deletes anything outside its output: each runs the real binary
//! in a workspace holding a site and sentinel files around it (beside the site, in the
//! site folder, beside the output folders), and every file, folder and link of the
//! workspace is compared before and after.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use common::{copy_dir, repo, stderr, stdout};
use tempfile::TempDir;

/// One entry of the workspace as found on disk (links are not followed).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

type Tree = BTreeMap<PathBuf, Node>;

/// A temporary folder with `site/` (fixtures laid over one another, with the repository's
/// themes) and sentinels: files, a folder and a link that no command may touch.
struct Workspace {
    dir: TempDir,
}

impl Workspace {
    fn new(fixtures: &[&str]) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        for name in fixtures {
            copy_dir(&repo().join("tests/fixtures").join(name), &site);
        }
        if !site.join("themes").exists() {
            copy_dir(&repo().join("themes"), &site.join("themes"));
        }
        let ws = Workspace { dir };
        for (rel, text) in [
            ("sentinel.txt", "beside the site"),
            ("sentinel-dir/keep.txt", "a folder beside the site"),
            ("site/sentinel.txt", "in the site folder"),
            ("out-parent/sentinel.txt", "beside an output folder"),
            ("tmp/.keep", "the temporary folder commands are given"),
        ] {
            ws.write(rel, text);
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink("sentinel-dir", ws.path("sentinel-link")).unwrap();
        ws
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Everything in the workspace, relative to it.
    fn tree(&self) -> Tree {
        walkdir::WalkDir::new(self.dir.path())
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let node = if e.path_is_symlink() {
                    Node::Link(std::fs::read_link(e.path()).unwrap())
                } else if e.file_type().is_dir() {
                    Node::Dir
                } else {
                    Node::File(std::fs::read(e.path()).unwrap())
                };
                let rel = e.path().strip_prefix(self.dir.path()).unwrap();
                (rel.to_path_buf(), node)
            })
            .collect()
    }

    /// Runs roadsmith in the workspace folder, with its own temporary folder.
    fn roadsmith(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_roadsmith"))
            .args(args)
            .current_dir(self.dir.path())
            .env("TMPDIR", self.path("tmp"))
            .output()
            .unwrap()
    }

    /// Runs `args`, expecting success or failure, and checks that whatever changed in
    /// the workspace lies under one of `allowed`. Returns the output and what changed.
    fn run_confined(&self, args: &[&str], success: bool, allowed: &[&str]) -> (Output, Changes) {
        let before = self.tree();
        let out = self.roadsmith(args);
        assert_eq!(
            out.status.success(),
            success,
            "roadsmith {args:?}: {}",
            stderr(&out)
        );
        let changes = Changes::between(&before, &self.tree());
        changes.assert_within(&format!("roadsmith {args:?}"), allowed);
        (out, changes)
    }
}

/// Paths added, changed (content, kind or link target) and removed.
#[derive(Debug, Default)]
struct Changes {
    added: BTreeSet<PathBuf>,
    changed: BTreeSet<PathBuf>,
    removed: BTreeSet<PathBuf>,
}

impl Changes {
    fn between(before: &Tree, after: &Tree) -> Changes {
        let mut c = Changes::default();
        for (path, node) in after {
            match before.get(path) {
                None => c.added.insert(path.clone()),
                Some(old) if old != node => c.changed.insert(path.clone()),
                Some(_) => false,
            };
        }
        c.removed = before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .cloned()
            .collect();
        c
    }

    fn all(&self) -> impl Iterator<Item = &PathBuf> {
        self.added.iter().chain(&self.changed).chain(&self.removed)
    }

    fn is_empty(&self) -> bool {
        self.all().next().is_none()
    }

    fn assert_within(&self, what: &str, allowed: &[&str]) {
        let outside: Vec<&PathBuf> = self
            .all()
            .filter(|p| !allowed.iter().any(|a| p.starts_with(a)))
            .collect();
        assert!(
            outside.is_empty(),
            "{what} touched {outside:?} outside {allowed:?}\n{self:#?}"
        );
        let leftovers: Vec<&PathBuf> = self
            .added
            .iter()
            .filter(|p| p.to_string_lossy().contains(".roadsmith-"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "{what} left staging folders behind: {leftovers:?}"
        );
    }
}

/// Nothing of the workspace changed at all.
fn assert_untouched(ws: &Workspace, args: &[&str], success: bool) -> Output {
    let (out, changes) = ws.run_confined(args, success, &[]);
    assert!(changes.is_empty(), "{changes:#?}");
    out
}

/// A successful build wrote a whole site into `dir`.
fn assert_built(ws: &Workspace, dir: &str) {
    for file in ["index.html", "roadmap.json", "stages/first/index.html"] {
        assert!(ws.path(dir).join(file).is_file(), "{dir}/{file}");
    }
}

#[test]
fn build_writes_only_public() {
    let ws = Workspace::new(&["minimal"]);
    ws.run_confined(&["build", "--root", "site"], true, &["site/public"]);
    assert_built(&ws, "site/public");
    // A rebuild replaces the earlier build, and only it.
    ws.write("site/public/stale.html", "from an earlier build");
    let (_, changes) = ws.run_confined(&["build", "--root", "site"], true, &["site/public"]);
    assert!(
        changes
            .removed
            .contains(Path::new("site/public/stale.html"))
    );
    assert_built(&ws, "site/public");
}

#[test]
fn build_with_output_dir_writes_only_there() {
    let ws = Workspace::new(&["minimal"]);
    // Absolute, relative to the current folder, and nested in folders that do not exist.
    let absolute = ws.path("out-parent/abs");
    for (dir, shown) in [
        (absolute.to_str().unwrap(), "out-parent/abs"),
        ("out-parent/rel", "out-parent/rel"),
        ("out-parent/new/deeper/site", "out-parent/new"),
    ] {
        ws.run_confined(
            &["build", "--root", "site", "--output-dir", dir],
            true,
            &[shown],
        );
        assert_built(&ws, dir);
    }
}

#[test]
fn check_and_failed_builds_write_nothing() {
    let ws = Workspace::new(&["minimal"]);
    ws.run_confined(&["build", "--root", "site"], true, &["site/public"]);
    assert_untouched(&ws, &["check", "--root", "site"], true);

    // Broken in front matter (fails while loading) and in a link (fails while
    // rendering, after the staging folder was made): the last build stays as it was.
    for (file, text) in [
        (
            "site/content/01-second.md",
            "+++\ntitle = \"Second Stage\"\nstage = 1\nduration = \"soon\"\n+++\n",
        ),
        (
            "site/content/01-second.md",
            "+++\ntitle = \"Second Stage\"\nstage = 1\nduration = \"1 week\"\n+++\n[x](nowhere.md)\n",
        ),
    ] {
        ws.write(file, text);
        assert_untouched(&ws, &["check", "--root", "site"], false);
        let out = assert_untouched(&ws, &["build", "--root", "site"], false);
        assert!(
            stderr(&out).contains("content/01-second.md:"),
            "{}",
            stderr(&out)
        );
        let elsewhere = ["build", "--root", "site", "--output-dir", "out-parent/out"];
        assert_untouched(&ws, &elsewhere, false);
    }
}

#[test]
fn exports_write_only_the_file_they_are_given() {
    let ws = Workspace::new(&["minimal"]);
    for format in ["checklist", "notion"] {
        let out = assert_untouched(&ws, &["export", format, "--root", "site"], true);
        assert!(!out.stdout.is_empty());
        let file = format!("out-parent/{format}.out");
        let (_, changes) = ws.run_confined(
            &["export", format, "--root", "site", "-o", &file],
            true,
            &[&file],
        );
        assert_eq!(changes.added.len(), 1, "{changes:#?}");
    }
}

#[test]
fn init_and_new_stage_write_only_their_files() {
    let ws = Workspace::new(&["minimal"]);
    let (_, changes) = ws.run_confined(&["init", "new-site"], true, &["new-site"]);
    assert!(changes.added.contains(Path::new("new-site/site.toml")));
    // Into an existing folder that holds something: refused without --force.
    assert_untouched(&ws, &["init", "sentinel-dir"], false);

    let (out, changes) = ws.run_confined(
        &["new", "stage", "Third Stage", "--root", "site"],
        true,
        &["site/content/02-third-stage.md"],
    );
    assert_eq!(changes.added.len(), 1, "{changes:#?}");
    assert!(stdout(&out).contains("02-third-stage.md"));
    // A folder that is not a site gets nothing.
    assert_untouched(
        &ws,
        &["new", "stage", "Third", "--root", "sentinel-dir"],
        false,
    );
}

#[test]
fn output_dirs_that_would_destroy_sources_are_refused() {
    for (fixture, message) in [
        ("bad/output-is-content", "inside content/"),
        ("bad/output-outside-root", "outside the site folder"),
    ] {
        let ws = Workspace::new(&["minimal", fixture]);
        let out = assert_untouched(&ws, &["build", "--root", "site"], false);
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
    let ws = Workspace::new(&["minimal"]);
    let content = ws.path("site/content");
    for dir in [
        "site",
        ".",
        "site/content",
        content.to_str().unwrap(),
        "site/themes/x",
    ] {
        let out = assert_untouched(
            &ws,
            &["build", "--root", "site", "--output-dir", dir],
            false,
        );
        assert!(stderr(&out).contains("refusing"), "{dir}: {}", stderr(&out));
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_do_not_lead_a_build_astray() {
    use std::os::unix::fs::symlink;
    let ws = Workspace::new(&["minimal"]);
    // public/ is a link into the sources: refused like the sources themselves.
    symlink("content", ws.path("site/public")).unwrap();
    let out = assert_untouched(&ws, &["build", "--root", "site"], false);
    assert!(stderr(&out).contains("inside content/"), "{}", stderr(&out));
    assert_untouched(&ws, &["check", "--root", "site"], false);
    std::fs::remove_file(ws.path("site/public")).unwrap();

    // A link to a folder elsewhere: a build would replace the link, not fill the
    // folder, so it is refused (with --force too).
    ws.write("out-parent/target/keep.txt", "behind a link");
    symlink("out-parent/target", ws.path("out-link")).unwrap();
    for extra in [&[][..], &["--force"]] {
        let mut args = vec!["build", "--root", "site", "--output-dir", "out-link"];
        args.extend_from_slice(extra);
        let out = assert_untouched(&ws, &args, false);
        assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    }
    // A link among the folders above the output is fine: the output is inside its target.
    ws.run_confined(
        &["build", "--root", "site", "--output-dir", "out-link/site"],
        true,
        &["out-parent/target/site"],
    );
    assert_built(&ws, "out-parent/target/site");
}

#[test]
fn a_folder_that_is_not_an_earlier_build_is_replaced_only_with_force() {
    let ws = Workspace::new(&["minimal"]);
    ws.write("out-parent/mine/notes.txt", "not a roadsmith build");
    let args = ["build", "--root", "site", "--output-dir", "out-parent/mine"];
    let out = assert_untouched(&ws, &args, false);
    let err = stderr(&out);
    assert!(
        err.contains("out-parent/mine: refusing to replace the output folder")
            && err.contains("--force"),
        "{err}"
    );
    // The site's own public/ is held to the same rule.
    ws.write("site/public/notes.txt", "made by hand");
    assert_untouched(&ws, &["build", "--root", "site"], false);

    let forced = [&args[..], &["--force"][..]].concat();
    let (_, changes) = ws.run_confined(&forced, true, &["out-parent/mine"]);
    assert!(
        changes
            .removed
            .contains(Path::new("out-parent/mine/notes.txt"))
    );
    assert_built(&ws, "out-parent/mine");
    // Now it is an earlier build: the next build replaces it without --force.
    ws.run_confined(&args, true, &["out-parent/mine"]);
    // An empty folder holds nothing to lose.
    std::fs::create_dir(ws.path("out-parent/empty")).unwrap();
    ws.run_confined(
        &[
            "build",
            "--root",
            "site",
            "--output-dir",
            "out-parent/empty",
        ],
        true,
        &["out-parent/empty"],
    );
}

/// A git worktree in public/ (publishing from a gh-pages branch): builds write only
/// public/ and never its `.git`, and a failed build or a refused one writes nothing.
#[test]
fn a_git_worktree_in_public_is_built_into_and_its_git_left_alone() {
    let ws = Workspace::new(&["minimal"]);
    common::gh_pages_worktree(&ws.path("site"));
    for _ in 0..2 {
        let (_, changes) = ws.run_confined(&["build", "--root", "site"], true, &["site/public"]);
        let git = changes
            .all()
            .filter(|p| p.starts_with("site/public/.git"))
            .collect::<Vec<_>>();
        assert!(git.is_empty(), "{git:?}");
        assert_built(&ws, "site/public");
        common::git(&ws.path("site/public"), &["status"]);
    }
    ws.write(
        "site/content/01-second.md",
        "+++\ntitle = \"Second Stage\"\nstage = 1\nduration = \"1 week\"\n+++\n[x](nowhere.md)\n",
    );
    assert_untouched(&ws, &["build", "--root", "site"], false);
    // Files the build did not write beside .git: refused; --force deletes only them.
    std::fs::remove_file(ws.path("site/public/roadmap.json")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/minimal/content/01-second.md"),
        ws.path("site/content/01-second.md"),
    )
    .unwrap();
    let out = assert_untouched(&ws, &["build", "--root", "site"], false);
    assert!(stderr(&out).contains("keeping .git"), "{}", stderr(&out));
    let (_, changes) = ws.run_confined(
        &["build", "--root", "site", "--force"],
        true,
        &["site/public"],
    );
    assert!(
        !changes.all().any(|p| p.starts_with("site/public/.git")),
        "{changes:#?}"
    );
    common::git(&ws.path("site/public"), &["status"]);
}

// Stopped with SIGTERM, as a service manager would: Unix only.
#[cfg(all(unix, feature = "serve"))]
#[test]
fn serve_writes_only_its_temporary_folder_and_removes_it() {
    let ws = Workspace::new(&["minimal"]);
    ws.run_confined(&["build", "--root", "site"], true, &["site/public"]);
    ws.write("site/public/.git", "gitdir: a worktree's repository");
    let before = ws.tree();
    let mut server = common::serve::Server::launch(&ws.path("site"), &ws.path("tmp"));
    let edited = "site/content/00-first.md";
    server.edit(
        "content/00-first.md",
        "Do the first thing",
        "Do the first thing twice",
    );
    common::serve::wait_until("the edit to be served", || {
        server
            .get("/stages/first/")
            .body
            .contains("Do the first thing twice")
    });
    let rendering = ws.tree();
    assert!(
        rendering
            .keys()
            .any(|p| p.starts_with("tmp/") && p != Path::new("tmp/.keep")),
        "serve renders into its temporary folder"
    );
    server.stop();
    let changes = Changes::between(&before, &ws.tree());
    changes.assert_within("roadsmith serve", &[edited]);
    assert_eq!(changes.changed.len(), 1, "{changes:#?}");
}
