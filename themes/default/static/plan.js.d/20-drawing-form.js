  /* ---------- Drawing the plan ---------- */

  function render() {
    var dated = plan && roadmap ? schedule(roadmap, plan, isSkipped) : null;
    var byslug = {};
    if (dated) dated.forEach(function (d) { byslug[d.slug] = d; });
    document.querySelectorAll("[data-plan-dates]").forEach(function (node) {
      var d = byslug[node.getAttribute("data-plan-dates")];
      if (!node.hasAttribute("data-plan-weeks")) node.setAttribute("data-plan-weeks", node.textContent);
      if (!d) {
        node.textContent = node.getAttribute("data-plan-weeks");
        node.removeAttribute("data-first-day");
        node.removeAttribute("data-last-day");
        node.classList.remove("plan-dated");
        return;
      }
      node.classList.add("plan-dated");
      if (d.skipped) {
        node.textContent = t(d.leftOut ? "plan_optional_out" : "plan_skipped");
        node.removeAttribute("data-first-day");
        node.removeAttribute("data-last-day");
      } else {
        node.textContent = range(d.start, d.end - 1);
        node.setAttribute("data-first-day", iso(d.start));
        node.setAttribute("data-last-day", iso(d.end - 1));
      }
    });
    skipControls(dated);
    timeline(dated);
    var summary = document.querySelector("[data-plan-summary]");
    if (summary) {
      summary.hidden = !dated;
      summary.textContent = dated ? planSummary(dated) : "";
    }
    if (form) form.update(dated);
  }

  /* The plan's last day, or null when every stage is skipped. */
  function lastDay(dated) {
    if (dated.every(function (d) { return d.skipped; })) return null;
    return span(dated).end - 1;
  }

  /* "Your plan: from 4 Jan 2027 to 12 Mar 2027, 8 hours a week, ranges at the longest." */
  function planSummary(dated) {
    var last = lastDay(dated);
    var when = last === null ? t("plan_from", { date: dateFormat.format(date(parseDate(plan.start))) })
      : range(parseDate(plan.start), last);
    return t("plan_summary", { when: when, n: plan.hours, pace: t("pace_" + plan.pace) });
  }

  /* Beside each stage's dates: "Skip this stage", or for an optional stage "Add to my
     plan" (checked when it is in; fixed when a stage of the plan requires it). */
  function skipControls(dated) {
    var stages = {}, when = {};
    if (roadmap) roadmap.stages.forEach(function (s) { stages[s.slug] = s; });
    if (dated) dated.forEach(function (d) { when[d.slug] = d; });
    document.querySelectorAll("[data-plan-skip]").forEach(function (slot) {
      var slug = slot.getAttribute("data-plan-skip");
      var stage = stages[slug];
      slot.hidden = !dated || !stage;
      if (slot.hidden) return;
      var elective = !!stage.optional;
      var box = slot.querySelector("input");
      var note = slot.querySelector(".plan-skip-note");
      if (!box) {
        var id = "plan-skip-" + slug.replace(/[^A-Za-z0-9_-]/g, "_");
        box = el("input", { type: "checkbox", id: id });
        var label = el("label", { "for": id }, t(elective ? "plan_add" : "plan_skip"));
        label.appendChild(el("span", { "class": "visually-hidden" }, t("plan_skip_which", { number: stage.number, title: stage.title })));
        note = el("span", { "class": "plan-skip-note" });
        box.addEventListener("change", function () {
          var list = elective ? "added" : "skipped";
          plan[list] = plan[list].filter(function (s) { return s !== slug; });
          if (box.checked) plan[list].push(slug);
          savePlan();
          render();
        });
        slot.appendChild(box);
        slot.appendChild(label);
        slot.appendChild(note);
      }
      if (elective) {
        var pulled = !!(when[slug] && when[slug].pulled);
        box.checked = pulled || plan.added.indexOf(slug) >= 0;
        box.disabled = pulled;
        note.textContent = pulled ? t("plan_required") : "";
        return;
      }
      var byItems = skippedByItems(stage);
      box.checked = byItems || plan.skipped.indexOf(slug) >= 0;
      box.disabled = byItems;
      note.textContent = byItems ? t("plan_all_skipped") : "";
    });
  }

  var SVG = "http://www.w3.org/2000/svg";
  /* Each timeline drawing (svg.timeline[data-chart-left]: the wide one and the narrow one)
     as roadsmith drew it, kept the first time a plan redraws it. */
  var timelineOriginals = new Map();
  var timelineCaption = null;

  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The overview's timeline along the plan's days, in every drawing of it: bars from a
     stage's first day to its last, the grid labelled with dates. Without a plan, as
     roadsmith drew it. */
  function timeline(dated) {
    var caption = document.querySelector("[data-plan-caption]");
    if (caption && timelineCaption === null) timelineCaption = caption.textContent;
    var whole = span(dated || []);
    var byslug = {};
    if (dated) dated.forEach(function (d) { byslug[d.slug] = d; });
    document.querySelectorAll("svg.timeline[data-chart-left]").forEach(function (svg) {
      redrawTimeline(svg, timelineOriginal(svg), dated && byslug, whole);
    });
    if (caption) {
      caption.textContent = dated
        ? t("plan_caption")
        : timelineCaption;
    }
  }

  /* What `svg` held as roadsmith drew it: its grid, and each row's label, bars and
     duration. */
  function timelineOriginal(svg) {
    var kept = timelineOriginals.get(svg);
    if (kept) return kept;
    var grid = svg.querySelector(".timeline-grid");
    kept = {
      grid: grid,
      gridNodes: Array.prototype.map.call(grid.childNodes, function (n) { return n.cloneNode(true); }),
      rows: Array.prototype.map.call(svg.querySelectorAll("a.timeline-stage[data-stage]"), function (row) {
        /* The duration: right after the link (its name says it already). */
        var text = row.nextElementSibling;
        if (text && !text.classList.contains("timeline-duration")) text = null;
        return {
          row: row,
          label: row.getAttribute("aria-label"),
          bars: Array.prototype.map.call(row.querySelectorAll("rect.timeline-min, rect.timeline-extra"), function (r) {
            return { rect: r, x: r.getAttribute("x"), width: r.getAttribute("width") };
          }),
          text: text,
          duration: text ? text.textContent : ""
        };
      })
    };
    timelineOriginals.set(svg, kept);
    return kept;
  }

  function redrawTimeline(svg, kept, byslug, whole) {
    var left = Number(svg.getAttribute("data-chart-left"));
    var right = Number(svg.getAttribute("data-chart-right"));
    var first = whole.first, total = whole.end - first;
    var k = (right - left) / Math.max(total, 1);
    kept.rows.forEach(function (o) {
      var d = byslug && byslug[o.row.getAttribute("data-stage")];
      var label = o.label;
      o.bars.forEach(function (b) {
        b.rect.setAttribute("x", b.x);
        b.rect.setAttribute("width", b.width);
        b.rect.removeAttribute("display");
      });
      if (o.text) o.text.textContent = o.duration;
      if (d) {
        /* The solid bar along the plan's days; the lighter part hidden: a plan has one pace. */
        var min = o.bars[0].rect;
        min.setAttribute("x", (left + (d.start - first) * k).toFixed(2));
        min.setAttribute("width", ((d.end - d.start) * k).toFixed(2));
        o.bars.slice(1).forEach(function (b) { b.rect.setAttribute("display", "none"); });
        if (o.text && d.skipped) o.text.textContent = t(d.leftOut ? "plan_row_out" : "plan_row_skipped");
        /* "Title: stage 2, 1.5 weeks, 18 Jan – 28 Jan 2027": the label starts with the
           visible title, as roadsmith's does. */
        label = o.label.replace(/, weeks? [^,]*$/, "") + ", " +
          (d.leftOut ? t("plan_row_out") : d.skipped ? t("plan_row_skipped_label") : range(d.start, d.end - 1));
      }
      o.row.setAttribute("aria-label", label);
      o.row.querySelector("title").textContent = label;
    });
    timelineGrid(svg, kept, byslug ? { left: left, k: k, first: first, total: total } : null);
  }

  /* The grid in weeks as drawn, or along the plan's dates: at most a label every 50
     units, so dates never run into each other, in the narrow drawing too. */
  function timelineGrid(svg, kept, along) {
    var grid = kept.grid;
    while (grid.firstChild) grid.removeChild(grid.firstChild);
    if (!along) {
      kept.gridNodes.forEach(function (n) { grid.appendChild(n.cloneNode(true)); });
      return;
    }
    var line = kept.gridNodes.filter(function (n) { return n.nodeName === "line"; })[0];
    var label = kept.gridNodes.filter(function (n) { return n.nodeName === "text"; })[0];
    var top = line ? line.getAttribute("y1") : "24";
    var bottom = line ? line.getAttribute("y2") : svg.viewBox.baseVal.height - 4;
    var size = label ? label.getAttribute("font-size") : "12";
    var most = Math.max(2, Math.floor(along.k * along.total / 50));
    /* A line every 1, 2, 4, 8... weeks. */
    var step = 7;
    while (along.total / step > most) step *= 2;
    for (var day = 0; day <= along.total; day += step) {
      var gx = (along.left + day * along.k).toFixed(2);
      grid.appendChild(svgEl("line", { x1: gx, y1: top, x2: gx, y2: bottom, stroke: "currentColor", "stroke-opacity": "0.2" }));
      grid.appendChild(svgEl("text", { x: gx, y: "16", "text-anchor": "middle", "font-size": size, fill: "currentColor" },
        shortFormat.format(date(along.first + day))));
    }
  }

  /* ---------- The overview's form (index.html draws it, reader.css shows it) ---------- */

  var form = null;

  /* Says `message` in the field's error paragraph (none: clears it); true when none. */
  function errorSayer(input, p) {
    return function (message) {
      p.textContent = message || "";
      p.hidden = !message;
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      return !message;
    };
  }

  function bindForm(section) {
    var f = section.querySelector("form");
    var start = section.querySelector("#plan-start");
    var hours = section.querySelector("#plan-hours");
    var startError = section.querySelector("#plan-start-error");
    var hoursError = section.querySelector("#plan-hours-error");
    var ics = section.querySelector("[data-plan-calendar]");
    var clear = section.querySelector("[data-plan-clear]");
    var status = section.querySelector(".plan-status");
    var toggle = section.querySelector("[data-plan-toggle]");
    var panel = section.querySelector("#plan-panel");
    if (!f || !start || !hours || !startError || !hoursError || !status) return null;

    /* "Plan my dates" (or, once there is a plan, "Change") opens and closes the form. */
    function showForm(open) {
      if (!toggle || !panel) return;
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
    }
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = panel.hidden;
        showForm(open);
        if (open) start.focus();
      });
    }
    var sayStart = errorSayer(start, startError);
    var sayHours = errorSayer(hours, hoursError);
    var authorHours = Number(section.getAttribute("data-hours-per-week")) || 10;
    var radios = {};
    PACES.forEach(function (p) { radios[p] = section.querySelector("#plan-pace-" + p); });

    function fill() {
      start.value = plan ? plan.start : iso(nextMonday(today()));
      hours.value = String(plan ? plan.hours : authorHours);
      var pace = radios[plan ? plan.pace : "longest"];
      if (pace) pace.checked = true;
      sayStart("");
      sayHours("");
    }

    /* The form's values as a plan, each mistake said in words beside its field. */
    function read() {
      var day = parseDate(start.value);
      var okStart = sayStart(day !== null ? "" : start.validity && start.validity.badInput
        ? t("plan_no_such_date")
        : start.value ? t("plan_bad_date", { value: start.value })
          : t("plan_no_date"));
      var h = hours.value.trim() === "" ? NaN : Number(hours.value);
      var okHours = sayHours(h >= HOURS_MIN && h <= HOURS_MAX ? "" :
        hours.value.trim() === "" && !(hours.validity && hours.validity.badInput) ? t("plan_no_hours")
          : t("plan_bad_hours"));
      if (!okStart) { start.focus(); return null; }
      if (!okHours) { hours.focus(); return null; }
      var chosen = PACES.filter(function (p) { return radios[p] && radios[p].checked; })[0] || "longest";
      return { start: iso(day), hours: h, pace: chosen, skipped: plan ? plan.skipped : [], added: plan ? plan.added : [] };
    }

    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var next = read();
      if (!next) return;
      status.textContent = t("plan_working");
      fetchRoadmap().then(function (data) {
        if (!data) {
          status.textContent = t("plan_no_data");
          return;
        }
        if (!schedule(data, next, isSkipped)) {
          sayStart(t("plan_too_long"));
          start.focus();
          status.textContent = "";
          return;
        }
        plan = next;
        savePlan();
        render();
        showForm(false);
        if (toggle) toggle.focus();
      });
    });
    if (clear) {
      clear.addEventListener("click", function () {
        plan = null;
        savePlan();
        render();
        fill();
        f.querySelector("[type=submit]").focus();
        status.textContent = t("plan_cleared");
      });
    }
    if (ics) {
      ics.addEventListener("click", function () {
        var dated = plan && roadmap && schedule(roadmap, plan, isSkipped);
        if (!dated) return;
        kit.download("study-plan.ics", "text/calendar;charset=utf-8", calendar(roadmap, dated, stamp(new Date())));
        status.textContent = t("plan_ics_saved");
      });
    }
    fill();

    return {
      fill: fill,
      update: function (dated) {
        if (toggle) toggle.textContent = t(dated ? "plan_change" : "plan_toggle");
        if (ics) ics.hidden = !dated;
        if (clear) clear.hidden = !dated;
        status.removeAttribute("data-standing");
        status.removeAttribute("data-days");
        if (!dated) return;
        var where = standing(roadmap, dated, statusOf, today());
        var last = lastDay(dated);
        var text = {
          "not-started": t("plan_not_started", { date: dateFormat.format(date(span(dated).first)) }),
          "on-track": t("plan_on_track"),
          behind: t("plan_behind", { n: where.days }),
          ahead: t("plan_ahead", { n: where.days }),
          finished: t("plan_finished")
        }[where.state];
        if (where.state !== "finished" && last !== null) {
          text += t("plan_ends", { date: dateFormat.format(date(last)) });
        }
        status.textContent = text;
        status.setAttribute("data-standing", where.state);
        status.setAttribute("data-days", String(where.days));
      }
    };
  }

  /* ---------- Start ---------- */

  function start() {
    var section = document.querySelector("[data-plan]");
    if (section) form = bindForm(section);
    if (plan) fetchRoadmap().then(render);
    if (R) R.onChange(function () { if (plan && roadmap) render(); });
    if (R && R.exportPart) {
      R.exportPart("plan", {
        save: function () { return plan; },
        load: function (value) {
          plan = clean(value);
          savePlan();
          if (form) form.fill();
          if (plan) fetchRoadmap().then(render);
          else render();
        }
      });
    }
    window.addEventListener("storage", function (ev) {
      if (ev.key !== KEY) return;
      plan = loadPlan();
      if (form) form.fill();
      if (plan) fetchRoadmap().then(render);
      else render();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
