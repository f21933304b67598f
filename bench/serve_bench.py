#!/usr/bin/env python3
"""Save -> reload benchmark for `roadsmith serve`.

Starts the real server on a copy of a site, listens on its live-reload WebSocket like a
browser tab does, saves a stage file, and times from the save to the message that tells
tabs to reload (the next build's generation). Then it fetches the page and checks that
the edit is in it. Each figure is the median (and 90th percentile) of several saves. A
save that touches many pages is published in two parts, the saved page first; the
"site whole" column is the time to the second.

Sites: the Django roadmap (this repository's content/), and synthetic roadmaps of N
stages written by bench.py (--sizes). Three kinds of save:
  prose  a paragraph is added to a stage (re-renders its page and the print page)
  item   a list item of a stage changes (also the overview and the reader's files,
         which list every item)
  title     its title changes (its page, its neighbours', the overview, the print
            page, the reader's files; every page while every page lists every stage)
  summary   its summary changes (its page, the overview, print, the reader's files)
  duration  its duration changes (the stages that move in the weeks; every page when
            the total changes, as it does here)

    python3 bench/serve_bench.py                      # Django, N = 1000 and 10000
    python3 bench/serve_bench.py --sizes 1000 --saves 5
    # another build of roadsmith, with the themes it was made with (A/B in one run):
    python3 bench/serve_bench.py --binary /tmp/old/roadsmith --themes /tmp/old/themes
"""
import argparse
import base64
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = Path("/dev/shm/roadsmith-serve-bench")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import roadmaps  # noqa: E402  (the synthetic roadmaps)


