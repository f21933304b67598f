//! A fake GitHub release of roadsmith, served on loopback: scripts/package.sh makes it
//! the way .github/workflows/release.yml makes the real one.
#![cfg(all(unix, feature = "serve"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

use super::http::{Served, serve_dir};
use super::{repo, stderr};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The targets release.yml builds.
pub const TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

/// This machine's target, as install.sh should work it out.
pub fn host_target() -> String {
    let os = match std::env::consts::OS {
        "linux" => "unknown-linux-gnu",
        "macos" => "apple-darwin",
        other => other,
    };
    format!("{}-{os}", std::env::consts::ARCH)
}

pub fn archive_name(version: &str, target: &str) -> String {
    let ext = if target.contains("windows") {
        "zip"
    } else {
        "tar.gz"
    };
    format!("roadsmith-v{version}-{target}.{ext}")
}

/// A fake release of `version` with builds for `targets`, served on loopback.
/// Every build is a stand-in ([`stand_in_text`]) except, with [`Host::Real`], this
/// machine's, which is this roadsmith (a debug build: slow to pack, so only when needed).
pub struct Release {
    dir: TempDir,
    server: Served,
    version: String,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Host {
    Real,
    StandIn,
}

impl Release {
    pub fn new(version: &str, targets: &[&str], host: Host) -> Release {
        let dir = tempfile::tempdir().unwrap();
        let assets = dir
            .path()
            .join("releases/download")
            .join(format!("v{version}"));
        for target in targets {
            let binary = if *target == host_target() && host == Host::Real {
                PathBuf::from(env!("CARGO_BIN_EXE_roadsmith"))
            } else {
                let stand_in = dir.path().join(format!("stand-in-{target}"));
                std::fs::write(&stand_in, stand_in_text(version, target)).unwrap();
                stand_in
            };
            let out = package(&["archive", target, binary.to_str().unwrap()], &assets);
            assert!(out.status.success(), "package.sh: {}", stderr(&out));
        }
        let out = package(&["sums"], &assets);
        assert!(out.status.success(), "package.sh sums: {}", stderr(&out));
        let server = serve_dir(dir.path());
        Release {
            dir,
            server,
            version: version.to_string(),
        }
    }

    pub fn download_url(&self) -> String {
        format!("{}releases/download", self.server.base())
    }

    pub fn asset(&self, name: &str) -> PathBuf {
        self.dir
            .path()
            .join("releases/download")
            .join(format!("v{}", self.version))
            .join(name)
    }
}

/// What stands in for another target's binary: a script that says the version.
pub fn stand_in_text(version: &str, target: &str) -> String {
    format!("#!/bin/sh\n# stands in for the {target} build\necho \"roadsmith {version}\"\n")
}

/// `scripts/package.sh ARGS... DIR`
pub fn package(args: &[&str], dir: &Path) -> Output {
    Command::new("bash")
        .arg(repo().join("scripts/package.sh"))
        .args(args)
        .arg(dir)
        .output()
        .unwrap()
}
