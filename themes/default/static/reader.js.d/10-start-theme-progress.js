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
  /* The theme's scripts loaded only when needed, beside this one (or where this script's
     tag names them; an empty name: never): match.js when the roadmap changed or on an
     import, share.js on the overview (after the page loaded) and wherever a shared link
     is shown. */
  function lazyScript(name) {
    var a = "data-" + name;
    return script && script.hasAttribute(a) ? script.getAttribute(a) : home + name + ".js";
  }
  var lazy = { match: lazyScript("match"), share: lazyScript("share") };
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

  /* What scripts registered before this one ran (early.js keeps it). */
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

