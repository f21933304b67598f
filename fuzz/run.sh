#!/usr/bin/env bash
# Runs the cargo-fuzz targets one after another, each for SECONDS (default 60), and
# installs cargo-fuzz first when it is missing. Stable Rust is enough: RUSTC_BOOTSTRAP=1
# lets it take the sanitizer flags cargo-fuzz passes.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]     targets: front_matter duration page_render
#
# Seeds come from the repository's content/ and tests/fixtures/; what the fuzzer finds
# interesting accumulates in fuzz/corpus/TARGET/, crashes land in fuzz/artifacts/TARGET/,
# and each run's log in fuzz/logs/TARGET.log (all three are git-ignored). A crash makes
# the script stop with status 1: fix it and keep the input as a test in the test suite.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(front_matter duration page_render)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

# One file per seed, named by content so reruns do not duplicate them.
seed() {
    local dir="$1" file="$2"
    cp "$file" "$dir/seed-$(sha1sum <"$file" | cut -c1-16)"
}

markdown=$(find ../content ../tests/fixtures -name '*.md' -type f | sort)
mkdir -p logs
for target in "${targets[@]}"; do
    corpus="corpus/$target"
    mkdir -p "$corpus"
    extra=()
    case "$target" in
        front_matter | page_render)
            for f in $markdown; do seed "$corpus" "$f"; done
            ;;
        duration)
            grep -ho 'duration = "[^"]*"' $markdown | sed 's/^duration = "//; s/"$//' | sort -u |
                while IFS= read -r d; do
                    printf '%s' "$d" >"$corpus/seed-$(printf '%s' "$d" | sha1sum | cut -c1-16)"
                done
            extra=(-dict=duration.dict)
            ;;
    esac
    echo "== $target: ${seconds} s (log: fuzz/logs/$target.log)"
    # -a: debug assertions and overflow checks on; -timeout: an input slower than 10 s
    # is a hang; -rss_limit_mb: more memory than that is a finding too.
    status=0
    cargo fuzz run -a "$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "${extra[@]}" \
        >"logs/$target.log" 2>&1 || status=$?
    grep -E '^(Done [0-9]+ runs|INFO: seed corpus|SUMMARY)|panicked at|Test unit written' "logs/$target.log" || true
    if [ "$status" -ne 0 ]; then
        echo "$target found a problem: see fuzz/logs/$target.log and fuzz/artifacts/$target/" >&2
        exit 1
    fi
done
