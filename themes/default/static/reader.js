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

  /* ---------- Search over search-index.json ---------- */

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

    var index = null, loading = null;
    function fetchIndex() {
      if (!loading) {
        loading = fetch(base + "search-index.json")
          .then(function (r) { return r.ok ? r.json() : []; })
          .catch(function () { return []; })
          /* One array of entries per stage: the stage's own, its headings', its items'. */
          .then(function (data) {
            index = Array.isArray(data) ? [].concat.apply([], data.filter(Array.isArray)) : [];
          });
      }
      return loading;
    }

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

    function run() {
      var q = input.value.trim().toLowerCase();
      results.textContent = "";
      if (!q || !index) { results.hidden = true; count.textContent = ""; return; }
      var terms = q.split(/\s+/).filter(Boolean);
      var found = [];
      index.forEach(function (e) {
        var hay = (e.title + " " + (e.text || "") + " " + e.stage).toLowerCase().replace(/_/g, "_");
        if (!terms.every(function (t) { return hay.indexOf(t) >= 0; })) return;
        var score = 0;
        terms.forEach(function (t) { if (e.title.toLowerCase().indexOf(t) >= 0) score += 2; });
        if (e.kind === "stage") score += 1;
        found.push({ e: e, score: score });
      });
      found.sort(function (a, b) { return b.score - a.score; });
      found = found.slice(0, 10);
      count.textContent = found.length ? found.length + " results" : "No results";
      if (!found.length) {
        results.appendChild(el("li", { "class": "search-empty" }, "No results for “" + input.value.trim() + "”"));
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
      results.hidden = false;
    }

    input.addEventListener("focus", fetchIndex);
    input.addEventListener("input", function () { fetchIndex().then(run); });
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
