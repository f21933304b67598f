/*
 * roadsmith progress: what readers see of the progress reader.js keeps (through
 * window.roadsmith): each item's status and note, a note per stage, the progress bars,
 * what is new since the last visit, items removed from the roadmap, and on the overview
 * export, import and a Markdown checklist of one's own. Everything the page shows is
 * built with textContent, never HTML.
 */
(function () {
  "use strict";

  var r = window.roadsmith, kit = window.roadsmithKit;
  if (!r || !r.onChange || !r.setNote || !kit) return;
  var el = kit.el, t = kit.t, list = kit.list, slugOf = kit.slugOf, download = kit.download;
  var STATUSES = kit.STATUSES, NOTE_MAX = kit.NOTE_MAX;
  var STATUS_LABELS = {};
  STATUSES.forEach(function (s) { STATUS_LABELS[s] = t("status_" + s); });
  var uid = 0;
  /* The tracked items: marked so one by one, or all the items of a list marked so (a
     section's list whose kind is tracked, nested lists and all). */
  var TRACKED = "li[data-item-id][data-tracked], ul[data-tracked] li[data-item-id], ol[data-tracked] li[data-item-id]";

  /* ---------- Each item: its status and note ---------- */

  var controls = [];
  /* The status menu every item gets a copy of. */
  var menu = el("select", { "class": "item-status" });
  STATUSES.forEach(function (s) { menu.appendChild(el("option", { value: s }, STATUS_LABELS[s])); });

  /* The item's own text: not its nested list, nor what this script added. */
  function itemText(li) {
    var text = "";
    for (var n = li.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1 && (/^(UL|OL|SELECT|TEXTAREA)$/.test(n.tagName) || n.classList.contains("reader-ui"))) continue;
      text += n.textContent;
    }
    return text.replace(/\s+/g, " ").trim();
  }

  function enhanceItem(li) {
    var id = li.getAttribute("data-item-id");
    var text = itemText(li);
    var nested = li.querySelector(":scope > ul, :scope > ol");
    var select = menu.cloneNode(true);
    select.setAttribute("aria-label", t("item_status", { text: text }));
    select.addEventListener("change", function () { r.setStatus(id, select.value, text); });
    var box = li.querySelector(":scope > input.task-list-item-checkbox, :scope > p > input.task-list-item-checkbox");
    if (box) {
      box.disabled = false;
      box.removeAttribute("disabled");
      box.setAttribute("aria-label", t("item_done", { text: text }));
      box.addEventListener("change", function () { r.setStatus(id, box.checked ? "done" : "todo", text); });
    }
    var toggle = el("button", { type: "button", "class": "note-toggle", "aria-expanded": "false" }, t("note"));
    toggle.appendChild(el("span", { "class": "visually-hidden" }, t("note_on", { text: text })));
    var c = { li: li, id: id, text: text, nested: nested, select: select, box: box, toggle: toggle, field: null, open: false };
    toggle.addEventListener("click", function () {
      c.open = !c.field || c.field.hidden;
      show(c);
      if (c.open) c.field.focus();
    });
    var tools = el("span", { "class": "item-controls reader-ui" });
    tools.appendChild(select);
    tools.appendChild(toggle);
    li.insertBefore(tools, nested);
    controls.push(c);
  }

  /* An item's note field, made when first shown (a page may have hundreds of items). */
  function field(c) {
    if (c.field) return c.field;
    var f = c.field = el("textarea", {
      id: "note-" + (++uid), "class": "item-note reader-ui", rows: "2", maxlength: String(NOTE_MAX),
      "aria-label": t("note_field", { text: c.text }), hidden: ""
    });
    // What is typed is kept as it is typed.
    f.addEventListener("input", function () { r.setNote(c.id, f.value, c.text); });
    f.value = r.note(c.id);
    c.li.insertBefore(f, c.nested);
    c.toggle.setAttribute("aria-controls", f.id);
    return f;
  }

  /* A note's field shows when it holds a note or the reader opened it. */
  function show(c) {
    var note = r.note(c.id);
    var visible = c.open || !!note;
    if (visible || c.field) field(c).hidden = !visible;
    c.toggle.setAttribute("aria-expanded", String(visible));
    c.toggle.hidden = r.viewing() && !note;
  }

  function refreshItems() {
    var viewing = r.viewing();
    controls.forEach(function (c) {
      var s = r.status(c.id);
      c.select.value = s;
      c.select.disabled = viewing;
      if (c.box) {
        c.box.checked = s === "done";
        c.box.disabled = viewing;
      }
      STATUSES.forEach(function (x) { c.li.classList.toggle("status-" + x, x === s); });
      show(c);
      if (c.field) {
        // Never under the reader's fingers (another tab's change arrives while typing).
        if (document.activeElement !== c.field) c.field.value = r.note(c.id);
        c.field.readOnly = viewing;
      }
    });
  }

  /* ---------- A stage's note ---------- */

  var stageNote = null;

  function stageNoteSection(slug) {
    var article = document.querySelector("article.stage");
    if (!article) return;
    var section = el("section", { "class": "stage-note", "aria-labelledby": "stage-note-title" });
    section.appendChild(el("h2", { id: "stage-note-title" }, t("stage_notes")));
    section.appendChild(el("p", { id: "stage-note-help", "class": "note-help" },
      t("stage_notes_help")));
    var field = el("textarea", {
      id: "stage-note", "class": "stage-note-field", rows: "4", maxlength: String(NOTE_MAX),
      "aria-labelledby": "stage-note-title", "aria-describedby": "stage-note-help"
    });
    field.addEventListener("input", function () { r.setStageNote(slug, field.value); });
    section.appendChild(field);
    article.insertBefore(section, article.querySelector(":scope > .edit-link"));
    stageNote = { slug: slug, field: field, section: section };
  }

  function refreshStageNote() {
    if (!stageNote) return;
    var note = r.stageNote(stageNote.slug);
    if (document.activeElement !== stageNote.field) stageNote.field.value = note;
    stageNote.field.readOnly = r.viewing();
    stageNote.section.hidden = r.viewing() && !note;
  }

  /* ---------- Progress bars ---------- */

  /* How many of `ids` are done, skipped and in progress. */
  function counts(ids) {
    var c = { done: 0, skipped: 0, doing: 0 };
    ids.forEach(function (i) {
      var s = r.status(i);
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
      container.insertBefore(meter, container.firstChild);
      container.insertBefore(note, meter.nextSibling);
      container.hidden = false;
    }
    var done = c.done, skipped = c.skipped, doing = c.doing;
    var total = count - skipped;
    meter.max = Math.max(total, 1);
    meter.value = done;
    var pct = total > 0 ? Math.round((100 * done) / total) : 0;
    note.textContent = t("progress_note", { label: label, done: done, total: total, percent: pct }) +
      (doing ? t("progress_doing", { n: doing }) : "") + (skipped ? t("progress_skipped", { n: skipped }) : "");
    container.setAttribute("data-done", String(done));
  }

  /* The tracked items a bar counts: its `data-items`, or for a stage page's bar
     without them the page's own tracked items (written once, on the items). */
  function ids(node) {
    if (!node.hasAttribute("data-items") && node.hasAttribute("data-progress-stage")) {
      var scope = node.closest("article") || document;
      return [].map.call(scope.querySelectorAll(TRACKED), function (li) {
        return li.getAttribute("data-item-id");
      });
    }
    return (node.getAttribute("data-items") || "").split(/\s+/).filter(Boolean);
  }

  function refreshBars() {
    var viewing = r.viewing();
    var all = [];
    document.querySelectorAll("[data-progress-stage]").forEach(function (node) {
      bar(node, ids(node), t(viewing ? "progress_stage_shared" : "progress_stage"));
    });
    document.querySelectorAll(".stage-card[data-items]").forEach(function (card) {
      var list = ids(card);
      all = all.concat(list);
      var slot = card.querySelector(".card-progress");
      if (!slot) {
        slot = el("div", { "class": "card-progress" });
        (card.querySelector(".stage-card-body") || card).appendChild(slot);
      }
      bar(slot, list, t("progress_card"));
    });
    var overall = document.querySelector("[data-progress-overall]");
    if (overall) {
      var slot2 = overall.querySelector(".overall-bar");
      if (!slot2) {
        slot2 = el("div", { "class": "overall-bar" });
        overall.insertBefore(slot2, overall.firstChild);
      }
      var label = overall.getAttribute("data-progress-label") || t(viewing ? "progress_whole_shared" : "progress_whole");
      var total = overall.getAttribute("data-tracked-total");
      if (total !== null) {
        /* A long roadmap lists its stages without their items: the stored statuses
           are counted against the number of tracked items the page states; a block's
           page (block.html) counts those of its own stages, the rows it lists. */
        barOf(slot2, counts(storedOf(overall)), Number(total) || 0, label);
      } else {
        bar(slot2, all, label);
      }
      overall.hidden = false;
    }
  }

  /* The ids of stored statuses a long roadmap's bar counts: every one, or on a block's
     page those of the stages it lists (an item's id starts with its stage's slug). */
  function storedOf(overall) {
    var stored = r.storedIds();
    if (!overall.hasAttribute("data-progress-block")) return stored;
    var listed = {};
    document.querySelectorAll(".stage-rows [data-plan-dates]").forEach(function (node) {
      listed[node.getAttribute("data-plan-dates")] = true;
    });
    return stored.filter(function (id) { return listed[id.slice(0, id.indexOf("/"))] === true; });
  }

  /* ---------- Ready to start: stages whose required stages are finished ---------- */

  /* A stage is finished when every one of its tracked items is done or skipped (so a
     stage without tracked items is finished from the start). */
  function finished(card) {
    return ids(card).every(function (i) {
      var s = r.status(i);
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
      if (done[slug] || !requires.every(function (q) { return done[q] !== false; })) return;
      var link = card.querySelector(".stage-link");
      if (!link) return;
      var li = el("li", { "data-stage": slug });
      li.appendChild(el("a", { href: link.getAttribute("href") }, link.textContent.replace(/\s+/g, " ").trim()));
      var started = ids(card).some(function (i) { return r.status(i) === "done" || r.status(i) === "doing"; });
      var notes = [];
      if (card.classList.contains("stage-optional")) notes.push(t("ready_optional"));
      if (started) notes.push(t("ready_in_progress"));
      if (notes.length) li.appendChild(document.createTextNode(" (" + notes.join(", ") + ")"));
      list.appendChild(li);
    });
    if (!list.firstChild && cards.length) {
      list.appendChild(el("li", {}, t("ready_none")));
    }
    section.hidden = false;
  }


  /* ---------- The map: each box says whether its stage is done or in progress ---------- */

  /* By a mark (text, not only colour), a class and the link's name: "✓" done (every
     tracked item done or skipped), "◐" in progress, nothing before it starts. A stage
     is known by its card's items, so the map shows progress where the cards are. */
  var MAP_STATES = { done: ["✓", t("map_done")], doing: ["◐", t("map_doing")] };

  function mapState(slug) {
    var card = document.querySelector('.stage-card[data-stage="' + CSS.escape(slug) + '"]');
    var list = card ? ids(card) : [];
    if (!list.length) return "";
    if (finished(card)) return "done";
    return list.some(function (i) { return r.status(i) === "done" || r.status(i) === "doing"; }) ? "doing" : "";
  }

  function refreshMap() {
    var states = {};
    document.querySelectorAll(".roadmap-map a[data-stage], .roadmap-map a[data-map-list]").forEach(function (link) {
      var slug = link.getAttribute("data-stage") || link.getAttribute("data-map-list");
      if (!(slug in states)) states[slug] = mapState(slug);
      var state = MAP_STATES[states[slug]];
      link.classList.toggle("map-done", states[slug] === "done");
      link.classList.toggle("map-doing", states[slug] === "doing");
      if (link.hasAttribute("data-map-list")) {
        var note = link.parentNode.querySelector(".map-list-state");
        if (!state) {
          if (note) note.remove();
          return;
        }
        if (!note) {
          note = el("span", { "class": "map-list-state" });
          link.parentNode.appendChild(note);
        }
        note.textContent = " (" + state[0] + " " + state[1] + ")";
        return;
      }
      if (!link.hasAttribute("data-label")) link.setAttribute("data-label", link.getAttribute("aria-label") || "");
      var name = link.getAttribute("data-label") + (state ? ", " + state[1] : "");
      link.setAttribute("aria-label", name);
      var title = link.querySelector("title");
      if (title) title.textContent = name;
      var mark = link.parentNode.querySelector(".map-mark");
      if (mark) mark.textContent = state ? state[0] : "";
    });
  }

