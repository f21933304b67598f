#!/usr/bin/env python3
"""Side-by-side build benchmark: roadsmith against Zola, mdBook and Hugo.

Writes a synthetic roadmap of N stages (each a few KB of Markdown with lists, links, a
table and a code block) in each tool's layout under /dev/shm, times clean full builds
with hyperfine (median of several runs; roadsmith and Zola, which the goals compare,
take turns in rounds so that both meet the machine's busy spells alike), measures peak
RSS with GNU time, checks that every output really holds N rendered pages, and prints
one table.

    python3 bench/bench.py                 # N = 10, 1000, 10000, then serve
    python3 bench/bench.py --sizes 10,1000 # quicker
    python3 bench/bench.py --slow-mdbook   # also mdBook at 10,000 (several minutes)
    python3 bench/bench.py --no-serve      # builds only
    python3 bench/bench.py --content items # item-heavy stages, as real roadmaps write them

What a reader's first visit transfers (page, styles, scripts, data and the service
worker's fetches, gzipped) on the same item-heavy content: bench/first_visit.py.

Then it prints what a one-word query of the reader's search downloads at each N, and a
query on the Django roadmap (search_bench.py does the search over the built files), and
times `roadsmith serve` from a save to the reload message (serve_bench.py), on the Django
roadmap and at each N of 1,000 or more.

Peers are installed when missing: Hugo and hyperfine from Debian's packages, mdBook with
`cargo install`; Zola 0.22.1 is unpacked from ../shared/bench/ (not installable here). Like-for-like: roadsmith is built with `highlight = false` (the peers'
figures have build-time highlighting, search and feeds off); its default build
(highlighting on) is reported beside it.
"""
import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import search_bench
from roadmaps import generate  # the synthetic roadmaps

REPO = Path(__file__).resolve().parent.parent
WORK = Path("/dev/shm/roadsmith-bench")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, **kw)


ZOLA_ARCHIVE = REPO.parent / "shared" / "bench" / "zola-0.22.1-x86_64-linux.xz"
ZOLA = Path("/tmp/roadsmith-bench-zola")


def ensure_zola():
    """Zola from the project's shared archive; `None` when it is not there."""
    if not ZOLA.exists() and ZOLA_ARCHIVE.exists():
        with open(ZOLA, "wb") as out:
            sh(["xz", "-dc", str(ZOLA_ARCHIVE)], stdout=out)
        ZOLA.chmod(0o755)
    return ZOLA if ZOLA.exists() else None


def ensure_tools():
    missing = [p for p in ("hugo", "hyperfine") if not shutil.which(p)]
    if missing:
        sh("apt-get update -qq && apt-get install -y -qq " + " ".join(missing))
    cargo_bin = Path.home() / ".cargo" / "bin"
    os.environ["PATH"] = f"{cargo_bin}:{os.environ['PATH']}"
    if not shutil.which("mdbook"):
        sh("cargo install mdbook --locked")
    sh(["cargo", "build", "--profile", "dist", "--quiet"], cwd=REPO)
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "dist" / "roadsmith"


def commands(n, roadsmith, root, out, zola):
    rs, mb, hg = root / "roadsmith", root / "mdbook", root / "hugo"
    peers = {}
    if zola:
        peers["zola"] = f"{zola} --root {root / 'zola'} build --output-dir {out}/zl --force"
    return {
        "roadsmith": f"{roadsmith} build --root {rs} --output-dir {out}/rs",
        "roadsmith (default: highlighting on)": f"{roadsmith} build --root {rs}-default --output-dir {out}/rsd",
        **peers,
        "mdbook": f"mdbook build {mb} --dest-dir {out}/mb",
        "hugo": f"hugo --quiet --source {hg} --destination {out}/hg --cleanDestinationDir",
    }


