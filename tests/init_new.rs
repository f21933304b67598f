//! `roadsmith init`, `roadsmith new stage` and `--help`, through the real binary.

mod common;

use std::path::Path;

use common::*;

fn in_dir(dir: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_roadsmith"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn init_makes_a_site_that_builds_with_the_built_in_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let out = in_dir(tmp.path(), &["init", "my-roadmap"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = tmp.path().join("my-roadmap");
    for file in [
        "site.toml",
        "content/_index.md",
        "content/00-getting-started.md",
        "content/01-first-project.md",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(
        !site.join("themes").exists(),
        "the theme stays in the binary"
    );

    let next = stdout(&out);
    assert!(
        next.contains("cd my-roadmap && roadsmith serve") && next.contains("\"GitHub Actions\""),
        "the next steps are a preview that works and how to publish:\n{next}"
    );

    let out = in_dir(&site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let overview = read(&site, "public/index.html");
    assert!(overview.contains("Getting Started") && overview.contains("Your First Project"));
    assert_eq!(
        std::fs::read_to_string(site.join("public/style.css")).unwrap(),
        default_theme_css("style.css"),
        "the embedded theme is the repository's themes/default"
    );
    let out = in_dir(&site, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The workflow `init` writes is src/scaffold/pages.yml with this release filled in;
/// tests/action.rs runs the action it uses, as it uses it.
#[test]
fn init_writes_the_pages_workflow_kept_in_the_repository_and_a_gitignore() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(in_dir(tmp.path(), &["init"]).status.success());
    let written = read(tmp.path(), ".github/workflows/pages.yml");
    let repository = env!("CARGO_PKG_REPOSITORY")
        .strip_prefix("https://github.com/")
        .expect("Cargo.toml's repository is on GitHub");
    let template = read(&repo(), "src/scaffold/pages.yml");
    assert_eq!(
        written,
        template
            .replace("__REPOSITORY__", repository)
            .replace("__VERSION__", env!("CARGO_PKG_VERSION"))
    );
    assert!(!written.contains("__"), "every placeholder is filled in");
    let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&written).expect("YAML");
    let steps: Vec<&serde_yaml_ng::Value> = workflow["jobs"]
        .as_mapping()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_sequence().unwrap())
        .collect();
    assert!(
        steps.iter().all(|s| s.get("run").is_none()),
        "roadsmith runs only through its action, whose commands tests/action.rs runs"
    );
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert_eq!(
        uses,
        [
            "actions/checkout@v4",
            "actions/configure-pages@v5",
            &format!("{repository}@v{}", env!("CARGO_PKG_VERSION")),
            "actions/upload-pages-artifact@v3",
            "actions/deploy-pages@v4",
        ]
    );
    assert_eq!(workflow["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(workflow["permissions"]["id-token"].as_str(), Some("write"));

    let ignored = read(tmp.path(), ".gitignore");
    assert!(ignored.lines().any(|l| l == "/public/"), "{ignored}");
    assert!(
        ignored.lines().any(|l| l == "/.roadsmith/"),
        "check --external's cache stays out of the repository: {ignored}"
    );
}

#[test]
fn init_no_workflow_writes_none_and_says_how_to_publish_instead() {
    let tmp = tempfile::tempdir().unwrap();
    let out = in_dir(tmp.path(), &["init", "--no-workflow"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!tmp.path().join(".github").exists());
    assert!(tmp.path().join(".gitignore").is_file());
    let next = stdout(&out);
    assert!(next.contains("roadsmith serve"), "{next}");
    assert!(
        !next.contains("GitHub Actions"),
        "no workflow, no promise: {next}"
    );
    assert!(next.contains("--base-url"), "{next}");
}

#[test]
fn init_force_keeps_an_authors_workflow_and_adds_to_their_gitignore() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join(".github/workflows")).unwrap();
    std::fs::write(tmp.path().join(".github/workflows/pages.yml"), "mine").unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "*.log").unwrap();
    let out = in_dir(tmp.path(), &["init", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(tmp.path(), ".github/workflows/pages.yml"), "mine");
    let ignored = read(tmp.path(), ".gitignore");
    assert!(
        ignored.starts_with("*.log\n") && ignored.contains("\n/public/\n"),
        "{ignored}"
    );
    let said = stdout(&out);
    assert!(
        said.contains(".github/workflows/pages.yml (exists, left as it was)"),
        "{said}"
    );
    assert!(!said.contains("\"GitHub Actions\""), "{said}");

    // Again: nothing more to add.
    let out = in_dir(tmp.path(), &["init", "--force"]);
    assert!(out.status.success());
    assert_eq!(read(tmp.path(), ".gitignore"), ignored);
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(in_dir(tmp.path(), &["init"]).status.success());
    std::fs::create_dir(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/404.html"),
        "<p>Lost? {{ site.title }}</p>",
    )
    .unwrap();
    let out = build(tmp.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        read(tmp.path(), "public/404.html"),
        "<p>Lost? My Learning Roadmap</p>"
    );
    assert!(read(tmp.path(), "public/index.html").contains("Getting Started"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let out = in_dir(tmp.path(), &["init"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert!(!tmp.path().join("site.toml").exists());

    let out = in_dir(tmp.path(), &["init", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(tmp.path(), "notes.txt"), "mine", "nothing is deleted");
    assert!(tmp.path().join("site.toml").is_file());
}

#[test]
fn new_stage_is_numbered_after_the_last_one_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(in_dir(tmp.path(), &["init"]).status.success());
    let out = in_dir(
        tmp.path(),
        &[
            "new",
            "stage",
            "Models & the ORM",
            "--duration",
            "2-3 weeks",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "content/02-models-the-orm.md");
    let text = read(tmp.path(), "content/02-models-the-orm.md");
    for expected in [
        "title = \"Models & the ORM\"",
        "stage = 2",
        "duration = \"2-3 weeks\"",
        "## Topics",
        "## Best practices",
        "## Learning",
        "## Exercises",
        "- [ ] ",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    let out = build(tmp.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(tmp.path(), "public/index.html").contains("Models &amp; the ORM"));
}

#[test]
fn new_stage_starts_at_zero_and_never_overwrites() {
    let site = site(&["minimal"]);
    for f in ["00-first.md", "01-second.md"] {
        std::fs::remove_file(site.path().join("content").join(f)).unwrap();
    }
    let root = site.path().to_str().unwrap();
    let out = roadsmith(&["new", "stage", "Basics", "--root", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.path().join("content/00-basics.md").is_file());

    // A page (no `stage`) already holds the next stage's file name.
    std::fs::write(
        site.path().join("content/01-extra.md"),
        "+++\ntitle = \"Mine\"\n+++\nKeep me.\n",
    )
    .unwrap();
    let out = roadsmith(&["new", "stage", "Extra", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/01-extra.md"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        read(site.path(), "content/01-extra.md"),
        "+++\ntitle = \"Mine\"\n+++\nKeep me.\n"
    );
}

#[test]
fn new_stage_rejects_an_unreadable_duration() {
    let site = site(&["minimal"]);
    let root = site.path().to_str().unwrap();
    let out = roadsmith(&["new", "stage", "X", "--duration", "soon", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unreadable duration"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("hint:"), "{}", stderr(&out));
}

#[test]
fn every_command_has_help_with_an_example() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["init", "--help"],
        &["new", "--help"],
        &["new", "stage", "--help"],
        &["serve", "--help"],
        &["export", "--help"],
        &["export", "checklist", "--help"],
        &["export", "notion", "--help"],
    ] {
        let out = roadsmith(args);
        assert!(out.status.success(), "{args:?}");
        let help = stdout(&out);
        assert!(help.contains("Example:\n  roadsmith "), "{args:?}:\n{help}");
    }
}
