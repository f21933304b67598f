#!/usr/bin/env python3
"""The preview server under load: `roadsmith serve` on a copy of the Django roadmap,
50 live-reload WebSocket clients, wrk (100 connections, 2 threads, --latency) rotating
over a few pages, and a stage file saved every 0.5 s to trigger rebuilds meanwhile.

    python3 bench/load.py                  # 10 s of wrk
    python3 bench/load.py --seconds 30 --sockets 100

Prints one table: requests/s, latency percentiles, wrk's socket errors and unexpected
statuses (the deliberate 404 path is counted apart), WebSocket clients that dropped,
and the reloads each client was told of against the rebuilds the server made.
wrk (Debian) and the `websockets` package (PyPI) are installed when missing.
`tests/serve_load.rs` is the bounded version that runs with `cargo test`.
"""
import argparse
import asyncio
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WEBSOCKETS = "websockets==17.4"
# The last path is expected to answer 404: counted, but not as an error.
PATHS = ["/", "/stages/orm/", "/roadmap.json", "/style.css", "/no-such-page/"]

# wrk gives a response no link to its request, so each response is sorted by what it
# holds: the site's 404 page with status 404 is the deliberate 404; a 2xx/3xx with a body
# (HTML ending in </html>) is fine; anything else (an empty 404 from a site folder that
# vanished, a cut-off page, a 5xx) is unexpected.
WRK_LUA = """
local paths = {%s}
local i = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, notfound, unexpected = 0, 0, 0
end

function request()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  local html = body:find("<html", 1, true)
  local whole = #body > 0 and (not html or body:find("</html>", 1, true))
  if status == 404 and body:find("Page not found", 1, true) and whole then
    notfound = notfound + 1
  elseif status >= 200 and status < 400 and whole then
    ok = ok + 1
  else
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local t = {ok = 0, notfound = 0, unexpected = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("LUA ok=%%d notfound=%%d unexpected=%%d\\n", t.ok, t.notfound, t.unexpected))
end
""" % ", ".join('"%s"' % p for p in PATHS)


def ensure_tools():
    if not shutil.which("wrk"):
        subprocess.run("apt-get update -qq && apt-get install -y -qq wrk", shell=True, check=True)
    try:
        import websockets  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", WEBSOCKETS], check=True)
    subprocess.run(["cargo", "build", "--profile", "dist", "--quiet"], cwd=REPO, check=True)
    return REPO / "target" / "dist" / "roadsmith"


def copy_site(dest):
    for part in ("content", "themes"):
        shutil.copytree(REPO / part, dest / part)
    shutil.copy(REPO / "site.toml", dest / "site.toml")


class Server:
    """`roadsmith serve --port 0` on `root`; reads its output on a thread."""

    def __init__(self, binary, root, tmp):
        env = dict(os.environ, TMPDIR=str(tmp))
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--port", "0", "--root", str(root)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        self.lines = []
        self.port = None
        ready = threading.Event()

        def read():
            for line in self.proc.stdout:
                self.lines.append(line.rstrip("\n"))
                m = re.search(r"Serving at http://127\.0\.0\.1:(\d+)/", line)
                if m:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(60) or self.port is None:
            self.stop()
            sys.exit("roadsmith serve did not start:\n" + "\n".join(self.lines))

    def count(self, prefix):
        return sum(1 for line in list(self.lines) if line.startswith(prefix))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


class Editor(threading.Thread):
    """Saves a stage file every `every` seconds the way editors do: temp file, rename."""

    def __init__(self, path, every):
        super().__init__(daemon=True)
        self.path, self.every = path, every
        self.original = path.read_text()
        self.stop_event = threading.Event()
        self.saves = 0

    def run(self):
        while not self.stop_event.wait(self.every):
            self.saves += 1
            tmp = self.path.with_name(f".{self.path.name}.tmp")
            tmp.write_text(self.original + f"\nSaved {self.saves} times while under load.\n")
            os.replace(tmp, self.path)


async def live_client(port, stats, stop):
    """One tab: counts the states that would reload it; notes whether it dropped."""
    from websockets.asyncio.client import connect
    import json

    generations = []
    try:
        async with connect(f"ws://127.0.0.1:{port}/__roadsmith/live", open_timeout=30) as ws:
            while not stop.is_set():
                try:
                    message = await asyncio.wait_for(ws.recv(), 0.25)
                except asyncio.TimeoutError:
                    continue
                generations.append(json.loads(message)["generation"])
        dropped = False
    except Exception as e:  # noqa: BLE001: any end but ours is a drop
        dropped = repr(e)
    stats.append({"generations": generations, "dropped": dropped})


