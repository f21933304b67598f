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

  /* The items of `root`, and the task-list boxes that only show a state, which their
     item's text names. */
  function enhanceIn(root) {
    root.querySelectorAll(TRACKED).forEach(enhanceItem);
    root.querySelectorAll("li > input.task-list-item-checkbox:not([aria-label]), li > p > input.task-list-item-checkbox:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", itemText(box.closest("li")));
    });
  }

  function start() {
    enhanceIn(document);
    // Text put in the page later: a print part's stages (reader.js).
    document.addEventListener("roadsmith:content", function (ev) {
      enhanceIn(ev.target);
      refresh();
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
