  /* ---------- Search over search/, a piece at a time ----------
     search/meta.json names the index's shards and the fragments of entries (see
     docs/templates.md). A query loads the shards of its words, which say in which
     stages, and where in them, each word is; from that it bounds every stage's best
     score, then loads fragments, best bounds first, until no stage left could rank
     among the first ten. It finds what a search over every entry finds: an entry
     whose title, text and stage title hold every term of the query (both folded:
     see fold below), ranked by the
     terms in its title (and stages first among equals), in roadmap order. */

  var SHOWN = 10;
  /* Fragments loaded at once when a query's stages are in at most FEW of them;
     otherwise one, then ROUND at a time, and at most MAX_FRAGMENTS for one query. */
  var FEW = 4, ROUND = 2, MAX_FRAGMENTS = 32;
  /* Words are runs of letters and digits, as the build cuts them. A browser without
     Unicode property escapes asks no shard and reads fragments in order. */
  var NOT_WORD = null;
  try { NOT_WORD = new RegExp("[^\\p{Alphabetic}\\p{N}]+", "u"); } catch (e) { NOT_WORD = null; }

  /* Folding, as src/reader/search/fold.rs folds (a test there checks these three):
     a character at a time, lowercased, FOLD_SPECIAL's as it says, decomposed (NFKD)
     without the marks of FOLD_MARKS (accents, harakat), composed again. SPACELESS:
     the letters of scripts written without spaces, whose runs the index cuts into
     characters and pairs of characters. */
  var FOLD_MARKS = "\\u{300}-\\u{36f}\\u{483}-\\u{489}\\u{591}-\\u{5bd}\\u{5bf}\\u{5c1}-\\u{5c2}\\u{5c4}-\\u{5c5}\\u{5c7}\\u{610}-\\u{61a}\\u{640}\\u{64b}-\\u{65f}\\u{670}\\u{6d6}-\\u{6dc}\\u{6df}-\\u{6e4}\\u{6e7}-\\u{6e8}\\u{6ea}-\\u{6ed}\\u{1ab0}-\\u{1aff}\\u{1dc0}-\\u{1dff}\\u{20d0}-\\u{20ff}\\u{fe20}-\\u{fe2f}";
  var FOLD_SPECIAL = { "ß": "ss", "ς": "σ" };
  var SPACELESS = "\\u{e00}-\\u{eff}\\u{1000}-\\u{109f}\\u{1780}-\\u{17ff}\\u{2e80}-\\u{2fdf}\\u{3005}-\\u{3007}\\u{3021}-\\u{3029}\\u{3031}-\\u{3035}\\u{3038}-\\u{303c}\\u{3040}-\\u{30ff}\\u{31f0}-\\u{31ff}\\u{3400}-\\u{4dbf}\\u{4e00}-\\u{9fff}\\u{f900}-\\u{faff}\\u{20000}-\\u{3ffff}";
  var MARKS = null, IS_SPACELESS = /^$/;
  try {
    MARKS = new RegExp("[" + FOLD_MARKS + "]", "gu");
    IS_SPACELESS = new RegExp("^[" + SPACELESS + "]$", "u");
  } catch (e) { MARKS = null; }
  var foldedChars = {};
  function foldChar(c) {
    var f = foldedChars[c];
    if (f === undefined) {
      f = c.toLowerCase();
      if (MARKS && f.normalize) {
        f = Array.from(f).map(function (l) { return FOLD_SPECIAL[l] || l; }).join("")
          .normalize("NFKD").replace(MARKS, "").normalize("NFC");
      }
      foldedChars[c] = f;
    }
    return f;
  }
  /* `text` folded: `text`, and for each of its UTF-16 units where in `text` the
     character it comes from starts (`from`) and ends (`to`, past marks folded away). */
  function foldMap(text) {
    var out = "", from = [], to = [];
    for (var i = 0; i < text.length;) {
      var c = String.fromCodePoint(text.codePointAt(i)), f = foldChar(c), end = i + c.length;
      if (!f && to.length) to[to.length - 1] = end;
      for (var k = 0; k < f.length; k++) { from.push(i); to.push(end); }
      out += f;
      i = end;
    }
    return { text: out, from: from, to: to };
  }
  function fold(text) {
    if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
    var out = "";
    for (var i = 0; i < text.length;) {
      var c = String.fromCodePoint(text.codePointAt(i));
      out += foldChar(c);
      i += c.length;
    }
    return out;
  }
  /* A query's run of letters and digits as the words to ask the index for: cut where
     the script changes to or from one written without spaces; of the others those of
     `min` characters or more, cut to `max`; of those, one character alone, or each
     two in a row (the index's keys there). */
  function askedOf(word, min, max) {
    var out = [], run = [], spaceless = null;
    function end() {
      if (spaceless && run.length === 1) out.push(run[0]);
      else if (spaceless) for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      else if (run.length >= min) out.push(run.slice(0, max).join(""));
      run = [];
    }
    Array.from(word).forEach(function (c) {
      var s = IS_SPACELESS.test(c);
      if (run.length && s !== spaceless) end();
      spaceless = s;
      run.push(c);
    });
    if (run.length) end();
    return out;
  }

  var searchFiles = {};
  /* A file of search/'s JSON, fetched once (again with `fresh`, past the browser's
     cache); a failed fetch is tried again next time. */
  function searchFile(name, fresh) {
    if (!searchFiles[name] || fresh) {
      searchFiles[name] = fetch(base + "search/" + name, fresh ? { cache: "reload" } : undefined).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
      searchFiles[name].catch(function () { delete searchFiles[name]; });
    }
    return searchFiles[name];
  }

  /* search/meta.json, of the version this script reads (a rejection otherwise): what
     the search and the roadmap's data (itemsAt) both read the other files by. */
  function searchMeta() {
    return searchFile("meta.json").then(function (meta) {
      if (meta.version !== 2) throw new Error("search/meta.json: version " + meta.version);
      return meta;
    });
  }

  /* The fragment holding stage `stage`: its place in `firsts` (meta.json's fragments). */
  function fragmentOf(firsts, stage) {
    var lo = 0, hi = firsts.length;
    while (hi - lo > 1) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= stage) lo = mid; else hi = mid;
    }
    return lo;
  }

  /* A shard's name: a-z and 0-9 as they are, other characters as _<hex code point>_. */
  function shardCode(word) {
    return Array.from(word).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }

  /* Adds `bits` to the stages of a set: runs separated by ",", each the stages skipped
     since the previous run, then "~" and how many more stages it holds. */
  function addRuns(code, bits, flags) {
    var next = 0;
    String(code).split(",").forEach(function (run) {
      if (!run) return;
      var p = run.split("~");
      var first = next + Number(p[0]), last = first + (p.length > 1 ? Number(p[1]) : 0);
      for (var s = first; s <= last && s < flags.length; s++) flags[s] |= bits;
      next = last + 1;
    });
  }

  /* A fragment's stage as entries: its own, then its headings' and items' (their kind
     a place in `kinds` of meta.json; an item's anchor, the place in `e` of its
     section's heading). */
  function entriesOf(stage, kinds) {
    var list = [{ kind: "stage", title: stage.t, stage: stage.t, url: stage.u, text: stage.s || "" }];
    var e = stage.e || [];
    e.forEach(function (x) {
      var anchor = typeof x[2] === "number" ? (e[x[2]] || [])[2] : x[2];
      list.push({ kind: kinds[x[0]], title: x[1], stage: stage.t, url: stage.u + "#" + anchor, text: "" });
    });
    return list;
  }

  /* An entry's score for `terms`, or -1 when it does not hold them all. */
  function scoreOf(e, terms) {
    var hay = fold(e.title + " " + (e.text || "") + " " + e.stage);
    if (!terms.every(function (t) { return hay.indexOf(t) >= 0; })) return -1;
    var title = fold(e.title), score = e.kind === "stage" ? 1 : 0;
    terms.forEach(function (t) { if (title.indexOf(t) >= 0) score += 2; });
    return score;
  }

  /* The stages that may hold a result, best bound first, from the shards. */
  function candidates(meta, terms) {
    var n = meta.stages, min = meta.keys[0], max = meta.keys[1];
    var STAGE = 1 << meta.bits.indexOf("stage"), SUMMARY = 1 << meta.bits.indexOf("summary");
    var every = (1 << meta.bits.length) - 1, titles = [];
    meta.bits.forEach(function (b, i) { if (b !== "stage" && b !== "summary") titles.push(1 << i); });
    var none = false, names = [];
    var words = terms.map(function (term) {
      var asked = [];
      (NOT_WORD ? term.split(NOT_WORD) : []).forEach(function (run) {
        askedOf(run, min, max).forEach(function (w) {
          var code = shardCode(w);
          var shard = meta.shards.filter(function (s) { return code.indexOf(s) === 0; })[0];
          if (shard === undefined) {
            /* A prefix of a split shard is in too many places to ask; anything else is
               in no word at all. */
            if (!meta.shards.some(function (s) { return s.indexOf(code) === 0; })) none = true;
            return;
          }
          asked.push({ word: w, shard: shard });
          if (names.indexOf(shard) < 0) names.push(shard);
        });
      });
      return asked;
    });
    if (none) return Promise.resolve([]);
    return Promise.all(names.map(function (s) { return searchFile("s-" + s + ".json"); })).then(function (shards) {
      var perTerm = words.map(function (asked) {
        var all = new Uint8Array(n).fill(every);
        asked.forEach(function (a) {
          var shard = shards[names.indexOf(a.shard)], flags = new Uint8Array(n);
          Object.keys(shard).forEach(function (key) {
            if (key.indexOf(a.word) !== 0) return;
            for (var i = 0; i + 1 < shard[key].length; i += 2) addRuns(shard[key][i + 1], shard[key][i], flags);
          });
          for (var s = 0; s < n; s++) all[s] &= flags[s];
        });
        return all;
      });
      var list = [];
      for (var s = 0; s < n; s++) {
        var f = perTerm.map(function (t) { return t[s]; });
        var bound = -1;
        /* The stage's own entry: every term in its title or summary. */
        if (f.every(function (x) { return x & (STAGE | SUMMARY); })) {
          bound = 1 + 2 * f.filter(function (x) { return x & STAGE; }).length;
        }
        /* A heading or an item of one kind: every term in its title or the stage's. */
        titles.forEach(function (bit) {
          if (f.every(function (x) { return x & (bit | STAGE); })) {
            bound = Math.max(bound, 2 * f.filter(function (x) { return x & bit; }).length);
          }
        });
        if (bound >= 0) list.push({ bound: bound, stage: s });
      }
      return list.sort(function (a, b) { return b.bound - a.bound || a.stage - b.stage; });
    });
  }

  /* The first results for `query`: { found: [{e, score}], partial } where partial says
     the search stopped at MAX_FRAGMENTS before it could rank every stage. */
  function find(query) {
    var terms = fold(query.trim()).split(/\s+/).filter(Boolean);
    return searchMeta().then(function (meta) {
      return candidates(meta, terms).then(function (list) {
        var firsts = meta.fragments, found = [], loaded = {}, count = 0, next = 0;
        function load(fragments) {
          fragments.forEach(function (f) { loaded[f] = true; count++; });
          return Promise.all(fragments.map(function (f) { return searchFile("f-" + firsts[f] + ".json"); })).then(function (got) {
            got.forEach(function (stages, i) {
              stages.forEach(function (stage, k) {
                entriesOf(stage, meta.kinds).forEach(function (e, j) {
                  var score = scoreOf(e, terms);
                  if (score >= 0) found.push({ e: e, score: score, stage: firsts[fragments[i]] + k, entry: j });
                });
              });
            });
            found.sort(function (a, b) { return b.score - a.score || a.stage - b.stage || a.entry - b.entry; });
          });
        }
        function done(partial) { return { found: found.slice(0, SHOWN), partial: partial }; }
        var all = [];
        list.forEach(function (c) {
          var f = fragmentOf(firsts, c.stage);
          if (all.length <= FEW && all.indexOf(f) < 0) all.push(f);
        });
        if (all.length <= FEW) return load(all).then(function () { return done(false); });
        function step() {
          while (next < list.length && loaded[fragmentOf(firsts, list[next].stage)]) next++;
          if (next === list.length) return done(false);
          var c = list[next], tenth = found[SHOWN - 1];
          /* No stage left can rank before the tenth result. */
          if (tenth && (c.bound < tenth.score || (c.bound === tenth.score && c.stage > tenth.stage))) return done(false);
          if (count >= MAX_FRAGMENTS) return done(true);
          var round = [], size = count ? ROUND : 1;
          for (var i = next; i < list.length && round.length < size; i++) {
            var f = fragmentOf(firsts, list[i].stage);
            if (!loaded[f] && round.indexOf(f) < 0) round.push(f);
          }
          return load(round).then(step);
        }
        return step();
      });
    });
  }

  function search(header) {
    var box = el("div", { "class": "search", role: "search" });
    var label = el("label", { "for": "search-input", "class": "visually-hidden" }, kit.t("search_label"));
    var input = el("input", {
      id: "search-input", type: "search", placeholder: kit.t("search_placeholder"), autocomplete: "off",
      "aria-controls": "search-results", "aria-describedby": "search-count"
    });
    var count = el("p", { id: "search-count", "class": "visually-hidden", "aria-live": "polite" });
    var results = el("ul", { id: "search-results", "class": "search-results", hidden: "" });
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(count);
    box.appendChild(results);
    header.appendChild(box);

    /* Marks the terms in `text`, found in it folded, on the characters they fold from. */
    function highlight(parent, text, terms) {
      var folded = foldMap(text), lower = folded.text;
      var i = 0, pos = 0;
      while (pos < text.length) {
        var next = -1, len = 0;
        terms.forEach(function (t) {
          var at = lower.indexOf(t, i);
          if (at >= 0 && (next < 0 || at < next)) { next = at; len = t.length; }
        });
        if (next < 0) { parent.appendChild(document.createTextNode(text.slice(pos))); break; }
        var start = Math.max(pos, folded.from[next]), end = folded.to[next + len - 1];
        if (start > pos) parent.appendChild(document.createTextNode(text.slice(pos, start)));
        parent.appendChild(el("mark", {}, text.slice(start, end)));
        pos = end;
        i = next + len;
        while (i < lower.length && folded.from[i] < pos) i++;
      }
    }

    function kind(k) {
      var key = "kind_" + String(k).replace(/-/g, "_"), s = kit.t(key);
      return s === key ? kit.t("kind_item") : s;
    }

    /* What `find` found for `query` (null: the index could not be fetched). */
    function show(query, got) {
      var terms = fold(query.trim()).split(/\s+/).filter(Boolean);
      results.textContent = "";
      if (!got) {
        count.textContent = kit.t("search_unavailable");
        results.appendChild(el("li", { "class": "search-empty" }, kit.t("search_failed")));
        results.hidden = false;
        return;
      }
      var found = got.found;
      count.textContent = found.length ? kit.t("search_results", { n: found.length }) : kit.t("search_no_results");
      if (!found.length) {
        results.appendChild(el("li", { "class": "search-empty" }, kit.t("search_none", { query: query.trim() })));
      }
      found.forEach(function (f) {
        var li = el("li");
        var a = el("a", { href: f.e.url, "class": "search-result" });
        var title = el("span", { "class": "search-title" });
        highlight(title, f.e.title, terms);
        var where = el("span", { "class": "search-context" },
          kind(f.e.kind) + (f.e.kind === "stage" ? "" : " · " + f.e.stage));
        a.appendChild(title);
        a.appendChild(where);
        if (f.e.text) {
          var ctx = el("span", { "class": "search-snippet" });
          highlight(ctx, f.e.text, terms);
          a.appendChild(ctx);
        }
        li.appendChild(a);
        results.appendChild(li);
      });
      if (got.partial) {
        results.appendChild(el("li", { "class": "search-empty" }, kit.t("search_partial")));
      }
      results.hidden = false;
    }

    var latest = 0;
    function run() {
      var query = input.value, id = ++latest;
      if (!query.trim()) { results.textContent = ""; results.hidden = true; count.textContent = ""; return; }
      find(query).then(function (got) {
        if (id === latest) show(query, got);
      }, function () {
        if (id === latest) show(query, null);
      });
    }

    input.addEventListener("focus", function () { searchFile("meta.json").catch(function () {}); });
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { input.value = ""; run(); }
      if (ev.key === "ArrowDown") {
        var first = results.querySelector("a");
        if (first) { ev.preventDefault(); first.focus(); }
      }
    });
    document.addEventListener("keydown", function (ev) {
      var t = ev.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
        ev.preventDefault();
        input.focus();
      }
    });
  }

