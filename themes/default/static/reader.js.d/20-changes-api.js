  /* ---------- The roadmap changed: follow reworded and moved items ---------- */

  /* What the roadmap was at the last visit, in a key of its own (so that a full storage
     never costs progress): { version, stages: { slug: hash of its item ids }, whole (the
     stages are every stage of roadmap.json, not only the pages visited), items: { id:
     text } or null (of the stages whose items were seen), marks: { id: "new" | "changed"
     } }. Marks are the items added or reworded since, until dismissed. */
  function readSeen() {
    var raw;
    try { raw = JSON.parse(load(SEEN_KEY) || "null"); } catch (e) { raw = null; }
    if (!raw || typeof raw !== "object" || typeof raw.version !== "string") return null;
    var seen = { version: raw.version, items: null, stages: map(), whole: raw.whole === true, marks: map() };
    if (raw.items && typeof raw.items === "object") {
      seen.items = map();
      Object.keys(raw.items).forEach(function (id) {
        if (ITEM_ID.test(id)) seen.items[id] = text(raw.items[id], TEXT_MAX);
      });
    }
    if (raw.stages && typeof raw.stages === "object") {
      Object.keys(raw.stages).forEach(function (slug) {
        if (typeof raw.stages[slug] === "string") seen.stages[slug] = raw.stages[slug];
      });
    } else if (seen.items) {
      // Kept before the roadmap's data came in parts: every item, in order.
      seen.stages = hashes(Object.keys(seen.items));
      seen.whole = true;
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
      return !store(SEEN_KEY, JSON.stringify({ version: seen.version, stages: seen.stages, whole: seen.whole, items: items, marks: seen.marks }));
    });
  }

  var seenNow = readSeen();
  var marks = seenNow ? seenNow.marks : map();

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
  api.index = index;
  api.entries = entries;
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

