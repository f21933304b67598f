#!/usr/bin/env python3
"""Build time of a translated roadmap (issue "Translations"): the same N-stage roadmap
built alone, and with two full translations (every file translated into French and
Japanese, the Japanese without spaces), side by side in one run.

    python3 bench/translations_bench.py              # N = 1000, the issue's goal
    python3 bench/translations_bench.py --sizes 100,1000 --runs 10

Goal: with two full translations, a build takes at most 3.3x the time of the roadmap
alone. Uses the dist binary (as bench.py does; `--profile release` for a quicker compile) and hyperfine's median; outputs on
/dev/shm. Also prints the output's size for both.
"""
import argparse
import json
import re
import os
import shutil
import subprocess
from pathlib import Path

from roadmaps import generate, write

REPO = Path(__file__).resolve().parent.parent
WORK = Path("/dev/shm/roadsmith-translations-bench")
GOAL = 3.3


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, shell=isinstance(cmd, str), **kw)


def roadsmith_binary(profile):
    if not shutil.which("hyperfine"):
        sh("apt-get update -qq && apt-get install -y -qq hyperfine")
    sh(["cargo", "build", "--profile", profile, "--quiet"], cwd=REPO)
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / profile / "roadsmith"


MARKER = re.compile(r"^(\s*(?:[-*+]|\d+\.|#+|>)\s+)?(.*)$")


KANJI = [chr(0x4E00 + k) for k in range(0, 2400, 3)]  # 800 common-range Han characters


def kanji(word):
    """A Latin word as two or three Han characters, the same each time it is met."""
    h = sum(ord(c) * 31 ** i for i, c in enumerate(word))
    return "".join(KANJI[(h >> (5 * k)) % len(KANJI)] for k in range(2 + len(word) % 2))


def japanese(text):
    """The text in Han characters with no spaces to cut at, as Japanese writes, its
    Markdown kept (list markers, headings, links, code), so the lists line up."""
    def line(l):
        marker, rest = MARKER.match(l).groups()
        if rest.startswith(("```", "|", "    ")) or "](" in rest or "`" in rest:
            return l
        return (marker or "") + "".join(kanji(w) if w.isalpha() else w for w in rest.split(" "))
    return "\n".join(line(l) for l in text.split("\n"))


def translate(root):
    """Every content file of `root` translated into French and Japanese: the front
    matter's title only, the body kept in its structure (the same lists, in order)."""
    content = root / "content"
    (root / "site.toml").write_text(
        (root / "site.toml").read_text()
        + '\n[languages.fr]\ntitle = "Banc d\'essai"\n\n[languages.ja]\ntitle = "ベンチ"\n'
    )
    for path in sorted(content.glob("*.md")):
        if path.stem.count(".") > 0:
            continue
        text = path.read_text()
        _, front, body = text.split("+++", 2)
        title = next(l for l in front.splitlines() if l.startswith("title"))
        fr_title = title.replace('"', '"[fr] ', 1)
        ja_title = title.replace('"', '"【日本語】', 1)
        write(path.with_name(f"{path.stem}.fr.md"), f"+++\n{fr_title}\n+++{body.replace(' the ', ' le ')}")
        write(path.with_name(f"{path.stem}.ja.md"), f"+++\n{ja_title}\n+++{japanese(body)}")


def size(folder):
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(n, roadsmith, runs):
    root = WORK / f"n{n}"
    generate(n, root, content="items")
    alone = root / "roadsmith"
    translated = root / "translated"
    shutil.copytree(alone, translated)
    translate(translated)
    out = WORK / "out"
    results = WORK / f"n{n}.json"
    sh(["hyperfine", "--warmup", "1", "--runs", str(runs), "--export-json", str(results),
        "-n", "alone", f"{roadsmith} build --root {alone} --output-dir {out}/alone",
        "-n", "two translations", f"{roadsmith} build --root {translated} --output-dir {out}/tr"],
       stdout=subprocess.DEVNULL)
    medians = {r["command"]: r["median"] for r in json.loads(results.read_text())["results"]}
    pages = sum(1 for _ in (out / "tr").glob("*/stages/*/index.html"))
    assert pages == 2 * n, f"{pages} translated stage pages, not {2 * n}"
    return medians["alone"], medians["two translations"], size(out / "alone"), size(out / "tr")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--profile", default="dist", help="cargo profile of the binary (release compiles faster; the ratio is what counts)")
    args = ap.parse_args()
    roadsmith = roadsmith_binary(args.profile)
    print(f"roadsmith: {roadsmith}", flush=True)
    print(f"{'N':>6} {'alone':>10} {'fr + ja':>10} {'ratio':>7}  goal <= {GOAL}x   output alone / translated")
    for n in [int(s) for s in args.sizes.split(",")]:
        alone, both, bytes_alone, bytes_both = run(n, roadsmith, args.runs)
        ratio = both / alone
        mark = "✓" if ratio <= GOAL else "✗"
        print(f"{n:>6} {alone * 1000:>8.0f}ms {both * 1000:>8.0f}ms {ratio:>6.2f}x  {mark}"
              f"            {bytes_alone / 1e6:.1f} MB / {bytes_both / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
