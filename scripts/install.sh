#!/usr/bin/env bash
# Installs a released roadsmith binary for this machine, checked against the release's
# SHA256SUMS; action.yml runs it, and so does the workflow `roadsmith init` writes.
#
#   scripts/install.sh [--version 0.1.0] [--dir DIR]
#
#   --version V        the release to install (0.1.0 or v0.1.0); default: the version
#                      in the Cargo.toml of this script's repository (for action.yml,
#                      the action's own)
#   --dir DIR          where to put the binary (default: ~/.local/bin)
#   --repo OWNER/NAME  the GitHub repository of the releases (default: repository in
#                      the same Cargo.toml)
#   --download-url U   where releases are, instead of https://github.com/OWNER/NAME/releases/download
#                      (or $ROADSMITH_DOWNLOAD_URL, for a mirror); the archive is
#                      U/vV/ARCHIVE (tests serve a fake release there)
#   --target TRIPLE    the build to install instead of this machine's (the binary is then
#                      not run to check it)
#   --source DIR       build roadsmith from the source in DIR with cargo instead
#
# Works on Linux, macOS and Windows (Git Bash, as GitHub's `shell: bash`), with curl,
# tar, unzip or PowerShell, and sha256sum or shasum. When the release has no build for
# this machine (or there is no such release), roadsmith is built with
# `cargo install --git https://github.com/OWNER/NAME --tag vV --locked`. An archive that
# does not match its checksum is never installed.
set -euo pipefail

die() {
    echo "error: $*" >&2
    exit 1
}

usage() {
    sed -n '/^#   scripts/,/^#   --source/p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

version="" dir="${HOME:-.}/.local/bin" repo="" target="" source_dir=""
download_url="${ROADSMITH_DOWNLOAD_URL:-}"
while [ "$#" -gt 0 ]; do
    case "$1" in
    --version | --dir | --repo | --download-url | --target | --source)
        [ "$#" -ge 2 ] || die "$1 needs a value"
        case "$1" in
        --version) version="$2" ;;
        --dir) dir="$2" ;;
        --repo) repo="$2" ;;
        --download-url) download_url="$2" ;;
        --target) target="$2" ;;
        --source) source_dir="$2" ;;
        esac
        shift 2
        ;;
    -h | --help) usage ;;
    *) echo "error: unknown argument $1" >&2 && usage ;;
    esac
done

# The binary's file name on the machine (or --target) being installed for.
binary_name() {
    case "$1" in *windows*) echo "roadsmith.exe" ;; *) echo "roadsmith" ;; esac
}

# Copies the binary at $1 into $dir, executable.
put_in_place() {
    mkdir -p "$dir"
    cp "$1" "$dir/$(basename "$1")"
    chmod +x "$dir/$(basename "$1")"
}

host_target() {
    local os arch
    case "$(uname -s)" in
    Linux)
        # Alpine and other musl systems cannot run the glibc build.
        if ls /lib/ld-musl-* >/dev/null 2>&1; then os="unknown-linux-musl"; else os="unknown-linux-gnu"; fi
        ;;
    Darwin) os="apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) os="pc-windows-msvc" ;;
    *) os="unknown-$(uname -s)" ;;
    esac
    case "$(uname -m)" in
    x86_64 | amd64) arch="x86_64" ;;
    aarch64 | arm64) arch="aarch64" ;;
    *) arch="$(uname -m)" ;;
    esac
    echo "$arch-$os"
}

# --source: build the roadsmith of a source folder, in that folder's target/ (cached
# between runs by CI caches of target/).
if [ -n "$source_dir" ]; then
    [ -f "$source_dir/Cargo.toml" ] || die "$source_dir/Cargo.toml: no such file; --source names a roadsmith source folder"
    command -v cargo >/dev/null 2>&1 || die "cargo is not installed; install Rust (https://rustup.rs) to build roadsmith from $source_dir"
    echo "Building roadsmith from $source_dir with cargo"
    cargo build --release --locked --manifest-path "$source_dir/Cargo.toml"
    put_in_place "$source_dir/target/release/$(binary_name "$(host_target)")"
    "$dir/$(binary_name "$(host_target)")" --version
    echo "Installed roadsmith from $source_dir to $dir"
    exit 0
fi

# Cargo.toml of the roadsmith this script belongs to: its version and repository.
manifest="$(cd "$(dirname "$0")/.." && pwd)/Cargo.toml"
# The value of the first `KEY = "..."` line of Cargo.toml (in [package]).
from_manifest() {
    [ -f "$manifest" ] && sed -n "s|^$1 = \"\\([^\"]*\\)\"\$|\\1|p" "$manifest" | head -n 1
}

if [ -z "$version" ]; then
    version="$(from_manifest version)" || true
    [ -n "$version" ] || die "no version = \"...\" in $manifest; pass --version, e.g. --version 0.1.0"
