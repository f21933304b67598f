//! Installing a released roadsmith, offline: scripts/package.sh makes a fake GitHub
//! release the way .github/workflows/release.yml makes the real one (this binary for
//! this machine, stand-ins for the other targets), it is served on loopback, and
//! scripts/install.sh (what action.yml runs) installs from it.
//!
//! The scripts run under bash, so these tests run where bash is at home (Linux, macOS);
//! on Windows the release workflow runs the same script under Git Bash before publishing.
#![cfg(all(unix, feature = "serve"))]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::release::*;
use common::*;

/// `scripts/install.sh ARGS...` with `path_first` (if any) searched first for commands.
fn install(args: &[&str], path_first: Option<&Path>) -> Output {
    let mut command = Command::new("bash");
    command.arg(repo().join("scripts/install.sh")).args(args);
    if let Some(dir) = path_first {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![dir.to_path_buf()];
        paths.extend(std::env::split_paths(&path));
        command.env("PATH", std::env::join_paths(paths).unwrap());
    }
    command.output().unwrap()
}

#[test]
fn it_installs_this_machines_build_which_builds_a_site() {
    let release = Release::new(VERSION, &TARGETS, Host::Real);
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("bin");
    let out = install(
        &[
            "--version",
            &format!("v{VERSION}"),
            "--dir",
            bin.to_str().unwrap(),
            "--download-url",
            &release.download_url(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let host = host_target();
    assert!(
        stdout(&out).contains(&format!("Installed roadsmith {VERSION} ({host})")),
        "{}",
        stdout(&out)
    );
    let installed = bin.join("roadsmith");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(env!("CARGO_BIN_EXE_roadsmith")).unwrap(),
        "the archive for {host} was installed, not another target's"
    );

    let run = |args: &[&str]| {
        let out = Command::new(&installed)
            .current_dir(home.path())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    run(&["init", "site"]);
    run(&["build", "--root", "site"]);
    assert!(read(&home.path().join("site"), "public/index.html").contains("Getting Started"));
}

#[test]
fn it_picks_the_windows_zip_for_windows() {
    let release = Release::new(VERSION, &TARGETS, Host::StandIn);
    let bin = tempfile::tempdir().unwrap();
    let target = "x86_64-pc-windows-msvc";
    // No --version: the version of the Cargo.toml beside the script (action.yml's own).
    let out = install(
        &[
            "--dir",
            bin.path().to_str().unwrap(),
            "--download-url",
            &release.download_url(),
            "--target",
            target,
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("Installed roadsmith {VERSION} ({target})")));
    assert_eq!(
        read(bin.path(), "roadsmith.exe"),
        stand_in_text(VERSION, target)
    );
}

#[test]
fn an_archive_that_does_not_match_its_checksum_is_never_installed() {
    let release = Release::new(VERSION, &TARGETS, Host::StandIn);
    let archive = archive_name(VERSION, &host_target());
    // Changed after the release was made: SHA256SUMS no longer matches it.
    let mut bytes = std::fs::read(release.asset(&archive)).unwrap();
    bytes.push(0);
    std::fs::write(release.asset(&archive), bytes).unwrap();

    let bin = tempfile::tempdir().unwrap();
    let out = install(
        &[
            "--version",
            VERSION,
            "--dir",
            bin.path().to_str().unwrap(),
            "--download-url",
            &release.download_url(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    for expected in [
        format!("error: {archive} does not match its SHA-256 in SHA256SUMS of release v{VERSION}"),
        "nothing was installed".to_string(),
        format!("{REPOSITORY}/issues"),
    ] {
        assert!(err.contains(&expected), "{expected:?} in\n{err}");
    }
    assert!(!bin.path().join("roadsmith").exists());
}

/// A `cargo` that writes its arguments to `cargo.log` and "installs" a roadsmith that
/// says `version`.
fn fake_cargo(dir: &Path, version: &str) {
    let script = format!(
        r#"#!/bin/sh
echo "$@" > "{log}"
while [ "$#" -gt 0 ]; do
    if [ "$1" = --root ]; then root="$2"; fi
    shift
done
mkdir -p "$root/bin"
printf '#!/bin/sh\necho "roadsmith {version}"\n' > "$root/bin/roadsmith"
chmod +x "$root/bin/roadsmith"
"#,
        log = dir.join("cargo.log").display()
    );
    let cargo = dir.join("cargo");
    std::fs::write(&cargo, script).unwrap();
    let made_executable = Command::new("chmod")
        .arg("+x")
        .arg(&cargo)
        .status()
        .unwrap();
    assert!(made_executable.success());
}

#[test]
fn without_a_build_for_this_machine_it_builds_the_releases_tag_with_cargo() {
    let others: Vec<&str> = TARGETS
        .into_iter()
        .filter(|t| *t != host_target())
        .collect();
    let release = Release::new(VERSION, &others, Host::StandIn);
    for (version, why) in [
        (VERSION, format!("release v{VERSION} has no ")),
        ("9.9.9", "no release v9.9.9 at ".to_string()),
    ] {
        let tools = tempfile::tempdir().unwrap();
        fake_cargo(tools.path(), version);
        let bin = tempfile::tempdir().unwrap();
        let out = install(
            &[
                "--version",
                version,
                "--dir",
                bin.path().to_str().unwrap(),
                "--download-url",
                &release.download_url(),
            ],
            Some(tools.path()),
        );
        assert!(out.status.success(), "{version}: {}", stderr(&out));
        assert!(stdout(&out).contains(&why), "{why:?} in {}", stdout(&out));
        let args = read(tools.path(), "cargo.log");
        let expected = format!("install --git {REPOSITORY} --tag v{version} --locked --root ");
        assert!(args.starts_with(&expected), "{expected:?}, got {args:?}");
        assert!(args.trim_end().ends_with(" roadsmith"), "{args}");
        assert!(bin.path().join("roadsmith").is_file());
    }
}

#[test]
fn a_version_that_is_not_one_is_refused() {
    for (args, message) in [
        (&["--version", "latest"][..], "is not a roadsmith version"),
        (
            &["--version", "1.0; rm -rf /"],
            "is not a roadsmith version",
        ),
        (&["--version"], "--version needs a value"),
    ] {
        let out = install(args, None);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
}

/// `cargo binstall roadsmith` finds the archives release.yml attaches: Cargo.toml's
/// [package.metadata.binstall] names them as package.sh makes them.
#[test]
fn cargo_binstall_metadata_names_the_release_archives() {
    let release = Release::new(VERSION, &TARGETS, Host::StandIn);
    let manifest: toml::Table = std::fs::read_to_string(repo().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let binstall = &manifest["package"]["metadata"]["binstall"];
    for target in TARGETS {
        let overrides = binstall.get("overrides").and_then(|o| o.get(target));
        let key = |k: &str| {
            overrides
                .and_then(|o| o.get(k))
                .unwrap_or(&binstall[k])
                .as_str()
                .unwrap()
                .to_string()
        };
        let fill = |template: String| {
            template
                .replace("{ repo }", REPOSITORY)
                .replace("{ name }", "roadsmith")
                .replace("{ bin }", "roadsmith")
                .replace("{ version }", VERSION)
                .replace("{ target }", target)
                .replace(
                    "{ binary-ext }",
                    if target.contains("windows") {
                        ".exe"
                    } else {
                        ""
                    },
                )
        };
        let url = fill(key("pkg-url"));
        let archive = archive_name(VERSION, target);
        assert_eq!(
            url,
            format!("{REPOSITORY}/releases/download/v{VERSION}/{archive}")
        );
        let format = key("pkg-fmt");
        assert_eq!(
            format,
            if target.contains("windows") {
                "zip"
            } else {
                "tgz"
            }
        );
        let listing = if format == "zip" {
            Command::new("unzip")
                .arg("-Z1")
                .arg(release.asset(&archive))
                .output()
        } else {
            Command::new("tar")
                .arg("-tzf")
                .arg(release.asset(&archive))
                .output()
        }
        .unwrap();
        let bin_dir = fill(key("bin-dir"));
        assert!(
            stdout(&listing).lines().any(|l| l == bin_dir),
            "{bin_dir} in {archive}:\n{}",
            stdout(&listing)
        );
    }
    let sums = std::fs::read_to_string(release.asset("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), TARGETS.len(), "{sums}");
}

/// release.yml builds every target install.sh and binstall know, verifies each one's
/// archive installs before anything is published, and tests first; a tag that is not
/// Cargo.toml's version stops it.
#[test]
fn the_release_workflow_tests_builds_and_verifies_every_target_before_publishing() {
    let workflow = common::actions::yaml(&repo().join(".github/workflows/release.yml"));
    let jobs = &workflow["jobs"];
    let matrix_of = |job: &str, key: &str| -> Vec<String> {
        jobs[job]["strategy"]["matrix"]["include"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{job} has a matrix"))
            .iter()
            .map(|row| row[key].as_str().unwrap().to_string())
            .collect()
    };
    let mut targets = TARGETS.map(String::from).to_vec();
    targets.sort();
    for job in ["build", "verify"] {
        let mut built = matrix_of(job, "target");
        built.sort();
        assert_eq!(built, targets, "{job}");
    }
    let tested: Vec<&str> = jobs["test"]["strategy"]["matrix"]["os"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|os| os.as_str().unwrap())
        .collect();
    for os in ["ubuntu-", "macos-", "windows-"] {
        assert!(
            tested.iter().any(|t| t.starts_with(os)),
            "{os} in {tested:?}"
        );
    }
    for (job, needs) in [
        ("build", "test"),
        ("verify", "build"),
        ("publish", "verify"),
    ] {
        assert_eq!(jobs[job]["needs"].as_str(), Some(needs), "{job}");
    }
    assert_eq!(
        jobs["publish"]["if"].as_str(),
        Some("github.ref_type == 'tag'")
    );

    let tag_check = |tag: &str| {
        Command::new("bash")
            .arg(repo().join("scripts/package.sh"))
            .args(["version", tag])
            .output()
            .unwrap()
    };
    let out = tag_check(&format!("v{VERSION}"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), VERSION);
    let out = tag_check("v999.0.0");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("the tag v999.0.0 is not v{VERSION}")),
        "{}",
        stderr(&out)
    );
}
