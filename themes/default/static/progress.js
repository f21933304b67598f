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

  function ids(node) {
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
      var label = t(viewing ? "progress_whole_shared" : "progress_whole");
      var total = overall.getAttribute("data-tracked-total");
      if (total !== null) {
        /* A long roadmap lists its stages without their items: the stored statuses
           are counted against the number of tracked items the page states. */
        barOf(slot2, counts(r.storedIds()), Number(total) || 0, label);
      } else {
        bar(slot2, all, label);
      }
      overall.hidden = false;
    }
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

  /* ---------- What is new since the last visit ---------- */

  function markItems(marks) {
    document.querySelectorAll("li[data-item-id]").forEach(function (li) {
      var kind = marks[li.getAttribute("data-item-id")];
      var badge = li.querySelector(":scope > .item-mark");
      if (!kind) {
        if (badge) badge.remove();
        li.classList.remove("item-marked");
        return;
      }
      if (!badge) {
        badge = el("span", { "class": "item-mark reader-ui" });
        var before = li.querySelector(":scope > .item-controls, :scope > ul, :scope > ol");
        li.insertBefore(badge, before);
      }
      badge.textContent = t(kind === "changed" ? "mark_changed" : "mark_new");
      li.classList.add("item-marked");
    });
  }

  /* "3 new and 1 changed item" */
  function counted(marks) {
    var n = 0, c = 0;
    marks.forEach(function (kind) { if (kind === "changed") c++; else n++; });
    var parts = [];
    if (n) parts.push(t("marks_new", { n: n }));
    if (c) parts.push(t("marks_changed", { n: c }));
    return t("marks_items", { n: n + c, what: list(parts) });
  }

  function marksNote(container, text, slug) {
    var p = container.querySelector(":scope > .marks-note");
    if (!text) {
      if (p) p.remove();
      return;
    }
    if (!p) {
      p = el("p", { "class": "marks-note" });
      p.appendChild(el("span", { role: "status" }));
      var dismiss = el("button", { type: "button", "class": "button" }, t(slug ? "marks_seen" : "marks_all_seen"));
      dismiss.addEventListener("click", function () { r.dismissMarks(slug); });
      p.appendChild(dismiss);
      container.appendChild(p);
    }
    p.firstChild.textContent = text + " ";
  }

  function refreshMarks() {
    var marks = r.marks();
    markItems(marks);
    var bySlug = {};
    Object.keys(marks).forEach(function (id) {
      (bySlug[slugOf(id)] = bySlug[slugOf(id)] || []).push(marks[id]);
    });
    document.querySelectorAll("[data-progress-stage]").forEach(function (node) {
      var here = bySlug[node.getAttribute("data-progress-stage")] || [];
      var n = here.length;
      marksNote(node, n ? t("marks_stage", { what: counted(here) }) : "", node.getAttribute("data-progress-stage"));
    });
    var overall = document.querySelector("[data-progress-overall]");
    if (!overall) return;
    var stages = 0, pages = 0, all = [];
    Object.keys(bySlug).forEach(function (slug) {
      all = all.concat(bySlug[slug]);
      if (document.querySelector('.stage-card[data-stage="' + CSS.escape(slug) + '"]')) stages++;
      else pages++;
    });
    document.querySelectorAll(".stage-card[data-stage]").forEach(function (card) {
      var n = (bySlug[card.getAttribute("data-stage")] || []).length;
      var chip = card.querySelector(".card-marks");
      if (!n) {
        if (chip) chip.remove();
        return;
      }
      if (!chip) {
        chip = el("span", { "class": "chip chip-accent card-marks" });
        var meta = card.querySelector(".stage-meta") || card;
        meta.appendChild(chip);
      }
      var changed = (bySlug[card.getAttribute("data-stage")] || []).indexOf("changed") >= 0;
      chip.textContent = t(changed ? "chip_new_changed" : "chip_new", { n: n });
    });
    var where = [];
    if (stages) where.push(t("count_stages", { n: stages }));
    if (pages) where.push(t("count_pages", { n: pages }));
    marksNote(overall, all.length ? t("marks_overall", { what: counted(all), where: list(where) }) : "", null);
  }

  /* ---------- Items removed from the roadmap ---------- */

  /* "2 items you had done and 1 you were working on were removed from the roadmap" */
  function removedSentence(items) {
    var counts = { done: 0, doing: 0, skipped: 0, todo: 0 };
    items.forEach(function (i) { counts[i.status]++; });
    var parts = [];
    ["done", "doing", "skipped", "todo"].forEach(function (s) {
      if (!counts[s]) return;
      parts.push(t("removed_" + s, { n: counts[s] }));
    });
    return t("removed_sentence", { n: items.length, what: list(parts) });
  }

  function describe(i) {
    var what = [STATUS_LABELS[i.status]];
    if (i.note) what.push(t("removed_with_note"));
    if (i.stage) what.push(t("removed_was_in", { stage: i.stage }));
    return "“" + (i.text || i.id) + "” (" + what.join(", ") + ")";
  }

  /* The removed items not yet announced, listed once in a notice at the top. */
  function removedNotice() {
    if (r.viewing()) return;
    var fresh = r.removed().filter(function (i) { return !i.announced; });
    var main = document.querySelector("main");
    if (!fresh.length || !main) return;
    var box = document.querySelector(".removed-notice");
    if (box) box.remove();
    box = el("div", { "class": "reader-notice removed-notice" });
    box.appendChild(el("p", { role: "status" }, removedSentence(fresh)));
    var ul = el("ul");
    fresh.forEach(function (i) { ul.appendChild(el("li", {}, describe(i))); });
    box.appendChild(ul);
    box.appendChild(el("p", {}, t("removed_kept")));
    var ok = el("button", { type: "button", "class": "button" }, t("dismiss"));
    ok.addEventListener("click", function () { box.remove(); });
    box.appendChild(ok);
    main.insertBefore(box, main.firstChild);
    r.announced();
  }

  /* ---------- When the browser keeps nothing ---------- */

  var STORAGE = {
    unavailable: t("storage_unavailable"),
    full: t("storage_full")
  };

  function storageNote(container) {
    if (!container) return;
    var why = r.viewing() ? "" : STORAGE[r.storage()];
    var p = container.querySelector(":scope > .storage-note");
    if (!why) {
      if (p) p.remove();
      return;
    }
    if (!p) {
      p = el("p", { "class": "storage-note", role: "status" });
      container.appendChild(p);
    }
    if (p.textContent !== why) p.textContent = why;
  }

  /* ---------- The overview: export, import, my-roadmap.md ---------- */

  /* What a merge changed (or would): "3 items changed and your notes on 1 stage; 2 stay
     as they are here, changed here more recently". */
  function describeMerge(report) {
    var n = report.changed.length, s = report.stages.length;
    var parts = [];
    if (n) parts.push(t("merge_items", { n: n }));
    if (s) parts.push(t("merge_notes", { n: s }));
    var out = parts.length ? list(parts) : t("merge_nothing");
    if (report.older) out += t("merge_older", { n: report.older });
    if (report.removed) out += t("merge_removed", { n: report.removed });
    return out;
  }

  var overview = null;

  /* The overview's buttons to export, import and download, in its "Save & share"
     menu (in the progress panel for a theme without one). */
  function overviewTools(overall) {
    var menu = document.querySelector("[data-reader-tools] .tools-menu-body") || overall;
    var tools = el("div", { "class": "progress-tools" });
    var status = el("p", { "class": "progress-message", role: "status" });
    var changes = el("ul", { "class": "import-changes", hidden: "" });
    var exportButton = el("button", { type: "button", "class": "button" }, t("export"));
    exportButton.addEventListener("click", function () {
      download("roadmap-progress.json", "application/json", r.exportText());
      say(t("exported"));
    });
    var input = el("input", { type: "file", accept: "application/json,.json", id: "progress-import", "class": "visually-hidden" });
    var label = el("label", { "for": "progress-import", "class": "button" }, t("import"));
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      file.text().then(function (body) {
        var raw = null;
        try { raw = JSON.parse(body); } catch (e) { raw = null; }
        var incoming = r.read(raw);
        input.value = "";
        if (!incoming) {
          say(t("import_not_export"));
          return null;
        }
        return r.merge(incoming).then(function (report) {
          if (report) said(file.name, report);
          else say(t("import_offline"));
        });
      });
    });
    var mine = el("button", { type: "button", "class": "button" }, t("download_checklist"));
    mine.addEventListener("click", function () {
      r.roadmap().then(function (json) {
        if (!json) {
          say(t("items_offline"));
          return;
        }
        download("my-roadmap.md", "text/markdown", checklist(json));
        say(t("checklist_saved"));
      });
    });
    var removed = el("p", { "class": "removed-kept", hidden: "" });
    tools.appendChild(exportButton);
    tools.appendChild(input);
    tools.appendChild(label);
    tools.appendChild(mine);
    menu.appendChild(tools);
    menu.appendChild(status);
    menu.appendChild(changes);
    overall.appendChild(removed);

    function say(text) {
      changes.hidden = true;
      changes.textContent = "";
      status.textContent = text;
    }
    function said(name, report) {
      say(t("imported", { name: name, what: describeMerge(report) }));
      report.changed.slice(0, 20).forEach(function (c) {
        var what = [];
        if (c.status) what.push(STATUS_LABELS[c.status]);
        if (c.note !== undefined) what.push(t(c.note ? "note_updated" : "note_cleared"));
        changes.appendChild(el("li", {}, "“" + (c.text || c.id) + "”: " + what.join(", ")));
      });
      report.stages.forEach(function (slug) {
        changes.appendChild(el("li", {}, t("notes_updated", { stage: stageTitle(slug) })));
      });
      if (report.changed.length > 20) changes.appendChild(el("li", {}, t("and_more", { n: report.changed.length - 20 })));
      changes.hidden = !changes.firstChild;
    }
    overview = { removed: removed, say: say };
  }

  function stageTitle(slug) {
    var card = document.querySelector('.stage-card[data-stage="' + CSS.escape(slug) + '"] .stage-link');
    return card ? card.textContent.replace(/\s+/g, " ").trim() : slug;
  }

  function refreshOverview() {
    if (!overview) return;
    var kept = r.viewing() ? [] : r.removed();
    overview.removed.hidden = !kept.length;
    overview.removed.textContent = kept.length
      ? t("kept_aside", { n: kept.length })
      : "";
  }

  /* ---------- my-roadmap.md: the stages and items with statuses and notes ---------- */

  /* Text as Markdown shows it: what would be syntax is escaped. */
  function md(text) {
    return String(text).replace(/[\\`*[\]<>~|#]/g, "\\$&").replace(/_/g, function (m, at, s) {
      return /[\p{L}\p{N}]/u.test(s.charAt(at - 1)) && /[\p{L}\p{N}]/u.test(s.charAt(at + 1)) ? "_" : "\\_";
    });
  }

  function quoted(note, indent) {
    return note.split(/\r?\n/).map(function (line) { return indent + ">" + (line ? " " + line : ""); }).join("\n") + "\n";
  }

  function line(status, text, note) {
    var out = "- [" + (status === "done" ? "x" : " ") + "] " +
      (status === "skipped" ? "~~" + md(text) + "~~ (skipped)" : md(text)) +
      (status === "doing" ? " (in progress)" : "") + "\n";
    return out + (note ? "\n" + quoted(note, "  ") + "\n" : "");
  }

  function checklist(json) {
    var items = r.items(json);
    var tracked = items.filter(function (i) { return i.tracked; });
    var done = tracked.filter(function (i) { return r.status(i.id) === "done"; }).length;
    var out = "# " + md(json.title || "Roadmap") + ": my progress\n\n";
    if (json.url) out += "<" + json.url + ">\n\n";
    out += done + " of " + tracked.length + " done, as of " + new Date().toISOString().slice(0, 10) + "\n";
    var groups = [];
    (json.stages || []).forEach(function (s) { groups.push({ heading: "Stage " + s.number + ": " + s.title, slug: s.slug, stage: true }); });
    (json.pages || []).forEach(function (p) { groups.push({ heading: p.title, slug: p.slug }); });
    groups.forEach(function (g) {
      var mine = tracked.filter(function (i) { return i.slug === g.slug; });
      var note = g.stage ? r.stageNote(g.slug) : "";
      if (!mine.length && !note) return;
      out += "\n## " + md(g.heading) + "\n\n";
      if (note) out += quoted(note, "") + "\n";
      mine.forEach(function (i) { out += line(r.status(i.id), i.text, r.note(i.id)); });
    });
    var removed = r.removed();
    if (removed.length) {
      out += "\n## No longer in the roadmap\n\n";
      removed.forEach(function (i) {
        out += line(i.status, (i.text || i.id) + (i.stage ? " (was in " + i.stage + ")" : ""), i.note);
      });
    }
    return out;
  }

  /* ---------- Start ---------- */

  function refresh() {
    refreshItems();
    refreshStageNote();
    refreshBars();
    readyToStart();
    refreshMap();
    refreshMarks();
    removedNotice();
    refreshOverview();
    storageNote(document.querySelector("[data-progress-overall]"));
    storageNote(document.querySelector("[data-progress-stage]"));
  }

  function start() {
    document.querySelectorAll("li[data-item-id][data-tracked]").forEach(enhanceItem);
    // The other task-list boxes only show a state; their item's text names them.
    document.querySelectorAll("li > input.task-list-item-checkbox:not([aria-label]), li > p > input.task-list-item-checkbox:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", itemText(box.closest("li")));
    });
    var stage = document.querySelector("[data-progress-stage]");
    if (stage) stageNoteSection(stage.getAttribute("data-progress-stage"));
    var overall = document.querySelector("[data-progress-overall]");
    if (overall) overviewTools(overall);
    r.onChange(refresh);
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