def pages_in(tool, out):
    if tool.startswith("roadsmith"):
        d = out / ("rs" if tool == "roadsmith" else "rsd") / "stages"
        return sum(1 for p in d.glob("*/index.html"))
    if tool == "mdbook":
        return sum(1 for p in (out / "mb").glob("stage-*.html"))
    if tool == "zola":
        return sum(1 for p in (out / "zl" / "stages").glob("*/index.html"))
    return sum(1 for p in (out / "hg" / "stages").glob("*/index.html"))


def hyperfine(cmd, runs, report):
    """The times of `runs` runs of `cmd` after one warm-up run (none for a single run)."""
    sh(["hyperfine", "--shell=none", "--style", "none", "--warmup", "1" if runs > 1 else "0",
        "--runs", str(runs), "--export-json", str(report), cmd], stdout=subprocess.DEVNULL)
    return json.loads(report.read_text())["results"][0]["times"]


def timed_in_rounds(cmds, n, runs, rounds, root):
    """Times the commands the speed goals compare (roadsmith and Zola) in rounds, taking
    turns, the first to go alternating: on a shared machine whose load comes and goes,
    both then meet the same quiet and busy spells. Each round warms up with one run, so
    neither runs with caches the other left cold. Small sites take 3x the runs (a run
    is milliseconds). Tool -> (every run's time, each round's median)."""
    rounds = rounds if n < 10000 else max(1, min(rounds, 3))
    runs = runs * 3 if n <= 100 else runs
    times = {tool: ([], []) for tool in cmds}
    names = list(cmds)
    for r in range(rounds):
        for tool in (names if r % 2 == 0 else names[::-1]):
            t = hyperfine(cmds[tool], runs, root / f"{tool}-round.json")
            times[tool][0].extend(t)
            times[tool][1].append(statistics.median(t))
    return times


