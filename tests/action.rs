//! action.yml run as GitHub's runner would run it (tests/common/actions.rs), the way
//! the workflows use it: the one `roadsmith init` writes (a release, downloaded) and
//! this repository's pages.yml (`version: source`). Releases are fake, on loopback.
#![cfg(all(unix, feature = "serve"))]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::actions::*;
use common::release::*;
use common::*;

const PAGES_URL: &str = "https://someone.github.io/a-roadmap/";

/// `with:` of a workflow step, its `${{ steps.pages.outputs.base_url }}` filled in as
/// actions/configure-pages would for a project site.
fn inputs_of(step: &serde_yaml_ng::Value) -> BTreeMap<String, String> {
    with(step)
        .into_iter()
        .map(|(k, v)| {
            let v = v.replace("${{ steps.pages.outputs.base_url }}", PAGES_URL);
            assert!(!v.contains("${{"), "{k}: {v}");
            (k, v)
        })
        .collect()
}

fn init(dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_roadsmith"))
        .arg("init")
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The built overview links under the project's subpath.
fn assert_built_for_pages(output_dir: &Path) {
    let overview = read(output_dir, "index.html");
    assert!(
        overview.contains("href=\"/a-roadmap/stages/"),
        "links carry the Pages subpath"
    );
    assert!(read(output_dir, "sitemap.xml").contains(&format!("{PAGES_URL}stages/")));
}

#[test]
fn the_workflow_init_writes_installs_this_version_and_publishes_what_it_built() {
    let workspace = tempfile::tempdir().unwrap();
    init(workspace.path());
    let workflow = yaml(&workspace.path().join(".github/workflows/pages.yml"));
    let repository = REPOSITORY.trim_start_matches("https://github.com/");
    let step = step_using(&workflow, &format!("{repository}@"));
    assert_eq!(
        step["uses"].as_str(),
        Some(format!("{repository}@v{VERSION}").as_str()),
        "the action of this very release"
    );
    let inputs = inputs_of(step);
    assert_eq!(
        inputs.get("version").map(String::as_str),
        Some(VERSION),
        "pinned"
    );
    let id = step["id"].as_str().expect("the action step has an id");
    let upload = step_using(&workflow, "actions/upload-pages-artifact@");
    assert_eq!(
        with(upload)["path"],
        format!("${{{{ steps.{id}.outputs.output-dir }}}}"),
        "what is uploaded is what the action built"
    );

    let release = Release::new(VERSION, &TARGETS, Host::Real);
    let run = run_action(
        &repo(),
        &inputs,
        workspace.path(),
        &[("ROADSMITH_DOWNLOAD_URL", &release.download_url())],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        run.log.contains(&format!("Installed roadsmith {VERSION}")),
        "{}",
        run.log
    );
    let output_dir = &run.outputs["output-dir"];
    assert_built_for_pages(&workspace.path().join(output_dir));
    assert!(
        run.log.contains("== Check the site\ncheck: no problems"),
        "the site is checked before it is deployed: {}",
        run.log
    );

    // A site in a folder of the repository, written where the workflow says.
    let nested = tempfile::tempdir().unwrap();
    init(&nested.path().join("roadmap"));
    let mut inputs = inputs;
    inputs.insert("root".into(), "roadmap".into());
    inputs.insert("output-dir".into(), "site-out".into());
    let run = run_action(
        &repo(),
        &inputs,
        nested.path(),
        &[("ROADSMITH_DOWNLOAD_URL", &release.download_url())],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.outputs["output-dir"], "site-out");
    assert_built_for_pages(&nested.path().join("site-out"));
}

#[test]
fn a_broken_site_fails_the_action_with_the_file_and_line() {
    let workspace = tempfile::tempdir().unwrap();
    init(workspace.path());
    std::fs::write(
        workspace.path().join("content/01-first-project.md"),
        "+++\ntitle = \"x\"\nstage = 1\nduration = \"soon\"\n+++\n",
    )
    .unwrap();
    let release = Release::new(VERSION, &TARGETS, Host::Real);
    let err = run_action(
        &repo(),
        &BTreeMap::new(),
        workspace.path(),
        &[("ROADSMITH_DOWNLOAD_URL", &release.download_url())],
    )
    .err()
    .expect("the build fails");
    assert!(err.starts_with("step \"Build the site\" failed"), "{err}");
    assert!(err.contains("content/01-first-project.md:4"), "{err}");
}

#[test]
fn a_site_that_builds_but_fails_the_check_is_not_deployed() {
    let workspace = tempfile::tempdir().unwrap();
    init(workspace.path());
    let stage = workspace.path().join("content/01-first-project.md");
    let mut text = std::fs::read_to_string(&stage).unwrap();
    text.push_str("\nThe [old notes](/notes/) are gone.\n");
    std::fs::write(&stage, &text).unwrap();
    let line = text.lines().count();
    let release = Release::new(VERSION, &TARGETS, Host::Real);
    let err = run_action(
        &repo(),
        &BTreeMap::new(),
        workspace.path(),
        &[
            ("ROADSMITH_DOWNLOAD_URL", &release.download_url()),
            ("GITHUB_ACTIONS", "true"),
        ],
    )
    .err()
    .expect("the check fails the action");
    assert!(
        err.contains("== Build the site\nBuilt "),
        "it builds: {err}"
    );
    assert!(err.starts_with("step \"Check the site\" failed"), "{err}");
    assert!(
        err.contains(&format!(
            "::error file=content/01-first-project.md,line={line}::link \"/notes/\""
        )),
        "annotated on the file and line: {err}"
    );
}

/// A copy of the action's files, and a `cargo` that "builds" it by copying this
/// roadsmith into its target/release/, logging its arguments.
fn action_with_fake_cargo(dir: &Path) -> std::path::PathBuf {
    let action = dir.join("action");
    std::fs::create_dir_all(action.join("scripts")).unwrap();
    for file in ["action.yml", "Cargo.toml", "scripts/install.sh"] {
        std::fs::copy(repo().join(file), action.join(file)).unwrap();
    }
    let tools = dir.join("tools");
    std::fs::create_dir(&tools).unwrap();
    let cargo = tools.join("cargo");
    std::fs::write(
        &cargo,
        format!(
            "#!/bin/sh\necho \"$@\" >> \"{log}\"\nmkdir -p \"{action}/target/release\"\ncp \"{bin}\" \"{action}/target/release/roadsmith\"\n",
            log = dir.join("cargo.log").display(),
            action = action.display(),
            bin = env!("CARGO_BIN_EXE_roadsmith"),
        ),
    )
    .unwrap();
    assert!(
        Command::new("chmod")
            .arg("+x")
            .arg(&cargo)
            .status()
            .unwrap()
            .success()
    );
    tools
}

#[test]
fn this_repositorys_pages_workflow_builds_its_roadmap_with_the_code_of_the_same_commit() {
    let workflow = yaml(&repo().join(".github/workflows/pages.yml"));
    let uses: Vec<&str> = steps(&workflow)
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    for action in [
        "actions/checkout@",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "Swatinem/rust-cache@",
    ] {
        assert!(
            uses.iter().any(|u| u.starts_with(action)),
            "{action} in {uses:?}"
        );
    }
    assert_eq!(workflow["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(workflow["permissions"]["id-token"].as_str(), Some("write"));
    let step = step_using(&workflow, "./");
    assert_eq!(
        step["uses"].as_str(),
        Some("./"),
        "this repository's action"
    );
    let inputs = inputs_of(step);
    assert_eq!(inputs["version"], "source");
    let id = step["id"].as_str().unwrap();
    assert_eq!(
        with(step_using(&workflow, "actions/upload-pages-artifact@"))["path"],
        format!("${{{{ steps.{id}.outputs.output-dir }}}}")
    );

    // The action as that step runs it, in a checkout laid out as this repository's
    // (site.toml and content/ at its root) but holding the minimal fixture: the roadmap
    // here is its authors' to edit, and no edit of theirs should fail this test.
    let dir = tempfile::tempdir().unwrap();
    let tools = action_with_fake_cargo(dir.path());
    let workspace = dir.path().join("workspace");
    copy_dir(&repo().join("tests/fixtures/minimal"), &workspace);
    let path = format!(
        "{}:{}",
        tools.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = run_action(
        &dir.path().join("action"),
        &inputs,
        &workspace,
        &[("PATH", &path)],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        read(dir.path(), "cargo.log").trim(),
        format!(
            "build --release --locked --manifest-path {}/action/Cargo.toml",
            dir.path().display()
        )
    );
    assert_built_for_pages(&workspace.join(&run.outputs["output-dir"]));
}
