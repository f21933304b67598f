//! Publishing from a `gh-pages` branch checked out in the output folder: a build keeps
//! the folder's `.git` (a worktree's file, a clone's folder) and the names `keep` of
//! site.toml lists, so `public/` stays a working repository, with real git.

mod common;

use std::path::Path;

use common::*;

/// Gives the second stage a new slug: its old page must go from the output.
fn move_second_stage(site: &Path) {
    std::fs::write(
        site.join("content/01-second.md"),
        "+++\ntitle = \"Second Stage\"\nstage = 1\nduration = \"1 week\"\nslug = \"later\"\n+++\n## Exercises\n\n- [ ] Do the second thing\n",
    )
    .unwrap();
}

fn built(site: &Path, extra: &[&str]) {
    let out = build(site, extra);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_gh_pages_worktree_in_public_survives_two_builds() {
    let site = site(&["minimal"]);
    let root = site.path();
    let public = root.join("public");
    gh_pages_worktree(root);
    let dot_git = std::fs::read(public.join(".git")).unwrap();

    // A worktree holding nothing but its .git file: built into without --force.
    built(root, &[]);
    assert_eq!(std::fs::read(public.join(".git")).unwrap(), dot_git);
    assert!(git(&public, &["status", "--porcelain"]).contains("?? stages/"));
    git(&public, &["add", "--all"]);
    git(&public, &["commit", "-q", "-m", "Publish"]);

    move_second_stage(root);
    built(root, &[]);
    assert_eq!(std::fs::read(public.join(".git")).unwrap(), dot_git);
    assert_eq!(
        git(&public, &["branch", "--show-current"]).trim(),
        "gh-pages"
    );
    assert!(git(root, &["worktree", "list"]).contains("[gh-pages]"));
    let status = git(&public, &["status", "--porcelain"]);
    assert!(status.contains(" D stages/second/index.html"), "{status}");
    assert!(status.contains("?? stages/later/"), "{status}");
    assert!(!public.join("stages/second").exists());
    assert!(read(&public, "stages/later/index.html").contains("Second Stage"));
    git(&public, &["add", "--all"]);
    git(&public, &["commit", "-q", "-m", "Publish again"]);
    assert_eq!(
        git(&public, &["log", "--format=%s"]),
        "Publish again\nPublish\n"
    );
    // The site's own repository saw nothing of it.
    assert_eq!(
        git(root, &["status", "--porcelain"]),
        " M content/01-second.md\n"
    );
}

#[test]
fn a_clone_in_public_keeps_its_git_folder_and_the_names_keep_lists() {
    let site = site(&["minimal"]);
    let root = site.path();
    let public = root.join("public");
    std::fs::create_dir(&public).unwrap();
    git(&public, &["init", "-q", "-b", "gh-pages"]);
    std::fs::write(public.join("README.md"), "The published roadmap\n").unwrap();
    git(&public, &["add", "README.md"]);
    git(&public, &["commit", "-q", "-m", "Start"]);
    let toml = format!("{}keep = [\"README.md\"]\n", read(root, "site.toml"));
    std::fs::write(root.join("site.toml"), toml).unwrap();

    for round in ["first", "second"] {
        let git_dir = snapshot(&public.join(".git"));
        built(root, &[]);
        assert_eq!(snapshot(&public.join(".git")), git_dir, "{round} build");
        assert_eq!(read(&public, "README.md"), "The published roadmap\n");
        git(&public, &["add", "--all"]);
        git(&public, &["commit", "-q", "-m", round]);
        move_second_stage(root);
    }
    assert!(!public.join("stages/second").exists());
    assert_eq!(
        git(&public, &["ls-files", "README.md", "stages"]),
        "README.md\nstages/first/index.html\nstages/later/index.html\n"
    );
    assert_eq!(
        git(&public, &["log", "--format=%s"]),
        "second\nfirst\nStart\n"
    );
}

/// A gh-pages branch holding another generator's site: refused, naming what is there and
/// what --force would delete; --force deletes it and keeps `.git`.
#[test]
fn force_replaces_an_older_site_on_the_branch_and_keeps_git() {
    let site = site(&["minimal"]);
    let root = site.path();
    let public = root.join("public");
    gh_pages_worktree(root);
    for (file, text) in [("index.html", "older site"), ("about/index.html", "about")] {
        std::fs::create_dir_all(public.join(file).parent().unwrap()).unwrap();
        std::fs::write(public.join(file), text).unwrap();
    }
    git(&public, &["add", "--all"]);
    git(&public, &["commit", "-q", "-m", "The older site"]);
    let before = snapshot(&public);

    let out = build(root, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("(about/ and index.html;"), "{err}");
    assert!(
        err.contains("--force would delete about/ and index.html, keeping .git"),
        "{err}"
    );
    assert!(!err.contains("hint: pass --force"), "{err}");
    assert_eq!(snapshot(&public), before, "a refused build changes nothing");

    built(root, &["--force"]);
    assert!(!public.join("about").exists());
    assert!(read(&public, "index.html").contains("Minimal Roadmap"));
    let status = git(&public, &["status", "--porcelain"]);
    assert!(status.contains(" D about/index.html"), "{status}");
    assert!(status.contains(" M index.html"), "{status}");
}

/// A failed build leaves the previous output, `.git` included, exactly as it was.
#[test]
fn a_failed_build_leaves_the_repository_in_public_as_it_was() {
    let site = site(&["minimal"]);
    let root = site.path();
    let public = root.join("public");
    gh_pages_worktree(root);
    built(root, &[]);
    let before = snapshot(&public);
    std::fs::write(
        root.join("content/01-second.md"),
        "+++\ntitle = \"Second\"\nstage = 1\nduration = \"1 week\"\n+++\n[x](nowhere.md)\n",
    )
    .unwrap();
    let out = build(root, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(snapshot(&public), before);
    git(&public, &["status"]);
}

#[test]
fn keep_with_a_bad_name_is_a_clear_error() {
    let site = site(&["minimal"]);
    let root = site.path();
    let toml = read(root, "site.toml");
    for (keep, line, why) in [
        ("keep = [\".git\", \"../notes\"]", 4, "it is a path"),
        (
            "keep = [\n  \".git\",\n  \"drafts/old\",\n]",
            6,
            "it is a path",
        ),
        ("keep = [\"..\"]", 4, "it names a folder"),
        ("keep = [\"\"]", 4, "it is empty"),
        ("keep = \".git\"", 4, "expected a sequence"),
    ] {
        std::fs::write(root.join("site.toml"), format!("{toml}{keep}\n")).unwrap();
        for command in ["build", "check"] {
            let out = roadsmith(&[command, "--root", root.to_str().unwrap()]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{keep}: {err}");
            assert!(err.contains(&format!("site.toml:{line}:")), "{keep}: {err}");
            assert!(err.contains(why), "{keep}: {err}");
            assert!(!err.contains("panicked"), "{keep}: {err}");
        }
        assert!(!root.join("public").exists());
    }
    // A name the build writes itself cannot be carried over.
    std::fs::write(
        root.join("site.toml"),
        format!("{toml}keep = [\".git\", \"robots.txt\"]\n"),
    )
    .unwrap();
    let out = build(root, &[]);
    let err = stderr(&out);
    assert!(
        err.contains("site.toml:4: keep lists \"robots.txt\", which the build writes"),
        "{err}"
    );
    assert!(!root.join("public").exists());
}
