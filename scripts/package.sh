#!/usr/bin/env bash
# Makes the files of a roadsmith GitHub release, as .github/workflows/release.yml does
# and tests/install.rs does with a fake release:
#
#   scripts/package.sh archive TARGET BINARY DIR   # DIR/roadsmith-vVERSION-TARGET.tar.gz (.zip for Windows)
#   scripts/package.sh sums DIR                     # DIR/SHA256SUMS of every archive in DIR
#   scripts/package.sh version [TAG]                # Cargo.toml's version; with TAG, fails unless TAG is v<that>
#
# An archive holds one folder, roadsmith-vVERSION-TARGET/, with the binary (roadsmith,
# or roadsmith.exe for Windows) and README.md. VERSION is the version in Cargo.toml.
# These names are what scripts/install.sh downloads and what [package.metadata.binstall]
# in Cargo.toml describes.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(dirname "$here")"

die() {
    echo "error: $*" >&2
    exit 1
}

# The package version: the first `version = "..."` of Cargo.toml, in [package].
package_version() {
    sed -n 's/^version = "\([^"]*\)"$/\1/p' "$repo_root/Cargo.toml" | head -n 1
}

# `sha256sum` where there is one (Linux, Git Bash), `shasum -a 256` on macOS.
sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$@"
    else
        shasum -a 256 "$@"
    fi
}

archive() {
    local target="$1" binary="$2" out="$3"
    [ -f "$binary" ] || die "$binary: no such binary; build it first (cargo build --profile dist --target $target)"
    local version
    version="$(package_version)"
    [ -n "$version" ] || die "$repo_root/Cargo.toml: no version = \"...\" line found"
    local name="roadsmith-v$version-$target"
    local exe=""
    case "$target" in *windows*) exe=".exe" ;; esac

    mkdir -p "$out"
    local work
    work="$(mktemp -d)"
    # shellcheck disable=SC2064 # expand now: $work is local
    trap "rm -rf '$work'" EXIT
    mkdir "$work/$name"
    cp "$binary" "$work/$name/roadsmith$exe"
    chmod +x "$work/$name/roadsmith$exe"
    cp "$repo_root/README.md" "$work/$name/"

    local file
    if [ -n "$exe" ]; then
        file="$name.zip"
        rm -f "$out/$file"
        if command -v zip >/dev/null 2>&1; then
            (cd "$work" && zip -qr "$file" "$name")
        elif command -v 7z >/dev/null 2>&1; then
            (cd "$work" && 7z a -tzip -bd "$file" "$name" >/dev/null)
        else
            die "neither zip nor 7z is installed to make $file"
        fi
    else
        file="$name.tar.gz"
        (cd "$work" && tar -czf "$file" "$name")
    fi
    mv "$work/$file" "$out/$file"
    echo "$out/$file"
}

sums() {
    local dir="$1"
    [ -d "$dir" ] || die "$dir: no such folder"
    (
        cd "$dir"
        shopt -s nullglob
        local files=(roadsmith-v*.tar.gz roadsmith-v*.zip)
        [ "${#files[@]}" -gt 0 ] || die "$dir holds no roadsmith-v*.tar.gz or roadsmith-v*.zip archive"
        sha256 "${files[@]}" >SHA256SUMS
    )
    echo "$dir/SHA256SUMS"
}

case "${1:-}" in
version)
    version="$(package_version)"
    [ -n "$version" ] || die "$repo_root/Cargo.toml: no version = \"...\" line found"
    if [ "$#" -eq 2 ] && [ "$2" != "v$version" ]; then
        die "the tag $2 is not v$version, the version in Cargo.toml: set version = \"${2#v}\" in Cargo.toml (and update Cargo.lock), or tag v$version"
    fi
    echo "$version"
    ;;
archive)
    [ "$#" -eq 4 ] || die "usage: $0 archive TARGET BINARY DIR"
    archive "$2" "$3" "$4"
    ;;
sums)
    [ "$#" -eq 2 ] || die "usage: $0 sums DIR"
    sums "$2"
    ;;
*)
    die "usage: $0 archive TARGET BINARY DIR | $0 sums DIR | $0 version [TAG]"
    ;;
esac