def run_clients(port, n, stats, stop, started):
    async def main():
        stop_async = asyncio.Event()

        async def watch_stop():
            while not stop.is_set():
                await asyncio.sleep(0.05)
            stop_async.set()

        tasks = [asyncio.create_task(live_client(port, stats, stop_async)) for _ in range(n)]
        watcher = asyncio.create_task(watch_stop())
        await asyncio.sleep(1)
        started.set()
        await asyncio.gather(*tasks)
        await watcher

    asyncio.run(main())


def wrk(port, seconds, connections, threads, lua):
    out = subprocess.run(
        ["wrk", "-c", str(connections), "-t", str(threads), "-d", f"{seconds}s", "--latency",
         "--timeout", "10s", "-s", str(lua), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True,
    ).stdout

    def find(pattern, default="0"):
        m = re.search(pattern, out)
        return m.group(1) if m else default

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    lua_counts = dict(re.findall(r"(\w+)=(\d+)", find(r"(LUA .*)", "")))
    return {
        "raw": out,
        "rps": float(find(r"Requests/sec:\s+([\d.]+)")),
        "requests": int(find(r"(\d+) requests in")),
        "p50": find(r"\s50%\s+(\S+)", "?"),
        "p90": find(r"\s90%\s+(\S+)", "?"),
        "p99": find(r"\s99%\s+(\S+)", "?"),
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
        "socket_detail": errors.group(0) if errors else "Socket errors: none",
        "non_2xx_3xx": int(find(r"Non-2xx or 3xx responses: (\d+)")),
        "ok": int(lua_counts.get("ok", 0)),
        "not_found": int(lua_counts.get("notfound", 0)),
        "unexpected": int(lua_counts.get("unexpected", 0)),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=10, help="how long wrk runs")
    ap.add_argument("--sockets", type=int, default=50, help="live-reload clients")
    ap.add_argument("--connections", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--save-every", type=float, default=0.5, help="seconds between saves")
    args = ap.parse_args()

    binary = ensure_tools()
    with tempfile.TemporaryDirectory(prefix="roadsmith-load-") as work:
        work = Path(work)
        site, tmp = work / "site", work / "tmp"
        tmp.mkdir()
        copy_site(site)
        lua = work / "rotate.lua"
        lua.write_text(WRK_LUA)

        server = Server(binary, site, tmp)
        stats, stop, started = [], threading.Event(), threading.Event()
        clients = threading.Thread(
            target=run_clients, args=(server.port, args.sockets, stats, stop, started))
        clients.start()
        started.wait(60)
        rebuilds_before = server.count("Rebuilt in")

        editor = Editor(site / "content" / "04-orm.md", args.save_every)
        editor.start()
        result = wrk(server.port, args.seconds, args.connections, args.threads, lua)
        editor.stop_event.set()
        editor.join()
        # Let the last save's rebuild reach every tab.
        time.sleep(2)
        stop.set()
        clients.join(60)
        rebuilds = server.count("Rebuilt in") - rebuilds_before
        failed = server.count("Rebuild failed") + server.count("Rebuild crashed")
        status = server.stop()

    final = max((max(s["generations"], default=0) for s in stats), default=0)
    reloads = [len(set(s["generations"])) - 1 for s in stats]
    dropped = [s["dropped"] for s in stats if s["dropped"]]
    got_last = sum(1 for s in stats if s["generations"] and s["generations"][-1] == final)
    unexpected = result["non_2xx_3xx"] - result["not_found"]
    rows = [
        ("wrk", f"-c {args.connections} -t {args.threads} -d {args.seconds}s, paths {' '.join(PATHS)}"),
        ("requests/s", f"{result['rps']:,.0f} ({result['requests']:,} requests)"),
        ("latency p50 / p90 / p99", f"{result['p50']} / {result['p90']} / {result['p99']}"),
        ("socket errors", f"{result['socket_errors']} ({result['socket_detail']})"),
        ("non-2xx/3xx, not the 404 path", f"{unexpected} (lua: {result['unexpected']})"),
        ("whole 2xx/3xx / 404 pages", f"{result['ok']:,} / {result['not_found']:,}"),
        ("saves / rebuilds / failed", f"{editor.saves} / {rebuilds} / {failed}"),
        ("WebSocket clients / dropped", f"{len(stats)} / {len(dropped)}"),
        ("reloads per client min/median/max",
         f"{min(reloads, default=0)} / {statistics.median(reloads) if reloads else 0:g} / {max(reloads, default=0)}"
         f" (rebuilds: {rebuilds})"),
        ("clients told of the last rebuild", f"{got_last} of {len(stats)}"),
        ("server exit on SIGTERM", str(status)),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    if dropped:
        print("dropped:", dropped[:5])
    ok = (result["socket_errors"] == 0 and unexpected == 0 and result["unexpected"] == 0
          and not dropped and got_last == len(stats) and failed == 0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
