/*
 * roadsmith reader script: the reader's progress and notes, kept in this browser
 * (window.roadsmith, which the theme's other scripts use: progress.js shows it,
 * share.js makes links of it, match.js follows reworded items; the last two loaded
 * here when needed), the dark mode toggle, search, and the offline copy (sw.js).
 * Progressive enhancement: without it the pages are a complete roadmap. No requests
 * leave the site; everything the page shows is built with textContent, never HTML.
 */
(function () {
  "use strict";

  /* kit.js, which base.html loads before this: without it nothing is added, rather
     than controls set up half-way (the pages are complete without scripts). */
  var kit = window.roadsmithKit;
  if (!kit) return;
  var el = kit.el, has = kit.has, slugOf = kit.slugOf, recorded = kit.recorded, substantial = kit.substantial;
  var STATUSES = kit.STATUSES, NOTE_MAX = kit.NOTE_MAX;
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  /* The default language's base path: what a reader records is kept there, for
     every language of the site (base is this language's: /fr/). */
  var home = (script && script.getAttribute("data-root")) || base;
  /* On the overview, a hash of every item id of the build (roadmap.json's
     items_version): when it differs from the last visit's, the roadmap changed and
     stored items are followed to where they went. Other pages compare their items. */
  var itemsVersion = (script && script.getAttribute("data-items-version")) || "";
  /* The theme's scripts loaded only when needed, named on this script's tag: match.js
     when the roadmap changed or on an import, share.js on the overview (after the page
     loaded) and wherever a shared link is shown. */
  var lazy = {
    match: script && script.getAttribute("data-match"),
    share: script && script.getAttribute("data-share")
  };
  var root = document.documentElement;
  var THEME_KEY = "roadsmith:theme";
  var PROGRESS_KEY = "roadsmith:progress:" + home;
  var SEEN_KEY = "roadsmith:seen:" + home;
  var TEXT_MAX = 1000;

  /* Whether this browser keeps what the reader records: "ok", "unavailable" (storage
     is disabled, as in some private windows) or "full". */
  var storage = "ok";

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { storage = "unavailable"; return null; }
  }
  /* "" when kept, else why not: "full" or "unavailable". */
  function store(key, value) {
    try { window.localStorage.setItem(key, value); return ""; } catch (e) { return quota(e) ? "full" : "unavailable"; }
  }
  function save(key, value) { store(key, value); }
  function quota(e) {
    return !!e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" || e.code === 22);
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
      button.textContent = kit.t(dark ? "theme_light" : "theme_dark");
      /* A title, not an aria-label: the button is named by what it shows, in any
         language (axe's label-in-name rule cuts names into words, and Japanese or
         Chinese ones are not cut where a reader would), and says what it does. */
      button.setAttribute("title", kit.t(dark ? "theme_to_light" : "theme_to_dark"));
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

  /* ---------- The reader's progress and notes ---------- */

  /* Item ids are `<slug>/<8 hex digits>`, `-2`, `-3`... for repeated texts. */
  var ITEM_ID = /^[\p{L}\p{N}._-]{1,200}\/[0-9a-f]{8}(?:-[0-9]{1,5})?$/u;
  var SLUG = /^[\p{L}\p{N}._-]{1,200}$/u;

  function map() { return Object.create(null); }
  function now() { return Date.now(); }
  /* A time in milliseconds since 1970, or 0 when unknown; never more than a day ahead. */
  function time(t) {
    return typeof t === "number" && isFinite(t) && t > 0 ? Math.floor(Math.min(t, now() + 864e5)) : 0;
  }
  function text(t, max) { return typeof t === "string" ? t.slice(0, max) : ""; }

  /* An item's entry, or null when it records nothing (or is not one). Version 1 kept
     a status only: { id: "done" }. */
  function cleanEntry(v) {
    if (typeof v === "string") v = { status: v };
    if (!v || typeof v !== "object") return null;
    var status = v.status === undefined ? "todo" : v.status;
    if (STATUSES.indexOf(status) < 0) return null;
    var e = { status: status, at: time(v.at), text: text(v.text, TEXT_MAX), note: text(v.note, NOTE_MAX), noteAt: time(v.noteAt) };
    return recorded(e) ? e : null;
  }

  /* Progress from storage, an export file or a link, kept only where well-formed: ids
     like the build's, statuses of ours, texts cut to size. null when it is not
     progress at all. */
  function clean(raw) {
    if (!raw || typeof raw !== "object" || !raw.items || typeof raw.items !== "object" || Array.isArray(raw.items)) return null;
    var out = { items: map(), stages: map(), removed: map() };
    Object.keys(raw.items).forEach(function (id) {
      var e = ITEM_ID.test(id) && cleanEntry(raw.items[id]);
      if (e) out.items[id] = e;
    });
    if (raw.stages && typeof raw.stages === "object") {
      Object.keys(raw.stages).forEach(function (slug) {
        var v = raw.stages[slug];
        if (!SLUG.test(slug) || !v || typeof v !== "object") return;
        var s = { note: text(v.note, NOTE_MAX), noteAt: time(v.noteAt) };
        if (s.note || s.noteAt) out.stages[slug] = s;
      });
    }
    if (raw.removed && typeof raw.removed === "object") {
      Object.keys(raw.removed).forEach(function (id) {
        var v = raw.removed[id], e = ITEM_ID.test(id) && cleanEntry(v);
        if (!e || !substantial(e)) return;
        e.stage = text(v.stage, 300);
        e.removedAt = time(v.removedAt);
        e.announced = v.announced === true;
        out.removed[id] = e;
      });
    }
    return out;
  }

  function empty() { return { items: map(), stages: map(), removed: map() }; }

  function readProgress() {
    var raw;
    try { raw = JSON.parse(load(PROGRESS_KEY) || "{}"); } catch (e) { raw = {}; }
    return clean(raw) || empty();
  }

  (function probe() {
    var why = store("roadsmith:probe", "1");
    try { window.localStorage.removeItem("roadsmith:probe"); } catch (e) { why = "unavailable"; }
    if (why) storage = why;
  })();

  var data = readProgress();

  /* An entry as it is written: what is empty is left out. */
  function written(e, extra) {
    var out = { status: e.status, at: e.at };
    if (e.text) out.text = e.text;
    if (e.note) out.note = e.note;
    if (e.noteAt) out.noteAt = e.noteAt;
    (extra || []).forEach(function (k) { if (e[k] !== undefined && e[k] !== "") out[k] = e[k]; });
    return out;
  }

  /* The one place the progress format is written: { version: 2, site, items: { id:
     { status, at, text, note, noteAt } }, stages: { slug: { note, noteAt } }, removed:
     { id: { status, at, text, note, noteAt, stage, removedAt, announced } } }. `at` and
     `noteAt` are when the status and the note last changed (milliseconds since 1970),
     `text` the item's text then; `removed` holds what the reader recorded for items no
     longer in the roadmap. Without an argument it is kept in localStorage (false when
     the browser would not keep it); with a date it is an export file's text (the same
     plus when it was exported and the theme scripts' parts), returned. */
  function persist(exported) {
    var out = { version: 2, site: home };
    if (exported) out.exported = exported;
    out.items = {};
    Object.keys(data.items).forEach(function (id) { out.items[id] = written(data.items[id]); });
    out.stages = {};
    Object.keys(data.stages).forEach(function (slug) { out.stages[slug] = data.stages[slug]; });
    out.removed = {};
    Object.keys(data.removed).forEach(function (id) {
      out.removed[id] = written(data.removed[id], ["stage", "removedAt", "announced"]);
    });
    if (exported) {
      Object.keys(exportParts).forEach(function (name) { out[name] = exportParts[name].save(); });
      return JSON.stringify(out, null, 2);
    }
    var why = store(PROGRESS_KEY, JSON.stringify(out));
    storage = why || "ok";
    return !why;
  }

  /* Someone else's progress shown read-only (a shared link), or null. */
  var viewing = null;
  function shown() { return viewing || data; }

  function statusOf(id) {
    var e = shown().items[id];
    return e ? e.status : "todo";
  }

  function entryFor(id, itemText) {
    var e = data.items[id];
    if (!e) e = data.items[id] = { status: "todo", at: 0, text: "", note: "", noteAt: 0 };
    if (itemText) e.text = text(itemText, TEXT_MAX);
    return e;
  }

  function setStatus(id, status, itemText) {
    if (viewing || !ITEM_ID.test(id) || STATUSES.indexOf(status) < 0) return;
    var e = entryFor(id, itemText);
    e.status = status;
    e.at = now();
    if (!recorded(e)) delete data.items[id];
    persist();
    changed();
  }

  function setNote(id, note, itemText) {
    if (viewing || !ITEM_ID.test(id)) return;
    var e = entryFor(id, itemText);
    e.note = text(note, NOTE_MAX);
    e.noteAt = now();
    persist();
    changed();
  }

  function setStageNote(slug, note) {
    if (viewing || !SLUG.test(slug)) return;
    data.stages[slug] = { note: text(note, NOTE_MAX), noteAt: now() };
    persist();
    changed();
  }

  function copy(d) {
    var out = empty();
    ["items", "stages", "removed"].forEach(function (part) {
      Object.keys(d[part]).forEach(function (k) {
        var v = d[part][k], c = {};
        Object.keys(v).forEach(function (f) { c[f] = v[f]; });
        out[part][k] = c;
      });
    });
    return out;
  }

  /* What scripts registered before this one ran (base.html's inline script keeps it). */
  var early = (window.roadsmith && window.roadsmith.early) || { changes: [], parts: {} };
  var changeListeners = early.changes.slice();
  var exportParts = {};
  function addPart(name, part) {
    if (["items", "version", "site", "exported", "stages", "removed"].indexOf(name) < 0) exportParts[name] = part;
  }
  Object.keys(early.parts).forEach(function (name) { addPart(name, early.parts[name]); });

  function changed() {
    changeListeners.forEach(function (fn) { fn(); });
  }

  /* ---------- The roadmap changed: follow reworded and moved items ---------- */

  /* What the roadmap was at the last visit, in a key of its own (so that a full storage
     never costs progress): { version, items: { id: text } or null, marks: { id: "new" |
     "changed" } }. Marks are the items added or reworded since, until dismissed. */
  function readSeen() {
    var raw;
    try { raw = JSON.parse(load(SEEN_KEY) || "null"); } catch (e) { raw = null; }
    if (!raw || typeof raw !== "object" || typeof raw.version !== "string") return null;
    var seen = { version: raw.version, items: null, marks: map() };
    if (raw.items && typeof raw.items === "object") {
      seen.items = map();
      Object.keys(raw.items).forEach(function (id) {
        if (ITEM_ID.test(id)) seen.items[id] = text(raw.items[id], TEXT_MAX);
      });
    }
    if (raw.marks && typeof raw.marks === "object") {
      Object.keys(raw.marks).forEach(function (id) {
        if (ITEM_ID.test(id) && (raw.marks[id] === "new" || raw.marks[id] === "changed")) seen.marks[id] = raw.marks[id];
      });
    }
    return seen;
  }

  /* Keeps `seen` as well as storage allows: with the items' texts, else their ids only
     (then a reworded item shows as new), else the version alone (then nothing shows as
     new at the next change). */
  function writeSeen(seen) {
    var ids = null;
    if (seen.items) {
      ids = {};
      Object.keys(seen.items).forEach(function (id) { ids[id] = ""; });
    }
    [seen.items, ids, null].some(function (items) {
      return !store(SEEN_KEY, JSON.stringify({ version: seen.version, items: items, marks: seen.marks }));
    });
  }

  var seenNow = readSeen();
  var marks = seenNow ? seenNow.marks : map();

  var roadmapLoad = null;
  /* roadmap.json, once per page; null when it cannot be read. */
  function roadmap() {
    if (!roadmapLoad) {
      roadmapLoad = fetch(base + "roadmap.json")
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; })
        .then(function (json) {
          if (!json || typeof json !== "object") roadmapLoad = null;
          return json && typeof json === "object" ? json : null;
        });
    }
    return roadmapLoad;
  }

  /* Every item of roadmap.json: { id, text, slug, title (of its stage or page),
     tracked }, stages then pages, in order. */
  function itemsOf(json) {
    var out = [];
    [json.stages, json.pages].forEach(function (list) {
      (Array.isArray(list) ? list : []).forEach(function (s) {
        (s && Array.isArray(s.items) ? s.items : []).forEach(function (i) {
          if (i && typeof i.id === "string" && typeof i.text === "string") {
            out.push({ id: i.id, text: i.text, slug: String(s.slug), title: String(s.title), tracked: !!i.tracked });
          }
        });
      });
    });
    return out;
  }

  /* After a change of the roadmap since the last visit: the reader's items followed
     (match.js), the marks of what is new, and today's roadmap kept for the next time. */
  function caughtUp(json) {
    var current = itemsOf(json), seen = readSeen();
    var plan = api.followProgress(data, current, seen, now());
    var here = map(), next = map();
    current.forEach(function (c) { here[c.id] = c.text; });
    var before = seen ? seen.marks : map();
    Object.keys(before).forEach(function (id) {
      if (has(here, id)) next[id] = before[id];
      else if (has(plan.moved, id)) next[plan.moved[id]] = before[id];
    });
    Object.keys(plan.marks).forEach(function (id) {
      if (!has(next, id)) next[id] = plan.marks[id];
    });
    marks = next;
    seenNow = { version: String(json.items_version || itemsVersion), items: here, marks: marks };
    writeSeen(seenNow);
    if (plan.changed) persist();
    changed();
  }

  function following() { return typeof api.followProgress === "function"; }

  /* Whether the roadmap may have changed since the last visit: the overview's hash
     differs, or this page's items are not those it had then. A first visit looks. */
  function changedSinceSeen() {
    if (!seenNow) return true;
    if (itemsVersion) return itemsVersion !== seenNow.version;
    if (!seenNow.items) return false;
    var here = map(), slugs = map(), unknown = false;
    document.querySelectorAll("li[data-item-id]").forEach(function (li) {
      var id = li.getAttribute("data-item-id");
      here[id] = true;
      slugs[slugOf(id)] = true;
      if (!has(seenNow.items, id)) unknown = true;
    });
    return unknown || Object.keys(seenNow.items).some(function (id) {
      return has(slugs, slugOf(id)) && !has(here, id);
    });
  }

  function catchUp() {
    if (!changedSinceSeen()) return;
    Promise.all([need("match"), roadmap()]).then(function (got) {
      if (got[1] && following()) caughtUp(got[1]);
    });
  }

  /* Progress from a file or a link merged into the reader's (match.js's mergeProgress:
     its items not in today's roadmap followed first, then per item the later change
     wins). A promise of what it changed, or null when match.js could not be loaded;
     with `dryRun` nothing is changed. */
  function merge(incoming, dryRun) {
    return Promise.all([need("match"), roadmap()]).then(function (got) {
      if (!following()) return null;
      var theirs = copy(incoming), next = dryRun ? copy(data) : data;
      if (got[1]) api.followProgress(theirs, itemsOf(got[1]), null, now());
      var report = api.mergeProgress(next, theirs);
      if (!dryRun) {
        persist();
        changed();
      }
      return report;
    });
  }

  /* ---------- What the theme's other scripts may use: window.roadsmith ----------
     See docs/templates.md ("window.roadsmith") for each of these. */
  var api = window.roadsmith = window.roadsmith || {};
  api.base = base;
  api.root = home;
  api.status = function (id) { return statusOf(id); };
  api.onChange = function (fn) { changeListeners.push(fn); };
  api.exportPart = addPart;
  delete api.early;
  api.note = function (id) {
    var e = shown().items[id];
    return e ? e.note : "";
  };
  api.stageNote = function (slug) {
    var s = shown().stages[slug];
    return s ? s.note : "";
  };
  api.setStatus = setStatus;
  api.setNote = setNote;
  api.setStageNote = setStageNote;
  api.data = function () { return copy(data); };
  /* The ids of every item the progress shown (the reader's, or a shared link's) holds. */
  api.storedIds = function () { return Object.keys(shown().items); };
  api.exportText = function () { return persist(new Date().toISOString()); };
  api.read = function (raw) {
    var d = clean(raw);
    if (d && raw && typeof raw === "object") {
      Object.keys(exportParts).forEach(function (name) {
        if (raw[name] !== undefined) exportParts[name].load(raw[name]);
      });
    }
    return d;
  };
  api.clean = clean;
  api.merge = merge;
  api.view = function (other) {
    viewing = other ? copy(other) : null;
    changed();
  };
  api.viewing = function () { return !!viewing; };
  api.roadmap = roadmap;
  api.items = itemsOf;
  api.storage = function () { return storage; };
  api.marks = function () {
    var out = {};
    if (!viewing) Object.keys(marks).forEach(function (id) { out[id] = marks[id]; });
    return out;
  };
  api.dismissMarks = function (slug) {
    Object.keys(marks).forEach(function (id) {
      if (!slug || slugOf(id) === slug) delete marks[id];
    });
    var seen = readSeen();
    if (seen) {
      seen.marks = marks;
      writeSeen(seen);
    }
    changed();
  };
  api.removed = function () {
    return Object.keys(data.removed).map(function (id) {
      var e = data.removed[id];
      return { id: id, status: e.status, text: e.text, note: e.note, stage: e.stage, announced: e.announced };
    });
  };
  api.announced = function () {
    Object.keys(data.removed).forEach(function (id) { data.removed[id].announced = true; });
    persist();
  };

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
    return searchFile("meta.json").then(function (meta) {
      if (meta.version !== 2) throw new Error("search/meta.json: version " + meta.version);
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

  /* ---------- The scripts loaded when needed ---------- */

  var loading = {};
  /* A promise: true once the script `name` of `lazy` ran, false without one. */
  function need(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve) {
        if (!lazy[name]) {
          resolve(false);
          return;
        }
        var s = el("script", { src: lazy[name] });
        s.addEventListener("load", function () { resolve(true); });
        s.addEventListener("error", function () {
          loading[name] = null;
          resolve(false);
        });
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  /* Whether this tab shows a shared link: its fragment, or one opened earlier in the
     tab (share.js keeps it in sessionStorage). */
  function sharing() {
    if (window.location.hash.indexOf(kit.SHARE_PREFIX) === 0) return true;
    try { return !!window.sessionStorage.getItem(kit.SHARED_KEY + home); } catch (e) { return false; }
  }

  // Read-only from the start, until share.js has read the link.
  if (lazy.share && sharing()) viewing = empty();

  /* ---------- Offline: the service worker the build writes (sw.js) ---------- */

  /* Registered on every page of a built site, scoped to its base path; never on pages
     `roadsmith serve` serves (it adds its live-reload script), so authors always see
     what they just saved. */
  function offline() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    if (document.querySelector("script[data-roadsmith-live]")) return;
    var workers;
    // Some browsers throw here when the reader blocks site data.
    try { workers = navigator.serviceWorker; } catch (e) { return; }
    if (!workers) return;
    var controlled = !!workers.controller;
    workers.addEventListener("controllerchange", function () {
      if (controlled) updated();
      controlled = true;
    });
    workers.register(home + "sw.js", { scope: home }).catch(function () {
      /* Without it the site still works online. */
    });
  }

  /* A new deployment took over from the one this page came from. */
  function updated() {
    var main = document.querySelector("main");
    if (!main || document.querySelector(".update-notice")) return;
    var box = el("div", { "class": "reader-notice update-notice" });
    var message = el("p", { role: "status" }, kit.t("update_published"));
    var reload = el("button", { type: "button", "class": "button" }, kit.t("update_reload"));
    reload.addEventListener("click", function () { window.location.reload(); });
    message.appendChild(reload);
    box.appendChild(message);
    main.insertBefore(box, main.firstChild);
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
    if (viewing) {
      need("share").then(function (ok) {
        if (!ok) api.view(null);
      });
    }
    window.addEventListener("hashchange", function () {
      if (window.location.hash.indexOf(kit.SHARE_PREFIX) === 0) need("share");
    });
    window.addEventListener("storage", function (ev) {
      if (ev.key === PROGRESS_KEY) { data = readProgress(); changed(); }
      if (ev.key === SEEN_KEY) {
        seenNow = readSeen();
        marks = seenNow ? seenNow.marks : map();
        changed();
      }
      if (ev.key === THEME_KEY) applyTheme();
    });
  }

  /* After the page is drawn: what needs the network or is not on the screen yet. */
  function loaded() {
    catchUp();
    if (document.querySelector("[data-progress-overall]")) need("share");
    offline();
  }

  /* Once the page has loaded and been painted (the frame after it, past the paint). */
  function afterPaint() {
    window.requestAnimationFrame(function () { setTimeout(loaded, 0); });
  }

  if (document.readyState === "complete") afterPaint();
  else window.addEventListener("load", afterPaint);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