fi
version="${version#v}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
    die "--version: \"$version\" is not a roadsmith version such as 0.1.0"

if [ -z "$repo" ]; then
    repo="$(from_manifest repository)" || true
    repo="${repo#https://github.com/}"
    [ -n "$repo" ] || die "no repository = \"https://github.com/OWNER/NAME\" in $manifest; pass --repo OWNER/NAME"
fi
[[ "$repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || die "--repo: \"$repo\" is not OWNER/NAME"
[ -n "$download_url" ] || download_url="https://github.com/$repo/releases/download"

check_binary=yes
if [ -n "$target" ]; then check_binary=no; else target="$(host_target)"; fi
exe="$(binary_name "$target")"
name="roadsmith-v$version-$target"
case "$target" in *windows*) archive="$name.zip" ;; *) archive="$name.tar.gz" ;; esac
release="$download_url/v$version"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Downloads $1 to $2. Returns 0, or 4 when there is no such file, or 1 on any other
# failure (after curl's retries), which it reports.
fetch() {
    local code status=0
    code="$(curl --silent --show-error --location --retry 3 --output "$2" --write-out '%{http_code}' "$1")" || status=$?
    case "$status:$code" in
    0:2* | 0:000) return 0 ;; # 000: a file:// URL
    0:404 | 37:*) return 4 ;; # 37: no such file:// file
    0:*) echo "error: $1: HTTP $code" >&2 ;;
    *) echo "error: $1: could not download (curl exit $status)" >&2 ;;
    esac
    return 1
}

# No build of this version for this machine: build it from the release's tag instead.
build_from_tag() {
    [ "$check_binary" = yes ] || die "no prebuilt roadsmith $version for $target ($1); nothing was installed"
    echo "No prebuilt roadsmith $version for $target ($1);" \
        "building it from https://github.com/$repo at tag v$version with cargo (this takes a few minutes)"
    command -v cargo >/dev/null 2>&1 ||
        die "cargo is not installed to build roadsmith $version for $target: install Rust (https://rustup.rs), or use a machine with a prebuilt roadsmith (Linux or macOS on x86_64 or arm64, Windows on x86_64)"
    cargo install --git "https://github.com/$repo" --tag "v$version" --locked --root "$work/cargo" roadsmith
    put_in_place "$work/cargo/bin/$exe"
    finish
}

# Checks the installed binary runs and is the version asked for.
finish() {
    if [ "$check_binary" = yes ]; then
        local said
        said="$("$dir/$exe" --version)" || die "$dir/$exe was installed but does not run on this machine"
        [ "$said" = "roadsmith $version" ] || die "$dir/$exe says \"$said\", not roadsmith $version"
    fi
    echo "Installed roadsmith $version ($target) to $dir/$exe"
    exit 0
}

status=0
fetch "$release/SHA256SUMS" "$work/SHA256SUMS" || status=$?
case "$status" in
0) ;;
4) build_from_tag "no release v$version at $download_url" ;;
*) die "could not read the checksums of roadsmith $version; nothing was installed" ;;
esac

# Lines are "<sha256>  <file>" (or "<sha256> *<file>" for binary mode).
expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$work/SHA256SUMS")"
[ -n "$expected" ] || build_from_tag "release v$version has no $archive"

status=0
fetch "$release/$archive" "$work/$archive" || status=$?
[ "$status" -eq 0 ] || die "release v$version lists $archive in SHA256SUMS but it could not be downloaded; nothing was installed"

if command -v sha256sum >/dev/null 2>&1; then
    actual="$(sha256sum "$work/$archive" | awk '{ print $1 }')"
else
    actual="$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')"
fi
if [ "$actual" != "$expected" ]; then
    die "$archive does not match its SHA-256 in SHA256SUMS of release v$version
  expected $expected
  got      $actual
  The download is damaged or was changed after the release; nothing was installed.
  Run it again; if it fails the same way, report it at https://github.com/$repo/issues"
fi

mkdir "$work/unpacked"
case "$archive" in
*.zip)
    if command -v unzip >/dev/null 2>&1; then
        unzip -q "$work/$archive" -d "$work/unpacked"
    else
        # Windows without unzip: PowerShell, with Windows paths.
        powershell.exe -NoProfile -NonInteractive -Command \
            "Expand-Archive -LiteralPath '$(cygpath -w "$work/$archive")' -DestinationPath '$(cygpath -w "$work/unpacked")'"
    fi
    ;;
*) tar -xzf "$work/$archive" -C "$work/unpacked" ;;
esac
[ -f "$work/unpacked/$name/$exe" ] || die "$archive holds no $name/$exe; nothing was installed"
put_in_place "$work/unpacked/$name/$exe"
finish
