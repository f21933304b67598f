/*
 * roadsmith: which item of today's roadmap a reader's stored item has become, after the
 * author reworded, moved or removed items, and how two copies of a reader's progress
 * merge. Pure functions, no page and no storage: reader.js loads this (after kit.js,
 * whose progress-entry helpers it takes) when the roadmap changed since the last visit
 * (followProgress) and on an import (mergeProgress). See docs/progress.md ("Reworded,
 * moved and removed items").
 *
 * Similarity of two texts: their words (letters, digits and `_`, lowercased, accents
 * dropped), each weighing its length, paired off between the two texts when they are
 * the same word, a typo apart or the same English word inflected; see similarity().
 * Identifiers stay whole words, so "Use `select_related`" and "Use `prefetch_related`"
 * share only "use" and each has a word the other lacks: 0. The thresholds are chosen in
 * tests/matching.rs, beside the examples that decided them.
 */
(function (roadsmith, kit) {
  "use strict";

  var slugOf = kit.slugOf, has = kit.has, recorded = kit.recorded, substantial = kit.substantial;

  /* At least this similar to follow an item within its stage. In the table of
     tests/matching.rs rewordings score 0.65 and more, near misses 0.38 and less; the
     threshold sits nearer the rewordings, as following the wrong item (a tick on what
     was not done) is worse than following none (announced, and the item marked new).
     Across stages (a moved item) it must be nearly the same text, as short generic
     items recur from stage to stage. */
  var SAME_STAGE = 0.55;
  var OTHER_STAGE = 0.85;
  /* Old items times candidates beyond which only exact texts are looked for across
     stages (a thorough restructuring of a very large roadmap). */
  var MAX_PAIRS = 2000000;

  function words(text) {
    var plain = String(text || "").toLowerCase();
    if (plain.normalize) plain = plain.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    return plain.match(/[\p{L}\p{N}_]+/gu) || [];
  }

  /* Edits (insert, delete, replace, swap two neighbours) from a to b, or limit + 1 once
     it is certain to exceed limit. */
  function edits(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], row;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var d = Math.min(prev[k] + 1, row[k - 1] + 1, prev[k - 1] + cost);
        if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
          d = Math.min(d, prev2[k - 2] + 1);
        }
        row.push(d);
        if (d < best) best = d;
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  /* How many edits two words may be apart and still be the same word: a typo. */
  function typos(a, b) {
    var shorter = Math.min(a.length, b.length);
    if (shorter < 4 || /^\d+$/.test(a) || /^\d+$/.test(b)) return 0;
    return shorter < 8 ? 1 : 2;
  }

  /* The same word inflected: a common start of 4 letters or more, then at most one
     letter of the shorter word and up to four of the longer, all from English endings
     ("query", "queries"; "handle", "handling"; "order", "ordering"). "forms" and
     "formsets", "views" and "viewsets", "user" and "username" stay different words. */
  function inflected(a, b) {
    var n = 0, end = Math.min(a.length, b.length);
    while (n < end && a[n] === b[n]) n++;
    var short = a.length < b.length ? a : b, long = short === a ? b : a;
    var rest = short.slice(n) + long.slice(n);
    return n >= 4 && short.length - n <= 1 && long.length - n <= 4 && /^[aeiouysdgnr]*$/.test(rest);
  }

  function weight(list) {
    return list.reduce(function (sum, w) { return sum + w.length; }, 0);
  }

  /*
   * The similarity of two texts, 0 to 1: how much of both is the same words (their
   * letters paired off, over all their letters), less twice what each of them has that
   * the other lacks, when both have some (the smaller share). Adding words to a text or
   * dropping some lowers the score a little; replacing a word with another lowers it
   * much more, as that is how one item differs from the next ("Install Rust and
   * Python", "Install Rust and Node").
   */
  function similarity(a, b) {
    var wa = words(a), wb = words(b);
    var sizeA = weight(wa), sizeB = weight(wb);
    if (!sizeA || !sizeB) return 0;
    var used = wb.map(function () { return false; });
    var left = [], shared = 0, pairedA = 0, pairedB = 0;
    wa.forEach(function (w) {
      var at = wb.findIndex(function (x, i) { return !used[i] && x === w; });
      if (at < 0) { left.push(w); return; }
      used[at] = true;
      shared += 2 * w.length;
      pairedA += w.length;
      pairedB += w.length;
    });
    left.forEach(function (w) {
      var best = -1, bestLoss = 1;
      wb.forEach(function (x, i) {
        if (used[i]) return;
        var limit = typos(w, x), loss = 1;
        if (limit) {
          var d = edits(w, x, limit);
          if (d <= limit) loss = d / Math.max(w.length, x.length);
        }
        if (loss === 1 && inflected(w, x)) loss = 0.1;
        if (loss < bestLoss) { best = i; bestLoss = loss; }
      });
      if (best < 0) return;
      var x = wb[best];
      used[best] = true;
      shared += (w.length + x.length) * (1 - bestLoss);
      pairedA += w.length;
      pairedB += x.length;
    });
    var lostBoth = Math.min(1 - pairedA / sizeA, 1 - pairedB / sizeB);
    return Math.max(0, shared / (sizeA + sizeB) - 2 * lostBoth);
  }

  /*
   * What became of the items a reader knew, in today's roadmap.
   *
   *   old:        { id: text } the items to follow: those the reader recorded something
   *               for, and those of the roadmap at the last visit (to tell "changed"
   *               from "new")
   *   current:    [{ id, text }] every item of today's roadmap
   *   known:      { id: true } the items of the roadmap at the last visit, or null on a
   *               first visit (then nothing is "new" and any item may be followed to)
   *   taken:      { id: true } current items that already hold something of the reader's
   *               and so cannot take an old item's place (ignored with known)
   *   quiet:      optional, { id: true } current items not in `known` that are never
   *               marked (of stages whose items at the last visit are not known)
   *   present:    optional, whether an id not in `current` is in today's roadmap still
   *               (in a stage whose items were not fetched as they did not change)
   *
   * Returns { moved: { oldId: newId }, lost: [oldId], marks: { newId: "new" | "changed" } }:
   * an old id that is no longer in the roadmap either moved (reworded, or moved to another
   * stage) or is lost; marks name the items added or reworded since the last visit. Only
   * items that appeared since the last visit can be where an old item went: an item that
   * was already there is another item.
   */
  function reconcile(opts) {
    var current = opts.current || [], old = opts.old || {}, known = opts.known || null;
    var taken = opts.taken || {};
    var here = {};
    current.forEach(function (c) { here[c.id] = c; });
    var present = opts.present || function () { return false; };
    var gone = Object.keys(old).filter(function (id) { return !has(here, id) && !present(id); });
    var candidates = current.filter(function (c) {
      return known ? !has(known, c.id) : !has(taken, c.id);
    });
    var pairs = [];
    var exact = {};
    candidates.forEach(function (c) {
      var key = words(c.text).join(" ");
      (exact[key] = exact[key] || []).push(c);
    });
    var thorough = gone.length * candidates.length <= MAX_PAIRS;
    gone.forEach(function (id) {
      var text = old[id], stage = slugOf(id);
      if (!text) return;
      var seen = {};
      (exact[words(text).join(" ")] || []).forEach(function (c) {
        seen[c.id] = true;
        pairs.push({ from: id, to: c.id, score: 1, same: slugOf(c.id) === stage });
      });
      candidates.forEach(function (c) {
        var same = slugOf(c.id) === stage;
        if (seen[c.id] || (!same && !thorough)) return;
        var score = similarity(text, c.text);
        if (score >= (same ? SAME_STAGE : OTHER_STAGE)) pairs.push({ from: id, to: c.id, score: score, same: same });
      });
    });
    // Within its stage first, then the most similar: each old item and each new one once.
    pairs.sort(function (a, b) {
      return (b.same - a.same) || (b.score - a.score) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);
    });
    var moved = {}, target = {}, scoreOf = {};
    pairs.forEach(function (p) {
      if (has(moved, p.from) || has(target, p.to)) return;
      moved[p.from] = p.to;
      target[p.to] = p.from;
      scoreOf[p.to] = p.score;
    });
    var marks = {};
    if (known) {
      candidates.forEach(function (c) {
        if (opts.quiet && has(opts.quiet, c.id)) return;
        if (!has(target, c.id)) marks[c.id] = "new";
        else if (scoreOf[c.id] < 1) marks[c.id] = "changed";
      });
    }
    var lost = gone.filter(function (id) { return !has(moved, id); });
    return { moved: moved, lost: lost, marks: marks };
  }

  /* ---------- Following and merging a reader's progress ----------
     Progress as reader.js keeps it (docs/progress.md): { items: { id: { status, at,
     text, note, noteAt } }, stages: { slug: { note, noteAt } }, removed: { id: { the
     same, stage, removedAt, announced } } }. Both functions change the progress given. */

  function entry(e) {
    return { status: e.status, at: e.at, text: e.text, note: e.note, noteAt: e.noteAt };
  }

  /* One entry out of two for the same item: each of the status and the note from
     whichever changed it later; on a tie (or no times, as in version 1), `mine`. */
  function mergeEntry(mine, theirs) {
    var out = { status: mine.status, at: mine.at, text: mine.text || theirs.text, note: mine.note, noteAt: mine.noteAt };
    if (theirs.at > mine.at) { out.status = theirs.status; out.at = theirs.at; }
    if (theirs.noteAt > mine.noteAt || (!mine.note && !mine.noteAt && theirs.note)) {
      out.note = theirs.note;
      out.noteAt = theirs.noteAt;
    }
    return out;
  }

  /* Follows the entries of `d` whose ids are not in today's roadmap (`current`, as
     roadsmith.items gives it) to the items they became (reconcile, with `seen`: the
     roadmap at the last visit, { items: { id: text } }, or null); the rest, when they
     hold something, go to `d.removed` (at `time`), and removed ones found again come
     back. `settled` ({ slug: true }, optional): stages whose items are not in `current`
     as they did not change, where every id of `d` is still. Returns reconcile's plan,
     with `changed`: whether `d` changed. */
  function followProgress(d, current, seen, time, settled) {
    var before = JSON.stringify([d.items, d.removed]);
    var here = {}, titles = {};
    current.forEach(function (c) { here[c.id] = c; titles[c.slug] = c.title; });
    settled = settled || {};
    var stays = function (id) { return has(settled, slugOf(id)); };
    var old = {};
    if (seen && seen.items) Object.keys(seen.items).forEach(function (id) { old[id] = seen.items[id]; });
    Object.keys(d.removed).forEach(function (id) {
      if (has(here, id) && !has(d.items, id)) {
        d.items[id] = entry(d.removed[id]);
        delete d.removed[id];
      } else if (!has(here, id) && !stays(id)) {
        old[id] = d.removed[id].text;
      }
    });
    Object.keys(d.items).forEach(function (id) {
      if (!has(here, id) && !stays(id)) old[id] = d.items[id].text || old[id] || "";
    });
    var plan = reconcile({ old: old, current: current, known: seen ? seen.items : null, quiet: seen && seen.quiet, taken: d.items, present: stays });
    Object.keys(plan.moved).forEach(function (from) {
      var to = plan.moved[from], e = d.items[from] || d.removed[from];
      if (!e) return;
      delete d.items[from];
      delete d.removed[from];
      d.items[to] = has(d.items, to) ? mergeEntry(d.items[to], entry(e)) : entry(e);
    });
    plan.lost.forEach(function (id) {
      var e = d.items[id];
      if (!e) return;
      delete d.items[id];
      if (!substantial(e)) return;
      e.stage = titles[slugOf(id)] || slugOf(id);
      e.removedAt = time;
      e.announced = false;
      d.removed[id] = e;
    });
    Object.keys(d.items).forEach(function (id) {
      if (has(here, id)) d.items[id].text = here[id].text;
    });
    plan.changed = JSON.stringify([d.items, d.removed]) !== before;
    return plan;
  }

  /* Merges `theirs` into `mine`, per item and per stage note the later change winning
     (mergeEntry); their removed items join mine. Returns what it changed: { changed:
     [{ id, text, status?, note? }] (items), stages: [slug] (stage notes), older: n
     (kept as they are in `mine`, changed there more recently), removed: n }. */
  function mergeProgress(mine, theirs) {
    var report = { changed: [], stages: [], older: 0, removed: 0 };
    Object.keys(theirs.items).forEach(function (id) {
      var t = theirs.items[id], m = mine.items[id];
      var merged = m ? mergeEntry(m, t) : entry(t);
      var was = m || { status: "todo", note: "" };
      var change = { id: id, text: merged.text };
      if (merged.status !== was.status) change.status = merged.status;
      if (merged.note !== was.note) change.note = merged.note;
      if (change.status || change.note !== undefined) report.changed.push(change);
      else if (m && (t.status !== m.status || t.note !== m.note)) report.older++;
      if (recorded(merged)) mine.items[id] = merged;
      else delete mine.items[id];
    });
    Object.keys(theirs.stages).forEach(function (slug) {
      var t = theirs.stages[slug], m = mine.stages[slug];
      if (m && !(t.noteAt > m.noteAt)) {
        if (t.note !== m.note) report.older++;
        return;
      }
      if (!m || m.note !== t.note) report.stages.push(slug);
      mine.stages[slug] = { note: t.note, noteAt: t.noteAt };
    });
    Object.keys(theirs.removed).forEach(function (id) {
      if (has(mine.removed, id) || has(mine.items, id)) return;
      mine.removed[id] = theirs.removed[id];
      report.removed++;
    });
    return report;
  }

  roadsmith.similarity = similarity;
  roadsmith.reconcile = reconcile;
  roadsmith.thresholds = { sameStage: SAME_STAGE, otherStage: OTHER_STAGE };
  roadsmith.followProgress = followProgress;
  roadsmith.mergeProgress = mergeProgress;
})(window.roadsmith = window.roadsmith || {}, window.roadsmithKit);
