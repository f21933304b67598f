#!/usr/bin/env python3
"""What the reader's search downloads: the files under search/ of a built site that a
query fetches, found by doing what themes/default/static/reader.js (reader.js.d/) does (this is its
search in Python: the same tokens, candidates, bounds and rounds of fragments; the
browser test tests/search.rs checks the real one on the Django roadmap).

    python3 bench/search_bench.py public/                  # the default queries
    python3 bench/search_bench.py public/ django "n+1"     # these

bench.py imports it for the one-word figure at each N.
"""
import json
import re
import sys
import unicodedata
from pathlib import Path

# As reader.js: fragments loaded at once when a query's candidates are in at most FEW,
# else one, then ROUND at a time, at most MAX_FRAGMENTS per query.
FEW, ROUND, MAX_FRAGMENTS = 4, 2, 32
IN_STAGE_TITLE, IN_SUMMARY = 1, 2
QUERIES = ["select_related", "jwt", "gunicorn", "django"]


def _ranges(name):
    """A table of reader.js (FOLD_MARKS, SPACELESS: fold.rs writes them) as a class."""
    parts = sorted((Path(__file__).parent.parent / "themes/default/static/reader.js.d").glob("*.js"))
    js = "".join(p.read_text() for p in parts)
    table = re.search(rf'var {name} = "([^"]*)"', js).group(1)
    return re.compile("[" + re.sub(r"\\\\u\{([0-9a-f]+)\}", lambda m: chr(int(m.group(1), 16)), table) + "]")


MARKS, SPACELESS = _ranges("FOLD_MARKS"), _ranges("SPACELESS")
SPECIAL = {"ß": "ss", "ς": "σ"}


def fold(text):
    """As reader.js folds: a character at a time, lowercased, NFKD without marks, NFC."""
    def one(c):
        low = "".join(SPECIAL.get(x, x) for x in c.lower())
        return unicodedata.normalize("NFC", MARKS.sub("", unicodedata.normalize("NFKD", low)))
    return "".join(one(c) for c in text)


def asked(word, lo, hi):
    """A run of letters and digits as the words to ask the index for (reader.js's askedOf)."""
    out = []
    for run in re.findall(r"(?:%s)+|(?:(?!%s).)+" % (SPACELESS.pattern, SPACELESS.pattern), word):
        if SPACELESS.match(run):
            out += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
        elif len(run) >= lo:
            out.append(run[:hi])
    return out


def encode(prefix):
    return "".join(c if re.fullmatch(r"[a-z0-9]", c) else f"_{ord(c):x}_" for c in prefix)


def decode(code, bit, flags):
    nxt = 0
    for run in filter(None, code.split(",")):
        skip, _, more = run.partition("~")
        first = nxt + int(skip)
        last = first + int(more or 0)
        for s in range(first, last + 1):
            flags[s] |= bit
        nxt = last + 1


def score(kind, title, text, stage, terms):
    hay = fold(f"{title} {text} {stage}")
    if not all(t in hay for t in terms):
        return None
    low = fold(title)
    return 2 * sum(1 for t in terms if t in low) + (1 if kind == "stage" else 0)


