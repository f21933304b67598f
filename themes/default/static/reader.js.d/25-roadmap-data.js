  /* ---------- The roadmap's data, in parts ----------
     roadmap.json is an index (a row per stage and page: what the plan needs, the hash
     of its item ids, the part holding its entry); the entries are in the parts it
     names, a stage's items in its search fragment, which has their text for search
     already (docs/templates.md, "The roadmap's data"). Each is fetched once per page,
     and only when something needs it: never on a first visit. */

  function getJson(url) {
    return fetch(url)
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; })
      .then(function (json) { return json && typeof json === "object" ? json : null; });
  }

  /* 32-bit FNV-1a of `ids` joined by "\n", 8 hex digits: the index's `items` of a stage. */
  function idsHash(ids) {
    var bytes = new TextEncoder().encode(ids.join("\n")), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + (h >>> 0).toString(16)).slice(-8);
  }

  /* { slug: hash } of item ids, in their order. */
  function hashes(ids) {
    var by = map(), out = map();
    ids.forEach(function (id) { (by[slugOf(id)] = by[slugOf(id)] || []).push(id); });
    Object.keys(by).forEach(function (slug) { out[slug] = idsHash(by[slug]); });
    return out;
  }

  var indexLoad = null;
  /* roadmap.json, the index; null when it cannot be read. */
  function index() {
    if (!indexLoad) {
      indexLoad = getJson(base + "roadmap.json").then(function (json) {
        var ok = json && Array.isArray(json.stages) && Array.isArray(json.parts);
        if (!ok) indexLoad = null;
        return ok ? json : null;
      });
    }
    return indexLoad;
  }

  /* Every row of the index, stages then pages. */
  function rowsOf(json) {
    return json.stages.concat(Array.isArray(json.pages) ? json.pages : []);
  }

  /* A new object with the fields of each of `objects`, later ones over earlier ones. */
  function merged(objects) {
    var out = {};
    objects.forEach(function (o) { Object.keys(o).forEach(function (k) { out[k] = o[k]; }); });
    return out;
  }

  /* An item id as the files write it within `slug`, whole again: `<slug>/` in front of
     one without a "/". */
  function wholeId(slug, id) {
    id = String(id);
    return id.indexOf("/") < 0 ? slug + "/" + id : id;
  }

  /* A part's entry laid over its index row (of the index `json`): the row's fields, the
     entry's (where the timeline puts it), a stage's URL (the index's and its path, as
     plan.js makes it), and a page's items from their arrays [id, text, kind, tracked]
     (a stage's come from its search fragment: itemsAt). */
  function entryOf(json, e) {
    if (!e || typeof e.slug !== "string") return null;
    var rows = rowsBySlug(json), out = merged([has(rows, e.slug) ? rows[e.slug] : {}, e]);
    if (has(placesOf(json), e.slug)) out.url = String(json.url || "") + "stages/" + e.slug + "/";
    out.items = (Array.isArray(e.items) ? e.items : []).filter(Array.isArray).map(function (i) {
      return { id: wholeId(e.slug, i[0]), text: String(i[1]), kind: String(i[2] || ""), tracked: !!i[3] };
    });
    return out;
  }

  var rowsOfIndex = null, placesOfIndex = null, rowsIndex = null;
  /* { slug: row } of the index `json`, made once; placesOf: { slug: its place in
     `stages` }, which is its place in the search files too. */
  function rowsBySlug(json) {
    if (rowsIndex !== json) {
      rowsOfIndex = map();
      placesOfIndex = map();
      rowsOf(json).forEach(function (r) { rowsOfIndex[r.slug] = r; });
      json.stages.forEach(function (r, i) { placesOfIndex[r.slug] = i; });
      rowsIndex = json;
    }
    return rowsOfIndex;
  }
  function placesOf(json) {
    rowsBySlug(json);
    return placesOfIndex;
  }

  /* The items of a stage in a search fragment (its entries [kind, text, anchor, id,
     tracked?]: a heading's has no id, an item's says whether it is tracked only when
     its kind, one of meta.json's `tracked` or not, does not), or null when they are not
     its row's: their ids' hash is the row's `items`. */
  function fragmentItems(row, stage, meta) {
    var kinds = meta.kinds || [], tracked = meta.tracked || [];
    var items = (stage && Array.isArray(stage.e) ? stage.e : []).filter(function (x) {
      return Array.isArray(x) && x.length >= 4;
    }).map(function (x) {
      var kind = String(kinds[x[0]] || "");
      return { id: wholeId(row.slug, x[3]), text: String(x[1]), kind: kind, tracked: x.length > 4 ? !!x[4] : tracked.indexOf(kind) >= 0 };
    });
    return idsHash(items.map(function (i) { return i.id; })) === row.items ? items : null;
  }

  /* The items of the stages at `places` (in the index) from their search fragments,
     { slug: [item] }, or null when one cannot be read. A fragment from an earlier build
     (a cache's) is fetched again once. */
  function itemsAt(json, places) {
    if (!places.length) return Promise.resolve(map());
    return searchMeta().then(function (meta) {
      var firsts = Array.isArray(meta.fragments) ? meta.fragments : [], byFragment = map();
      places.forEach(function (i) {
        var f = fragmentOf(firsts, i);
        (byFragment[f] = byFragment[f] || []).push(i);
      });
      return Promise.all(Object.keys(byFragment).map(function (f) {
        var name = "f-" + firsts[f] + ".json";
        var read = function (stages) {
          return byFragment[f].map(function (i) {
            var row = json.stages[i];
            return [row.slug, fragmentItems(row, Array.isArray(stages) ? stages[i - firsts[f]] : null, meta)];
          });
        };
        return searchFile(name).then(read).then(function (got) {
          return got.every(function (g) { return g[1]; }) ? got : searchFile(name, true).then(read);
        });
      }));
    }).then(function (lists) {
      var out = map();
      lists.forEach(function (list) { list.forEach(function (g) { out[g[0]] = g[1]; }); });
      return Object.keys(out).every(function (slug) { return out[slug]; }) ? out : null;
    }, function () { return null; });
  }

  var partLoads = map();
  function part(json, k) {
    var path = json.parts[k];
    if (typeof path !== "string") return Promise.resolve(null);
    if (!partLoads[path]) {
      partLoads[path] = getJson(base + path).then(function (p) {
        if (!p) {
          delete partLoads[path];
          return null;
        }
        var out = {};
        ["stages", "pages"].forEach(function (list) {
          out[list] = (Array.isArray(p[list]) ? p[list] : []).map(function (e) { return entryOf(json, e); });
        });
        return out;
      });
    }
    return partLoads[path];
  }

  /* The entries of the stages and pages `slugs` ({ slug: entry }), from their parts
     only; null when the index or a part cannot be read. */
  function entries(slugs) {
    return index().then(function (json) {
      if (!json) return null;
      var want = map(), ks = [], places = [], rows = rowsBySlug(json), at = placesOf(json);
      slugs.forEach(function (s) {
        want[s] = true;
        if (has(rows, s) && ks.indexOf(rows[s].part) < 0) ks.push(rows[s].part);
        if (has(at, s)) places.push(at[s]);
      });
      var loads = [itemsAt(json, places)].concat(ks.map(function (k) { return part(json, k); }));
      return Promise.all(loads).then(function (got) {
        var items = got[0], parts = got.slice(1);
        if (!items || parts.some(function (p) { return !p; })) return null;
        var out = map();
        parts.forEach(function (p) {
          p.stages.concat(p.pages).forEach(function (e) {
            if (!e || !has(want, e.slug)) return;
            out[e.slug] = has(items, e.slug) ? merged([e, { items: items[e.slug] }]) : e;
          });
        });
        return out;
      });
    });
  }

  var wholeLoad = null;
  /* The whole roadmap: the index with each row replaced by its entry, from every part.
     Only for what needs every item: a share link, my-roadmap.md. */
  function roadmap() {
    if (!wholeLoad) {
      wholeLoad = index().then(function (json) {
        if (!json) return null;
        return entries(rowsOf(json).map(function (r) { return r.slug; })).then(function (got) {
          if (!got) return null;
          var whole = merged([json]);
          whole.stages = json.stages.map(function (r) { return got[r.slug]; });
          whole.pages = (json.pages || []).map(function (r) { return got[r.slug]; });
          return whole.stages.concat(whole.pages).every(Boolean) ? whole : null;
        });
      }).then(function (whole) {
        if (!whole) wholeLoad = null;
        return whole;
      });
    }
    return wholeLoad;
  }

  /* Every item of `json` (the whole roadmap, or { stages: [entry] }): { id, text, slug,
     title (of its stage or page), tracked }, stages then pages, in order. */
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

  /* ---------- The roadmap changed: follow reworded and moved items ---------- */

  /* This page's items, { slug: [{ id, text }] }: a stage page's, a standalone page's. */
  function pageItems() {
    var out = map();
    document.querySelectorAll("li[data-item-id]").forEach(function (li) {
      var id = li.getAttribute("data-item-id"), own = li.cloneNode(true);
      own.querySelectorAll("ul, ol, .reader-ui, .item-controls").forEach(function (n) { n.remove(); });
      (out[slugOf(id)] = out[slugOf(id)] || []).push({ id: id, text: own.textContent.replace(/\s+/g, " ").trim() });
    });
    return out;
  }

  /* The seen record, with the items of this page's stages as they are now. */
  function recordPage(seen) {
    var here = pageItems();
    Object.keys(here).forEach(function (slug) {
      if (!seen.items) seen.items = map();
      Object.keys(seen.items).forEach(function (id) { if (slugOf(id) === slug) delete seen.items[id]; });
      here[slug].forEach(function (i) { seen.items[i.id] = i.text.slice(0, TEXT_MAX); });
      seen.stages[slug] = idsHash(here[slug].map(function (i) { return i.id; }));
    });
    return seen;
  }

  /* Whether the roadmap may have changed since the last visit: the overview's hash
     differs, or this page's items are not those it had then. */
  function changedSinceSeen() {
    if (!seenNow) return true;
    if (itemsVersion) return itemsVersion !== seenNow.version;
    var here = pageItems();
    return Object.keys(here).some(function (slug) {
      return has(seenNow.stages, slug) && seenNow.stages[slug] !== idsHash(here[slug].map(function (i) { return i.id; }));
    });
  }

  function heldIds(d) {
    return Object.keys(d.items).concat(Object.keys(d.removed));
  }

  /* The stages and pages to fetch to follow the reader's items: those seen whose items
     changed (all new ones too when `seen` knew every stage), and those holding items of
     `d` that are not known to be there still. */
  function toFetch(json, seen, d) {
    var rows = rowsBySlug(json), want = map();
    var known = seen ? seen.stages : map();
    var same = function (slug) { return has(known, slug) && rows[slug].items === known[slug]; };
    Object.keys(rows).forEach(function (slug) {
      if (has(known, slug) ? !same(slug) : !!(seen && seen.whole)) want[slug] = true;
    });
    heldIds(d).forEach(function (id) {
      var slug = slugOf(id);
      if (has(rows, slug) && !same(slug)) want[slug] = true;
    });
    return { rows: rows, want: Object.keys(want) };
  }

  /* After a change of the roadmap since the last visit: the reader's items followed
     (match.js) within the stages fetched (`got`, the others `settled`: their items are
     those seen), the marks of what is new, and what was seen kept for the next time. */
  function caughtUp(json, rows, got, seen) {
    var current = itemsOf({ stages: Object.keys(got).map(function (s) { return got[s]; }) });
    var settled = map();
    Object.keys(rows).forEach(function (slug) { if (!has(got, slug)) settled[slug] = true; });
    // Known before: the items seen. A stage fetched whose items were never seen (not
    // opened) may take a reader's item, but nothing of it is called new.
    var seenItems = seen && seen.items ? seen.items : map();
    var hadItems = map(), quiet = map();
    Object.keys(seenItems).forEach(function (id) { hadItems[slugOf(id)] = true; });
    Object.keys(got).forEach(function (slug) {
      var stageKnown = seen && has(seen.stages, slug) && (hadItems[slug] || seen.stages[slug] === idsHash([]));
      if (!stageKnown && !(seen && seen.whole && !has(seen.stages, slug))) {
        (got[slug].items || []).forEach(function (i) { quiet[i.id] = true; });
      }
    });
    var before = { items: seenItems, quiet: quiet };
    var plan = api.followProgress(data, current, seen ? before : null, now(), settled);
    var next = map(), was = seen ? seen.marks : map(), here = map();
    current.forEach(function (c) { here[c.id] = c.text; });
    Object.keys(was).forEach(function (id) {
      if (has(here, id) || has(settled, slugOf(id))) next[id] = was[id];
      else if (has(plan.moved, id)) next[plan.moved[id]] = was[id];
    });
    Object.keys(plan.marks).forEach(function (id) { if (!has(next, id)) next[id] = plan.marks[id]; });
    marks = next;
    var items = map();
    Object.keys(seenItems).forEach(function (id) {
      if (has(settled, slugOf(id))) items[id] = seenItems[id];
    });
    current.forEach(function (c) { items[c.id] = c.text; });
    var stages = map();
    Object.keys(rows).forEach(function (slug) { stages[slug] = String(rows[slug].items); });
    seenNow = { version: String(json.items_version || itemsVersion), stages: stages, whole: true, items: items, marks: marks };
    writeSeen(seenNow);
    if (plan.changed) persist();
    changed();
  }

  function following() { return typeof api.followProgress === "function"; }

  function catchUp() {
    var seen = readSeen();
    if (!changedSinceSeen()) {
      if (seenNow) writeSeen(seenNow = recordPage(seenNow));
      return;
    }
    if (!seen && !heldIds(data).length) {
      // A first visit: nothing to follow, and what the reader saw is this page.
      seenNow = recordPage({ version: itemsVersion, stages: map(), whole: false, items: map(), marks: map() });
      writeSeen(seenNow);
      return;
    }
    Promise.all([need("match"), index()]).then(function (got) {
      var json = got[1];
      if (!json || !following()) return;
      var todo = toFetch(json, seen, data);
      return entries(todo.want).then(function (found) {
        if (found) caughtUp(json, todo.rows, found, seen);
      });
    });
  }

  /* Progress from a file or a link merged into the reader's (match.js's mergeProgress:
     its items not in today's roadmap followed first, from the parts of the stages they
     name, then per item the later change wins). A promise of what it changed, or null
     when match.js could not be loaded; with `dryRun` nothing is changed. */
  function merge(incoming, dryRun) {
    var theirs = copy(incoming);
    return Promise.all([need("match"), index()]).then(function (got) {
      if (!following()) return null;
      var json = got[1];
      var todo = json ? toFetch(json, null, theirs) : null;
      return (todo ? entries(todo.want) : Promise.resolve(null)).then(function (found) {
        if (found) {
          var settled = map();
          Object.keys(todo.rows).forEach(function (slug) { if (!has(found, slug)) settled[slug] = true; });
          var current = itemsOf({ stages: Object.keys(found).map(function (s) { return found[s]; }) });
          api.followProgress(theirs, current, null, now(), settled);
        }
        var next = dryRun ? copy(data) : data;
        var report = api.mergeProgress(next, theirs);
        if (!dryRun) {
          persist();
          changed();
        }
        return report;
      });
    });
  }

