#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) of the Django
# roadmap's overview and a stage page, served from a static server on loopback and
# audited with Debian's chromium. Prints one line per page.
#
#   bash bench/lighthouse.sh
#   bash bench/lighthouse.sh --root tests/fixtures/rich / stages/languages/ stages/data/
#
# --root DIR builds another site (the Django roadmap of this repository by default);
# the pages to audit follow, as paths below the site (default: / stages/orm/ print/).
# ROADSMITH=path/to/binary audits that build instead of this checkout's release build;
# EXTRA_CHROME_FLAGS are added to Chromium's (--force-dark-mode: the dark scheme).
set -euo pipefail
cd "$(dirname "$0")/.."

root=.
if [ "${1:-}" = "--root" ]; then
    root=$2
    shift 2
fi
if [ $# -eq 0 ]; then set -- / stages/orm/ print/; fi

command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
[ -x bench/lighthouse/node_modules/.bin/lighthouse ] || npm ci --prefix bench/lighthouse --no-audit --no-fund 2>/dev/null || npm install --prefix bench/lighthouse --no-audit --no-fund

port=${PORT:-8737}
out=$(mktemp -d)
bin=${ROADSMITH:-./target/dist/roadsmith}
[ -n "${ROADSMITH:-}" ] || cargo build --profile dist --quiet
"$bin" build --root "$root" --base-url "http://127.0.0.1:$port/" --output-dir "$out/site" >/dev/null
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out/site" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done

flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$out/profile ${EXTRA_CHROME_FLAGS:-}"
printf '%-28s %12s %14s %15s %5s\n' page performance accessibility best-practices seo
for page in "$@"; do
    page=${page#/}
    CHROME_PATH=/usr/bin/chromium bench/lighthouse/node_modules/.bin/lighthouse "http://127.0.0.1:$port/$page" \
        --quiet --output=json --output-path="$out/report.json" --chrome-flags="$flags" \
        --only-categories=performance,accessibility,best-practices,seo >/dev/null 2>&1 || true
    python3 - "$out/report.json" "/$page" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]
s = lambda k: "n/a" if c[k]["score"] is None else str(round(c[k]["score"] * 100))
print(f"{sys.argv[2]:28} {s('performance'):>12} {s('accessibility'):>14} {s('best-practices'):>15} {s('seo'):>5}")
for k in c:
    for ref in c[k]["auditRefs"]:
        a = r["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 1:
            print(f"    {k}: {a['id']} ({a['score']}): {a['title']}")
PY
done