class Client:
    def __init__(self, out):
        self.out = Path(out)
        self.fetched = {}

    def get(self, rel):
        if rel not in self.fetched:
            self.fetched[rel] = (self.out / "search" / rel).read_bytes()
        return json.loads(self.fetched[rel])

    def bytes(self):
        return sum(len(b) for b in self.fetched.values())

    def search(self, query):
        """The first ten results as (stage, entry, score), and whether the search
        stopped at MAX_FRAGMENTS."""
        meta = self.get("meta.json")
        n, (lo, hi) = meta["stages"], meta["keys"]
        terms = fold(query.strip()).split()
        if not terms:
            return [], False
        bits = meta["bits"]
        title_bits = [1 << i for i, b in enumerate(bits) if b not in ("stage", "summary")]
        per_term = []
        for term in terms:
            every = bytearray([(1 << len(bits)) - 1]) * n
            runs = "".join(c if c.isalnum() else " " for c in term).split()
            for word in (w for run in runs for w in asked(run, lo, hi)):
                code = encode(word)
                shard = next((s for s in meta["shards"] if code.startswith(s)), None)
                if shard is None:
                    if any(s.startswith(code) for s in meta["shards"]):
                        continue
                    return [], False
                flags = bytearray(n)
                for key, sets in self.get(f"s-{shard}.json").items():
                    if key.startswith(word):
                        for i in range(0, len(sets), 2):
                            decode(sets[i + 1], sets[i], flags)
                every = bytearray(a & b for a, b in zip(every, flags))
            per_term.append(every)
        candidates = []
        for s in range(n):
            fs = [flags[s] for flags in per_term]
            bound = -1
            # The stage's own entry: every term in its title or summary.
            if all(f & (IN_STAGE_TITLE | IN_SUMMARY) for f in fs):
                bound = 1 + 2 * sum(1 for f in fs if f & IN_STAGE_TITLE)
            # A heading or item of one kind: every term in its title or the stage's.
            for bit in title_bits:
                if all(f & (bit | IN_STAGE_TITLE) for f in fs):
                    bound = max(bound, 2 * sum(1 for f in fs if f & bit))
            if bound >= 0:
                candidates.append((bound, s))
        candidates.sort(key=lambda c: (-c[0], c[1]))
        firsts = meta["fragments"]

        def fragment_of(stage):
            lo_, hi_ = 0, len(firsts)
            while hi_ - lo_ > 1:
                mid = (lo_ + hi_) // 2
                if firsts[mid] <= stage:
                    lo_ = mid
                else:
                    hi_ = mid
            return lo_

        loaded, found = set(), []

        def load(f):
            loaded.add(f)
            for k, st in enumerate(self.get(f"f-{firsts[f]}.json")):
                kinds = meta["kinds"]
                entries = [("stage", st["t"], st.get("s", ""))] + [(kinds[e[0]], e[1], "") for e in st["e"]]
                for j, (kind, title, text) in enumerate(entries):
                    sc = score(kind, title, text, st["t"], terms)
                    if sc is not None:
                        found.append((sc, firsts[f] + k, j))
            found.sort(key=lambda r: (-r[0], r[1], r[2]))

        wanted = sorted({fragment_of(s) for _, s in candidates})
        capped = False
        if len(wanted) <= FEW:
            for f in wanted:
                load(f)
        else:
            nxt = 0
            while True:
                while nxt < len(candidates) and fragment_of(candidates[nxt][1]) in loaded:
                    nxt += 1
                if nxt == len(candidates):
                    break
                bound, stage = candidates[nxt]
                if len(found) >= 10 and (bound, -stage) < (found[9][0], -found[9][1]):
                    break
                if len(loaded) >= MAX_FRAGMENTS:
                    capped = True
                    break
                batch = []
                size = ROUND if loaded else 1
                for _, s in candidates[nxt:]:
                    f = fragment_of(s)
                    if f not in loaded and f not in batch:
                        batch.append(f)
                        if len(batch) == size:
                            break
                for f in batch:
                    load(f)
        return [(s, j, sc) for sc, s, j in found[:10]], capped


def query_bytes(out, query):
    client = Client(out)
    results, capped = client.search(query)
    return client.bytes(), len(client.fetched), len(results), capped


def totals(out):
    files = list((Path(out) / "search").iterdir())
    return sum(f.stat().st_size for f in files), len(files)


def main():
    out = sys.argv[1]
    queries = sys.argv[2:] or QUERIES
    size, count = totals(out)
    print(f"search/: {count} files, {size / 1024:.1f} KB")
    for q in queries:
        b, files, results, capped = query_bytes(out, q)
        note = " (stopped at the cap)" if capped else ""
        print(f"  {q!r:24} {b / 1024:8.1f} KB in {files} files, {results} results{note}")


if __name__ == "__main__":
    main()
