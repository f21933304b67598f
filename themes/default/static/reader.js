/*
 * roadsmith reader script: progress kept in this browser, dark mode toggle, search.
 * Progressive enhancement: without it the pages are a complete roadmap. No requests
 * leave the site; everything the page shows is built with textContent, never HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  var root = document.documentElement;
  var THEME_KEY = "roadsmith:theme";
  var PROGRESS_KEY = "roadsmith:progress:" + base;
  var STATUSES = ["todo", "doing", "done", "skipped"];
  var STATUS_LABELS = { todo: "To do", doing: "In progress", done: "Done", skipped: "Skipped" };

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: no memory */ }
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---------- Theme: follows the system unless the reader chose ---------- */

  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function effectiveTheme() {
    var chosen = load(THEME_KEY);
    if (chosen === "dark" || chosen === "light") return chosen;
    return systemDark && systemDark.matches ? "dark" : "light";
  }

  function applyTheme() {
    var chosen = load(THEME_KEY);
    var links = document.querySelectorAll('link[rel="stylesheet"][href$="highlight-light.css"], link[rel="stylesheet"][href$="highlight-dark.css"]');
    if (chosen !== "dark" && chosen !== "light") {
      root.removeAttribute("data-theme");
    } else {
      root.setAttribute("data-theme", chosen);
    }
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      if (!link.hasAttribute("data-media")) link.setAttribute("data-media", link.media || "all");
      var isDark = /highlight-dark\.css$/.test(link.getAttribute("href"));
      if (chosen === "dark" || chosen === "light") {
        link.media = (chosen === "dark") === isDark ? "all" : "not all";
      } else {
        link.media = link.getAttribute("data-media");
      }
    }
  }

  applyTheme();

  function themeToggle(header) {
    var button = el("button", { type: "button", "class": "button theme-toggle" });
    function label() {
      var dark = effectiveTheme() === "dark";
      button.textContent = dark ? "Light theme" : "Dark theme";
      button.setAttribute("aria-label", dark ? "Switch to the light theme" : "Switch to the dark theme");
    }
    button.addEventListener("click", function () {
      save(THEME_KEY, effectiveTheme() === "dark" ? "light" : "dark");
      applyTheme();
      label();
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", label);
    label();
    header.appendChild(button);
  }

  /* ---------- Progress: item id -> status, in localStorage ---------- */

  function readProgress() {
    var data;
    try { data = JSON.parse(load(PROGRESS_KEY) || "{}"); } catch (e) { data = {}; }
    return clean(data) || { items: {} };
  }

  /* Keeps only well-formed entries: ids are strings, statuses one of ours. */
  function clean(data) {
    if (!data || typeof data !== "object" || typeof data.items !== "object" || !data.items) return null;
    var items = {};
    Object.keys(data.items).forEach(function (id) {
      var s = data.items[id];
      if (typeof s === "string" && STATUSES.indexOf(s) > 0 && id.length < 300) items[id] = s;
    });
    return { items: items };
  }

  var progress = readProgress();

  /* The one place the progress format is written: { version: 1, site, items: { id:
     status } }. Without an argument it is kept in localStorage; with a date it is an
     export file's text (the same format plus when it was exported), returned. */
  function persist(exported) {
    var data = { version: 1, site: base };
    if (exported) data.exported = exported;
    data.items = progress.items;
    if (exported) {
      Object.keys(exportParts).forEach(function (name) { data[name] = exportParts[name].save(); });
      return JSON.stringify(data, null, 2);
    }
    save(PROGRESS_KEY, JSON.stringify(data));
    return null;
  }

  /* ---------- What the theme's other scripts may use: window.roadsmith ----------
     base: the site's base path; status(id): an item's status ("todo", "doing",
     "done", "skipped"); onChange(fn): fn() after every change of progress (also one
     made in another tab or by an import); exportPart(name, {save, load}): a part of
     the progress export file, `save()` giving its JSON value and `load(value)` taking
     it back on import. */
  var changeListeners = [];
  var exportParts = {};
  window.roadsmith = {
    base: base,
    status: function (id) { return statusOf(id); },
    onChange: function (fn) { changeListeners.push(fn); },
    exportPart: function (name, part) {
      if (name !== "items" && name !== "version" && name !== "site" && name !== "exported") exportParts[name] = part;
    }
  };

  function setStatus(id, status) {
    if (status === "todo") delete progress.items[id];
    else progress.items[id] = status;
    persist();
    refresh();
  }

  function statusOf(id) { return progress.items[id] || "todo"; }

  var controls = [];

  function itemText(li) {
    var text = "";
    for (var n = li.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1 && /^(UL|OL|SELECT)$/.test(n.tagName)) continue;
      text += n.textContent;
    }
    return text.replace(/\s+/g, " ").trim();
  }

  function enhanceItem(li) {
    var id = li.getAttribute("data-item-id");
    var text = itemText(li);
    var select = el("select", { "class": "item-status", "aria-label": "Status: " + text });
    STATUSES.forEach(function (s) { select.appendChild(el("option", { value: s }, STATUS_LABELS[s])); });
    select.addEventListener("change", function () { setStatus(id, select.value); });
    var box = li.querySelector(":scope > input.task-list-item-checkbox, :scope > p > input.task-list-item-checkbox");
    if (box) {
      box.disabled = false;
      box.removeAttribute("disabled");
      box.setAttribute("aria-label", "Done: " + text);
      box.addEventListener("change", function () { setStatus(id, box.checked ? "done" : "todo"); });
    }
    li.insertBefore(select, li.querySelector(":scope > ul, :scope > ol"));
    controls.push({ li: li, id: id, select: select, box: box });
  }

  /* How many of `ids` are done, skipped and in progress. */
  function counts(ids) {
    var c = { done: 0, skipped: 0, doing: 0 };
    ids.forEach(function (i) {
      var s = statusOf(i);
      if (s === "done") c.done++;
      else if (s === "skipped") c.skipped++;
      else if (s === "doing") c.doing++;
    });
    return c;
  }

  function bar(container, ids, label) {
    barOf(container, counts(ids), ids.length, label);
  }

  /* A progress bar in `container` for `c` (counts) of `count` items. */
  function barOf(container, c, count, label) {
    var meter = container.querySelector("progress");
    var note = container.querySelector(".progress-note");
    if (!meter) {
      var id = "p-" + Math.random().toString(36).slice(2, 9);
      note = el("span", { "class": "progress-note", id: id });
      meter = el("progress", { "aria-labelledby": id });
      container.appendChild(meter);
      container.appendChild(note);
      container.hidden = false;
    }
    var done = c.done, skipped = c.skipped, doing = c.doing;
    var total = count - skipped;
    meter.max = Math.max(total, 1);
    meter.value = done;
    var pct = total > 0 ? Math.round((100 * done) / total) : 0;
    note.textContent = label + ": " + done + " of " + total + " done (" + pct + "%)" +
      (doing ? ", " + doing + " in progress" : "") + (skipped ? ", " + skipped + " skipped" : "");
    container.setAttribute("data-done", String(done));
  }

  function ids(node) {
    return (node.getAttribute("data-items") || "").split(/\s+/).filter(Boolean);
  }

  function refresh() {
    controls.forEach(function (c) {
      var s = statusOf(c.id);
      c.select.value = s;
      if (c.box) c.box.checked = s === "done";
      STATUSES.forEach(function (x) { c.li.classList.toggle("status-" + x, x === s); });
    });
    var all = [];
    document.querySelectorAll("[data-progress-stage]").forEach(function (node) {
      bar(node, ids(node), "Your progress in this stage");
    });
    document.querySelectorAll(".stage-card[data-items]").forEach(function (card) {
      var list = ids(card);
      all = all.concat(list);
      var slot = card.querySelector(".card-progress");
      if (!slot) {
        slot = el("div", { "class": "card-progress" });
        (card.querySelector(".stage-card-body") || card).appendChild(slot);
      }
      bar(slot, list, "Progress");
    });
    var overall = document.querySelector("[data-progress-overall]");
    if (overall) {
      var slot2 = overall.querySelector(".overall-bar");
      if (!slot2) {
        slot2 = el("div", { "class": "overall-bar" });
        overall.insertBefore(slot2, overall.firstChild);
      }
      var total = overall.getAttribute("data-tracked-total");
      if (total !== null) {
        /* A long roadmap lists its stages without their items: the stored statuses
           are counted against the number of tracked items the page states. */
        barOf(slot2, counts(Object.keys(progress.items)), Number(total) || 0, "Whole roadmap");
      } else {
        bar(slot2, all, "Whole roadmap");
      }
      overall.hidden = false;
    }
    readyToStart();
    changeListeners.forEach(function (fn) { fn(); });
  }

  /* ---------- Ready to start: stages whose required stages are finished ---------- */

  /* A stage is finished when every one of its tracked items is done or skipped (so a
     stage without tracked items is finished from the start). */
  function finished(card) {
    return ids(card).every(function (i) {
      var s = statusOf(i);
      return s === "done" || s === "skipped";
    });
  }

  function readyToStart() {
    var section = document.querySelector("[data-ready-to-start]");
    var list = section && section.querySelector(".ready-list");
    if (!list) return;
    var cards = document.querySelectorAll(".stage-card[data-stage]");
    var done = {};
    cards.forEach(function (card) { done[card.getAttribute("data-stage")] = finished(card); });
    list.textContent = "";
    cards.forEach(function (card) {
      var slug = card.getAttribute("data-stage");
      var requires = (card.getAttribute("data-requires") || "").split(/\s+/).filter(Boolean);
      if (done[slug] || !requires.every(function (r) { return done[r] !== false; })) return;
      var link = card.querySelector(".stage-link");
      if (!link) return;
      var li = el("li", { "data-stage": slug });
      li.appendChild(el("a", { href: link.getAttribute("href") }, link.textContent.replace(/\s+/g, " ").trim()));
      var started = ids(card).some(function (i) { return statusOf(i) === "done" || statusOf(i) === "doing"; });
      var notes = [];
      if (card.classList.contains("stage-optional")) notes.push("optional");
      if (started) notes.push("in progress");
      if (notes.length) li.appendChild(document.createTextNode(" (" + notes.join(", ") + ")"));
      list.appendChild(li);
    });
    if (!list.firstChild && cards.length) {
      list.appendChild(el("li", {}, "Nothing: you have finished every stage."));
    }
    section.hidden = false;
  }

  function exportImport(overall) {
    var tools = el("div", { "class": "progress-tools" });
    var status = el("p", { "class": "progress-message", role: "status" });
    var exportButton = el("button", { type: "button", "class": "button" }, "Export progress");
    exportButton.addEventListener("click", function () {
      var json = persist(new Date().toISOString());
      var url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
      var a = el("a", { href: url, download: "roadmap-progress.json" });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      status.textContent = "Progress exported to roadmap-progress.json.";
    });
    var input = el("input", { type: "file", accept: "application/json,.json", id: "progress-import", "class": "visually-hidden" });
    var label = el("label", { "for": "progress-import", "class": "button" }, "Import progress");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var data = null;
        try { data = clean(JSON.parse(text)); } catch (e) { data = null; }
        if (!data) {
          status.textContent = "That file is not a progress export: nothing was changed.";
          return;
        }
        progress = data;
        persist();
        var parsed = JSON.parse(text);
        Object.keys(exportParts).forEach(function (name) {
          if (parsed[name] !== undefined) exportParts[name].load(parsed[name]);
        });
        refresh();
        status.textContent = "Progress imported: " + Object.keys(data.items).length + " items.";
        input.value = "";
      });
    });
    tools.appendChild(exportButton);
    tools.appendChild(input);
    tools.appendChild(label);
    overall.appendChild(tools);
    overall.appendChild(status);
  }

  /* ---------- Search over search/, a piece at a time ----------
     search/meta.json names the index's shards and the fragments of entries (see
     docs/templates.md). A query loads the shards of its words, which say in which
     stages, and where in them, each word is; from that it bounds every stage's best
     score, then loads fragments, best bounds first, until no stage left could rank
     among the first ten. It finds what a search over every entry finds: an entry
     whose title, text and stage title hold every term of the query, ranked by the
     terms in its title (and stages first among equals), in roadmap order. */

  var SHOWN = 10;
  /* Fragments loaded at once when a query's stages are in at most FEW of them;
     otherwise one, then ROUND at a time, and at most MAX_FRAGMENTS for one query. */
  var FEW = 4, ROUND = 2, MAX_FRAGMENTS = 32;
  /* Words are runs of letters and digits, as the build cuts them. A browser without
     Unicode property escapes asks no shard and reads fragments in order. */
  var NOT_WORD = null;
  try { NOT_WORD = new RegExp("[^\\p{Alphabetic}\\p{N}]+", "u"); } catch (e) { NOT_WORD = null; }

  var searchFiles = {};
  /* A file of search/, fetched once; a failed fetch is tried again next time. */
  function searchFile(name) {
    if (!searchFiles[name]) {
      searchFiles[name] = fetch(base + "search/" + name).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
      searchFiles[name].catch(function () { delete searchFiles[name]; });
    }
    return searchFiles[name];
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
     a place in `kinds` of meta.json). */
  function entriesOf(stage, kinds) {
    var list = [{ kind: "stage", title: stage.t, stage: stage.t, url: stage.u, text: stage.s || "" }];
    (stage.e || []).forEach(function (x) {
      list.push({ kind: kinds[x[0]], title: x[1], stage: stage.t, url: stage.u + "#" + x[2], text: "" });
    });
    return list;
  }

  /* An entry's score for `terms`, or -1 when it does not hold them all. */
  function scoreOf(e, terms) {
    var hay = (e.title + " " + (e.text || "") + " " + e.stage).toLowerCase();
    if (!terms.every(function (t) { return hay.indexOf(t) >= 0; })) return -1;
    var title = e.title.toLowerCase(), score = e.kind === "stage" ? 1 : 0;
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
      (NOT_WORD ? term.split(NOT_WORD) : []).forEach(function (w) {
        var chars = Array.from(w);
        if (chars.length < min) return;
        w = chars.slice(0, max).join("");
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
    var terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return searchFile("meta.json").then(function (meta) {
      if (meta.version !== 1) throw new Error("search/meta.json: version " + meta.version);
      return candidates(meta, terms).then(function (list) {
        var firsts = meta.fragments, found = [], loaded = {}, count = 0, next = 0;
        function fragmentOf(stage) {
          var lo = 0, hi = firsts.length;
          while (hi - lo > 1) {
            var mid = (lo + hi) >> 1;
            if (firsts[mid] <= stage) lo = mid; else hi = mid;
          }
          return lo;
        }
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
          var f = fragmentOf(c.stage);
          if (all.length <= FEW && all.indexOf(f) < 0) all.push(f);
        });
        if (all.length <= FEW) return load(all).then(function () { return done(false); });
        function step() {
          while (next < list.length && loaded[fragmentOf(list[next].stage)]) next++;
          if (next === list.length) return done(false);
          var c = list[next], tenth = found[SHOWN - 1];
          /* No stage left can rank before the tenth result. */
          if (tenth && (c.bound < tenth.score || (c.bound === tenth.score && c.stage > tenth.stage))) return done(false);
          if (count >= MAX_FRAGMENTS) return done(true);
          var round = [], size = count ? ROUND : 1;
          for (var i = next; i < list.length && round.length < size; i++) {
            var f = fragmentOf(list[i].stage);
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
    var label = el("label", { "for": "search-input", "class": "visually-hidden" }, "Search the roadmap");
    var input = el("input", {
      id: "search-input", type: "search", placeholder: "Search  /", autocomplete: "off",
      "aria-controls": "search-results", "aria-describedby": "search-count"
    });
    var count = el("p", { id: "search-count", "class": "visually-hidden", "aria-live": "polite" });
    var results = el("ul", { id: "search-results", "class": "search-results", hidden: "" });
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(count);
    box.appendChild(results);
    header.appendChild(box);

    function highlight(parent, text, terms) {
      var lower = text.toLowerCase();
      var i = 0;
      while (i < text.length) {
        var next = -1, len = 0;
        terms.forEach(function (t) {
          var at = lower.indexOf(t, i);
          if (at >= 0 && (next < 0 || at < next)) { next = at; len = t.length; }
        });
        if (next < 0) { parent.appendChild(document.createTextNode(text.slice(i))); break; }
        if (next > i) parent.appendChild(document.createTextNode(text.slice(i, next)));
        parent.appendChild(el("mark", {}, text.slice(next, next + len)));
        i = next + len;
      }
    }

    var KIND = { stage: "Stage", heading: "Section", topic: "Topic", exercise: "Exercise",
      "best-practice": "Best practice", suggestion: "Suggestion", learning: "Learning" };

    /* What `find` found for `query` (null: the index could not be fetched). */
    function show(query, got) {
      var terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
      results.textContent = "";
      if (!got) {
        count.textContent = "Search is unavailable";
        results.appendChild(el("li", { "class": "search-empty" }, "Search could not load its index: try again when online."));
        results.hidden = false;
        return;
      }
      var found = got.found;
      count.textContent = found.length ? found.length + " results" : "No results";
      if (!found.length) {
        results.appendChild(el("li", { "class": "search-empty" }, "No results for “" + query.trim() + "”"));
      }
      found.forEach(function (f) {
        var li = el("li");
        var a = el("a", { href: f.e.url, "class": "search-result" });
        var title = el("span", { "class": "search-title" });
        highlight(title, f.e.title, terms);
        var where = el("span", { "class": "search-context" },
          (KIND[f.e.kind] || "Item") + (f.e.kind === "stage" ? "" : " · " + f.e.stage));
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
        results.appendChild(el("li", { "class": "search-empty" }, "The best of the stages searched so far: add a word to search them all."));
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

  /* ---------- Start ---------- */

  function start() {
    var header = document.querySelector(".site-header-inner");
    if (header) {
      var tools = header.querySelector(".reader-tools");
      if (!tools) {
        tools = el("div", { "class": "reader-tools" });
        header.appendChild(tools);
      }
      search(tools);
      themeToggle(tools);
    }
    document.querySelectorAll("li[data-item-id][data-tracked]").forEach(enhanceItem);
    // The other task-list boxes only show a state; their item's text names them.
    document.querySelectorAll("li > input.task-list-item-checkbox:not([aria-label]), li > p > input.task-list-item-checkbox:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", itemText(box.closest("li")));
    });
    var overall = document.querySelector("[data-progress-overall]");
    if (overall) exportImport(overall);
    refresh();
    window.addEventListener("storage", function (ev) {
      if (ev.key === PROGRESS_KEY) { progress = readProgress(); refresh(); }
      if (ev.key === THEME_KEY) applyTheme();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
