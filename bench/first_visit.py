#!/usr/bin/env python3
"""What a reader's first visit transfers, gzipped, against issue 27's goal of 100 KB.

Builds the item-heavy synthetic roadmap (bench.py's `--content items`) at each N, serves
the output on loopback as GitHub Pages does (gzip for text, Last-Modified and "304 Not
Modified" for conditional requests), and opens the overview, a stage page, past 500
stages a block's page and past 200 a print part, each in a fresh headless Chromium
profile. The server counts every byte it sends (headers and
bodies) until the browser has been quiet for a while: the page, styles, scripts, data,
and what the service worker fetches to keep (its install and the page's message).

    python3 bench/first_visit.py                      # N = 10, 1000, 10000
    python3 bench/first_visit.py --sizes 10,1000
    python3 bench/first_visit.py --roadsmith target/debug/roadsmith
"""
import argparse
import email.utils
import gzip
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from roadmaps import generate

REPO = Path(__file__).resolve().parent.parent
WORK = Path("/dev/shm/roadsmith-first-visit")
GOAL = 100 * 1024
COMPRESSED = {".html", ".css", ".js", ".json", ".md", ".svg", ".webmanifest", ".txt", ".xml", ".csv", ".ics"}


class Counting(http.server.SimpleHTTPRequestHandler):
    """Files of `directory`, gzipped when the browser accepts it; counts what it sends."""

    sent = 0
    requests = []
    last = 0.0
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def send(self, status, headers, body):
        head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
        with Counting.lock:
            Counting.sent += len(head) + len(body)
            Counting.requests.append((self.path, status, len(body)))
            Counting.last = time.monotonic()
        self.send_response(int(status.split()[0]))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return self.send("301 Moved Permanently", [("Location", self.path + "/"), ("Content-Length", "0")], b"")
            path = path / "index.html"
        if not path.is_file():
            body = (Path(self.directory) / "404.html").read_bytes()
            return self.send("404 Not Found", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))], body)
        modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        since = self.headers.get("If-Modified-Since")
        if since and since == modified:
            return self.send("304 Not Modified", [("Last-Modified", modified)], b"")
        body = path.read_bytes()
        headers = [("Content-Type", self.guess_type(str(path))), ("Last-Modified", modified),
                   ("Cache-Control", "max-age=600")]
        if path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        self.send("200 OK", headers, body)


def serve(directory):
    handler = lambda *a, **kw: Counting(*a, directory=str(directory), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def devtools(port, path, method="GET"):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read()


def visit(url, quiet=5.0, longest=90.0):
    """Bytes sent for one first visit of `url` in a fresh profile, and the requests.
    The browser starts on a blank page and opens `url` in one new tab (started with
    the URL, headless Chromium may load it in a second target too)."""
    profile = tempfile.mkdtemp(prefix="first-visit-")
    port = free_port()
    browser = subprocess.Popen(
        ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", f"--remote-debugging-port={port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                devtools(port, "/json/version")
                break
            except OSError:
                time.sleep(0.1)
        with Counting.lock:
            Counting.sent, Counting.requests, Counting.last = 0, [], time.monotonic()
        devtools(port, "/json/new?" + url, method="PUT")
        start = time.monotonic()
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with Counting.lock:
                idle = now - Counting.last
                seen = len(Counting.requests)
            if (seen and idle > quiet) or now - start > longest:
                break
    finally:
        browser.terminate()
        browser.wait()
        shutil.rmtree(profile, ignore_errors=True)
    with Counting.lock:
        return Counting.sent, list(Counting.requests)


def roadsmith_binary(given):
    if given:
        return Path(given)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    subprocess.run(["cargo", "build", "--quiet"], cwd=REPO, check=True)
    return target / "debug" / "roadsmith"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,1000,10000")
    ap.add_argument("--roadsmith", help="the binary (default: a debug build of this checkout)")
    ap.add_argument("--verbose", action="store_true", help="list every request")
    args = ap.parse_args()
    roadsmith = roadsmith_binary(args.roadsmith)
    if not shutil.which("chromium"):
        sys.exit("chromium is not installed")
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        root = WORK / str(n)
        generate(n, root, content="items")
        site = root / "roadsmith"
        subprocess.run([str(roadsmith), "build"], cwd=site, check=True, stdout=subprocess.DEVNULL)
        public = site / "public"
        stage = sorted(p.name for p in (public / "stages").iterdir())[n // 2]
        server = serve(public)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = [("overview", ""), ("stage page", f"stages/{stage}/")]
        if (public / "blocks").is_dir():
            # Past 500 stages the overview lists blocks, each a page (block.html).
            pages.append(("block page", f"blocks/{len(list((public / 'blocks').iterdir())) // 2 + 1}/"))
        if (public / "print" / "2").is_dir():
            # Past 200 stages the print version is in parts that fetch the stages'
            # text from their pages as the reader scrolls.
            pages.append(("print part", "print/2/"))
        for name, path in pages:
            sent, requests = visit(base + path)
            rows.append((n, name, sent, len(requests)))
            if args.verbose:
                for r in requests:
                    print(f"    {r[1][:3]} {r[2]:>9} {r[0]}", file=sys.stderr)
            print(f"  N={n:<6} {name:11} {sent / 1024:8.1f} KB in {len(requests)} requests", file=sys.stderr)
        server.shutdown()
        shutil.rmtree(root)
    print("\nA first visit, gzipped, service worker's fetches included (goal: <= 100 KB)")
    print(f"{'N':>7}  {'page':11} {'transferred':>12} {'requests':>9}")
    for n, name, sent, count in rows:
        mark = "✓" if sent <= GOAL else "✗"
        print(f"{n:>7}  {name:11} {sent / 1024:9.1f} KB {count:>9}  ≤ 100 KB {mark}")


if __name__ == "__main__":
    main()
