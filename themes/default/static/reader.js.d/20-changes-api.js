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