def peak_rss_mib(cmd, runs=3):
    values = []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile() as f:
            sh(["/usr/bin/time", "-f", "%M", "-o", f.name, "bash", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            values.append(int(Path(f.name).read_text().strip().splitlines()[-1]) / 1024)
    return statistics.median(values)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,1000,10000")
    ap.add_argument("--runs", type=int, default=10, help="hyperfine runs per command (fewer at large N; per round for roadsmith and Zola)")
    ap.add_argument("--rounds", type=int, default=5,
                    help="rounds in which roadsmith and Zola take turns (3 at N >= 10,000)")
    ap.add_argument("--slow-mdbook", action="store_true", help="also time mdBook at N >= 10000 (minutes per build)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    ap.add_argument("--no-serve", action="store_true", help="skip the serve save -> reload figures")
    ap.add_argument("--saves", type=int, default=10, help="saves timed per serve figure")
    ap.add_argument("--content", choices=["bench", "items"], default="bench",
                    help="the stages' text: bench (a few KB of mixed Markdown) or items (15-25 list items, exercises, code, a table, links)")
    args = ap.parse_args()
    roadsmith = ensure_tools()
    zola = ensure_zola()
    if not zola:
        print(f"Zola is not in {ZOLA_ARCHIVE}: its rows are left out", file=sys.stderr)
    print(machine(), file=sys.stderr)
    rows = []
    sizes = []
    search = []
    for n in [int(s) for s in args.sizes.split(",")]:
        root = WORK / str(n)
        generate(n, root, content=args.content)
        # The default-config copy of the roadsmith site.
        rsd = root / "roadsmith-default"
        shutil.copytree(root / "roadsmith", rsd)
        shutil.copy(rsd / "site-default.toml", rsd / "site.toml")
        out = root / "out"
        out.mkdir()
        runs = args.runs if n < 10000 else max(3, args.runs // 3)
        cmds = commands(n, roadsmith, root, out, zola)
        paired = [t for t in ("roadsmith", "zola") if t in cmds]
        times = timed_in_rounds({t: cmds[t] for t in paired}, n, runs, args.rounds, root)
        for tool, cmd in cmds.items():
            if tool == "mdbook" and n >= 10000 and not args.slow_mdbook:
                rows.append({"tool": tool, "n": n, "skipped": "pass --slow-mdbook (minutes per build)"})
                continue
            tool_runs = 1 if tool == "mdbook" and n >= 10000 else runs
            if tool in times:  # its output, in a folder of its own, is the last round's
                tool_times, rounds = times[tool]
            else:
                tool_times, rounds = hyperfine(cmd, tool_runs, root / "last.json"), None
            median = statistics.median(tool_times)
            pages = pages_in(tool, out)
            if pages != n:
                sys.exit(f"{tool} at N={n} wrote {pages} stage pages, not {n}")
            rss = peak_rss_mib(cmd, runs=1 if tool_runs == 1 else 3)
            rows.append({"tool": tool, "n": n, "median_s": median, "runs": len(tool_times), "rounds": rounds,
                         "peak_rss_mib": rss, "pages": pages, "bytes": output_bytes(tool, out)})
            print(f"  {tool:38} N={n:<6} {median * 1000:10.1f} ms {rss:8.1f} MiB  ({len(tool_times)} runs)", file=sys.stderr)
        sizes.append(page_sizes(n, out / "rs"))
        search.append(search_figures(n, out / "rs"))
        shutil.rmtree(root)
    print(f"\n{machine()}")
    print_table(rows)
    print_goals(rows, sizes, args.content)
    print_search(search, django_search(roadsmith))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    if not args.no_serve:
        import serve_bench
        sizes = [int(s) for s in args.sizes.split(",") if int(s) >= 1000]
        serve_bench.report(serve_bench.run(str(roadsmith), sizes, args.saves))


def machine():
    """Where and when the figures were taken."""
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    date = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True).stdout.strip()
    return f"{date}; {os.cpu_count()} cores, {cpu}; outputs on tmpfs ({WORK})"


def print_table(rows):
    print(f"\n{'tool':38} {'N':>6} {'median':>11} {'peak RSS':>10}  roadsmith is")
    for r in rows:
        if "skipped" in r:
            print(f"{r['tool']:38} {r['n']:>6} {'skipped':>11} {'':>10}  ({r['skipped']})")
            continue
        ours = next(x for x in rows if x["tool"] == "roadsmith" and x["n"] == r["n"])
        ratio = ""
        if r["tool"].startswith("roadsmith ("):
            ratio = f"(highlighting on: {r['median_s'] / ours['median_s']:.1f}x the like-for-like time)"
        elif r["tool"] != "roadsmith":
            ratio = f"{r['median_s'] / ours['median_s']:.1f}x faster, {r['peak_rss_mib'] / ours['peak_rss_mib']:.1f}x less memory"
        print(f"{r['tool']:38} {r['n']:>6} {fmt_time(r['median_s']):>11} {r['peak_rss_mib']:>7.1f} MiB  {ratio}")


def page_sizes(n, out):
    """Bytes of the pages that must not grow with the roadmap."""
    overview = (out / "index.html").read_bytes()
    return {
        "n": n,
        "404": (out / "404.html").stat().st_size,
        "overview": len(overview),
        "overview_gz": len(gzip.compress(overview, 6)),
    }


def mark(ok):
    return "✓" if ok else "✗"


def output_bytes(tool, out):
    """Bytes of everything a tool wrote (its output folder), as `du -sb` counts them."""
    folder = {"roadsmith": "rs", "zola": "zl", "mdbook": "mb", "hugo": "hg"}.get(tool, "rsd")
    return sum(p.stat().st_size for p in (out / folder).rglob("*") if p.is_file())


def speed_goal(content, n):
    """How many times faster than Zola a build must be: 3x on the bench content; on the
    item-heavy content 2.5x at 1,000 stages and more, 2x below."""
    if content == "bench":
        return 3.0
    return 2.5 if n >= 1000 else 2.0


def print_goals(rows, pages, content="bench"):
    """Each goal of the performance issues beside its figure."""
    print(f"\ngoals ({content} content)")
    for n in sorted({r["n"] for r in rows}):
        ours = next((x for x in rows if x["tool"] == "roadsmith" and x["n"] == n), None)
        zola = next((x for x in rows if x["tool"] == "zola" and x["n"] == n and "median_s" in x), None)
        if ours and zola:
            speed = zola["median_s"] / ours["median_s"]
            memory = ours["peak_rss_mib"] / zola["peak_rss_mib"]
            goal = speed_goal(content, n)
            spread = ""
            if ours.get("rounds") and zola.get("rounds"):
                each = [z / o for z, o in zip(zola["rounds"], ours["rounds"])]
                spread = f" (rounds {min(each):.2f}-{max(each):.2f}x, {ours['runs']} runs each)"
            line = (f"  N={n:<6} build >= {goal:g}x faster than Zola: {speed:.2f}x{spread} {mark(speed >= goal)}; "
                    f"peak RSS <= half of Zola's: {memory:.2f} of it {mark(memory <= 0.5)}")
            written = ours["bytes"] / zola["bytes"]
            if content == "items" and n >= 10000:
                line += f"; output <= 3x Zola's bytes: {written:.1f}x {mark(written <= 3)}"
            else:
                line += f"; output {ours['bytes'] / 2**20:.1f} MiB, {written:.1f}x Zola's"
            print(line)
    for p in pages:
        line = f"  N={p['n']:<6} 404.html <= 20 KB: {p['404'] / 1024:.1f} KB {mark(p['404'] <= 20 * 1024)}"
        if p["n"] == 1000:
            ok = p["overview_gz"] <= 300 * 1024
            line += f"; overview <= 300 KB gzipped: {p['overview_gz'] / 1024:.0f} KB {mark(ok)}"
        else:
            line += f"; overview {p['overview'] / 1024:.0f} KB ({p['overview_gz'] / 1024:.0f} KB gzipped)"
        print(line)


ONE_WORD = ["django", "select_related", "gunicorn", "stage"]
DJANGO_QUERIES = ["select_related", "jwt", "gunicorn"]


def search_figures(n, out):
    """What the search downloads at N stages (bench/search_bench.py does the reader's
    search over the built files): the most a one-word query of ONE_WORD fetches, and
    search/ as a whole."""
    size, count = search_bench.totals(out)
    one_word = {q: search_bench.query_bytes(out, q)[0] for q in ONE_WORD}
    return {"n": n, "one_word": one_word, "bytes": size, "files": count}


def django_search(roadsmith):
    """Bytes per query on the repository's Django roadmap."""
    out = WORK / "django-search"
    sh([str(roadsmith), "build", "--root", str(REPO), "--output-dir", str(out)], stdout=subprocess.DEVNULL)
    figures = {q: search_bench.query_bytes(out, q)[0] for q in DJANGO_QUERIES}
    shutil.rmtree(out)
    return figures


def print_search(search, django):
    """The search goals: a one-word query <= 100 KB at 10,000 stages, <= 30 KB a query
    on the Django roadmap (uncompressed)."""
    print("\nsearch (bytes a query downloads, uncompressed)")
    for f in search:
        worst = max(f["one_word"], key=f["one_word"].get)
        kb = f["one_word"][worst] / 1024
        goal = f" <= 100 KB {'✓' if kb <= 100 else '✗'}" if f["n"] >= 10000 else ""
        print(f"  N={f['n']:<6} one word: at most {kb:.1f} KB ({worst!r}){goal}; "
              f"search/ {f['bytes'] / 1024 / 1024:.1f} MB in {f['files']} files")
    for q, b in django.items():
        print(f"  Django roadmap {q!r}: {b / 1024:.1f} KB <= 30 KB {'✓' if b <= 30 * 1024 else '✗'}")


def fmt_time(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


if __name__ == "__main__":
    main()