class LiveSocket:
    """The smallest WebSocket client that reads the server's text messages."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET /__roadsmith/live HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self._recv()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"no WebSocket upgrade: {head[:80]!r}")

    def _recv(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RuntimeError("the server closed the live-reload socket")
        return chunk

    def _need(self, n):
        while len(self.buf) < n:
            self.buf += self._recv()

    def message(self):
        """The next text message, as JSON (control frames skipped)."""
        while True:
            self._need(2)
            opcode, length = self.buf[0] & 0x0F, self.buf[1] & 0x7F
            at = 2
            if length == 126:
                self._need(4)
                length, at = int.from_bytes(self.buf[2:4], "big"), 4
            elif length == 127:
                self._need(10)
                length, at = int.from_bytes(self.buf[2:10], "big"), 10
            self._need(at + length)
            payload, self.buf = self.buf[at:at + length], self.buf[at + length:]
            if opcode == 1:
                return json.loads(payload)
            if opcode == 8:
                raise RuntimeError("the server closed the live-reload socket")


def start_server(roadsmith, root):
    proc = subprocess.Popen([roadsmith, "serve", "--root", str(root), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 600
    for line in proc.stdout:
        m = re.search(r"Serving at http://127\.0\.0\.1:(\d+)/", line)
        if m:
            return proc, int(m.group(1))
        if time.time() > deadline:
            break
    proc.kill()
    raise RuntimeError("the server did not start")


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
        return r.read().decode()


def time_saves(roadsmith, root, stage_file, page_path, kind, saves):
    proc, port = start_server(roadsmith, root)
    try:
        live = LiveSocket(port)
        generation = live.message()["generation"]
        original = stage_file.read_text()
        times = []
        for i in range(saves + 1):
            marker = f"roadsmith-bench-{kind}-{i}-{time.time_ns()}"
            if kind == "prose":
                text = original + f"\nEdited: {marker}\n"
            elif kind == "item":
                text = original.replace("\n- ", f"\n- {marker} ", 1)
            elif kind == "title":
                text = re.sub(r'^title = "(.*)"$', rf'title = "\1 {marker}"', original, count=1, flags=re.M)
            elif kind == "summary":
                if re.search(r'^summary = ', original, flags=re.M):
                    text = re.sub(r'^summary = "(.*)"$', rf'summary = "\1 {marker}"', original, count=1, flags=re.M)
                else:
                    text = original.replace("+++\n", f'+++\nsummary = "{marker}"\n', 1)
            else:
                # The duration alternates; the marker goes in the text, to find the edit.
                weeks = 2 + i % 2
                text = re.sub(r'^duration = ".*"$', f'duration = "{weeks}–{weeks + 1} weeks"', original, count=1, flags=re.M)
                text += f"\n{marker}\n"
            started = time.perf_counter()
            stage_file.write_text(text)
            # The time to the reload message after which the page shows the edit: a
            # save whose events come in two batches may be built twice (the first time
            # from a file not yet whole), and an earlier save's late rebuild may come
            # first.
            deadline, failed = started + 30, None
            while True:
                state = live.message()
                elapsed = time.perf_counter() - started
                if state.get("error"):
                    failed = state["error"]["text"]
                elif state["generation"] > generation:
                    generation = state["generation"]
                    if marker in fetch(port, page_path):
                        break
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"{page_path} does not show the edit 30 s after the save"
                                       + (f"; the build failed: {failed}" if failed else ""))
            # A save that touches many pages is written in two parts, the page first
            # (`partial`): the site is whole once the rest is published.
            while state.get("partial"):
                state = live.message()
                generation = max(generation, state["generation"])
            settled = time.perf_counter() - started
            if i > 0:  # the first save warms the server's caches
                times.append((elapsed, settled))
            time.sleep(0.15)  # past the debounce, so each save is its own rebuild
        stage_file.write_text(original)
        return times
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def sites(sizes, themes):
    django = WORK / "django"
    if django.exists():
        shutil.rmtree(django)
    django.mkdir(parents=True)
    for part in ("content", "site.toml"):
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, django / part)
    shutil.copytree(themes, django / "themes")
    stage = next(p for p in sorted((django / "content").glob("04-*.md")))
    yield "Django roadmap", django, stage, "/stages/orm/"
    for n in sizes:
        root = WORK / str(n)
        roadmaps.generate(n, root, themes)
        site = root / "roadsmith"
        middle = n // 2
        yield f"N={n:,}", site, site / "content" / f"stage-{middle:05}.md", f"/stages/stage-{middle:05}/"


def run(roadsmith, sizes, saves, themes=REPO / "themes"):
    """(site, kind of save, median s, p90 s, saves, settled median s) for each site and
    kind: the page is served after the first figure, the whole site after the last."""
    rows = []
    for name, root, stage_file, page in sites(sizes, themes):
        for kind in ("prose", "item", "title", "summary", "duration"):
            pairs = time_saves(roadsmith, root, stage_file, page, kind, saves)
            times = [served for served, _ in pairs]
            settled = statistics.median(whole for _, whole in pairs)
            p90 = statistics.quantiles(times, n=10)[-1] if len(times) >= 2 else times[0]
            rows.append((name, kind, statistics.median(times), p90, len(times), settled))
            print(f"  serve {name:16} {kind:8} median {statistics.median(times) * 1000:7.1f} ms,"
                  f" site whole {settled * 1000:7.1f} ms", file=sys.stderr)
        shutil.rmtree(root if name == "Django roadmap" else root.parent)
    return rows


def goal(name, kind):
    """The issue's goal for a save, in seconds, or None."""
    if name == "Django roadmap" and kind == "prose":
        return 0.025
    if kind in ("title", "summary", "duration"):
        return {"N=1,000": 0.1, "N=10,000": 0.25}.get(name)
    return None


def report(rows):
    print(f"\n{'serve: site':16} {'save':8} {'save -> page served':>21} {'p90':>9} {'site whole':>11} {'saves':>6}  goal")
    for name, kind, median, p90, n, settled in rows:
        target = goal(name, kind)
        check = f"< {target * 1000:.0f} ms {'✓' if median < target else '✗'}" if target else ""
        print(f"{name:16} {kind:8} {median * 1000:18.1f} ms {p90 * 1000:6.1f} ms {settled * 1000:8.1f} ms {n:6}  {check}")
    print("(page served: the reload message after which the saved stage's page shows the edit;"
          " site whole: the last part of the save published, when it was written in two)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--binary", help="a roadsmith binary to time (default: this checkout's dist build)")
    ap.add_argument("--themes", default=str(REPO / "themes"), help="the themes folder the sites get")
    args = ap.parse_args()
    roadsmith = args.binary
    if not roadsmith:
        subprocess.run(["cargo", "build", "--profile", "dist", "--quiet"], cwd=REPO, check=True)
        roadsmith = str(REPO / "target" / "dist" / "roadsmith")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    report(run(roadsmith, sizes, args.saves, Path(args.themes)))


if __name__ == "__main__":
    main()
