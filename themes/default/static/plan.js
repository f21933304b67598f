/*
 * roadsmith study plan: a reader's start date, weekly hours and pace turn the stages'
 * durations into calendar dates, shown on the overview (with a form, the plan's
 * standing and an .ics download), on stage pages and on the print page.
 *
 * The rules are those of src/reader/plan.rs and src/reader/ics.rs, which
 * `roadsmith export ics` uses; this is their one implementation in JavaScript. A
 * stage's length in days is its duration at the author's weekly hours (days_min and
 * days_max of roadmap.json, computed by roadsmith) scaled by author's hours / reader's
 * hours and rounded up to whole days; stages follow one another in the roadmap's
 * `study_order` (each after what it requires).
 *
 * The progress is reached only through window.roadsmith (reader.js). The plan is kept
 * in localStorage beside it and is the "plan" part of the progress export. Without
 * JavaScript the pages show week numbers and no form. Text is set with textContent.
 */
(function () {
  "use strict";

  var DAY_MS = 864e5;
  var FIRST_YEAR = 1000;
  var LAST_YEAR = 9999;
  var PACES = ["shortest", "middle", "longest"];
  var HOURS_MIN = 1;
  var HOURS_MAX = 80;

  /* ---------- Dates: whole days counted from 1970-01-01 ---------- */

  function daysInMonth(y, m) {
    if (m === 2) return (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
    return [4, 6, 9, 11].indexOf(m) >= 0 ? 30 : 31;
  }

  /* "YYYY-MM-DD" -> days, or null when it is not a day of the years 1000 to 9999. */
  function parseDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text).trim());
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < FIRST_YEAR || y > LAST_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
    return Date.UTC(y, mo - 1, d) / DAY_MS;
  }

  function inRange(days) {
    var y = new Date(days * DAY_MS).getUTCFullYear();
    return y >= FIRST_YEAR && y <= LAST_YEAR;
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  function iso(days) {
    var d = new Date(days * DAY_MS);
    return pad(d.getUTCFullYear(), 4) + "-" + pad(d.getUTCMonth() + 1, 2) + "-" + pad(d.getUTCDate(), 2);
  }

  /* YYYYMMDD, as iCalendar writes a date. */
  function basic(days) {
    return iso(days).replace(/-/g, "");
  }

  /* 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday). */
  function weekday(days) {
    return (((days + 3) % 7) + 7) % 7;
  }

  /* Today in the reader's own time zone. */
  function today() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / DAY_MS;
  }

  /* The coming Monday: today when today is one. */
  function nextMonday(from) {
    return from + ((7 - weekday(from)) % 7);
  }

  /* ---------- The schedule ---------- */

  function pick(pace, min, max) {
    if (pace === "shortest") return min;
    if (pace === "middle") return (min + max) / 2;
    return max;
  }

  /* Whole days a stage of `days` (at `authorHours` a week) takes at `readerHours`. */
  function stageDays(days, authorHours, readerHours) {
    return Math.max(1, Math.ceil(days * authorHours / readerHours - 1e-9));
  }

  /* Every stage of `roadmap` (roadmap.json) dated by `plan` ({start, hours, pace}), in
     order: {slug, start, end, skipped, leftOut, pulled}, `end` the day after its last
     (the next stage starts on it). Skipped stages take no time, and so do optional
     stages the plan leaves out (leftOut, skipped too); `pulled` marks an optional stage
     in the plan only because a stage of it requires it. null when the plan runs past
     9999. */
  function schedule(roadmap, plan, isSkipped) {
    var at = parseDate(plan.start);
    var out = new Array(roadmap.stages.length);
    /* One stage at a time in `study_order` (each after what it requires), by stage
       number for a roadmap.json without it. */
    var index = {};
    roadmap.stages.forEach(function (s, i) { index[s.slug] = i; });
    var order = Array.isArray(roadmap.study_order) && roadmap.study_order.length === roadmap.stages.length
      ? roadmap.study_order.map(function (slug) { return index[slug]; })
      : roadmap.stages.map(function (s, i) { return i; });
    var inPlan = planned(roadmap, plan, order, index);
    for (var k = 0; k < order.length; k++) {
      var i = order[k];
      var s = roadmap.stages[i];
      if (s === undefined) return null;
      var leftOut = !inPlan[i];
      var skipped = leftOut || !!(isSkipped && isSkipped(s));
      var length = skipped ? 0 : stageDays(pick(plan.pace, s.days_min, s.days_max), roadmap.hours_per_week, plan.hours);
      if (!inRange(at + length)) return null;
      out[i] = { slug: s.slug, start: at, end: at + length, skipped: skipped, leftOut: leftOut, pulled: !!s.optional && inPlan[i] && (plan.added || []).indexOf(s.slug) < 0 };
      at += length;
    }
    return out;
  }

  /* Which stages a plan dates: every required stage, the optional ones the reader
     added (plan.added), and what those require, walked from the last in study order to
     the first so that chains are followed. */
  function planned(roadmap, plan, order, index) {
    var added = plan.added || [];
    var inPlan = roadmap.stages.map(function (s) { return !s.optional || added.indexOf(s.slug) >= 0; });
    for (var k = order.length - 1; k >= 0; k--) {
      var i = order[k];
      if (i === undefined || !inPlan[i]) continue;
      (roadmap.stages[i].requires || []).forEach(function (slug) {
        if (index[slug] !== undefined) inPlan[index[slug]] = true;
      });
    }
    return inPlan;
  }

  /* ---------- iCalendar (RFC 5545) ---------- */

  function escapeText(text) {
    return String(text).replace(/\r\n?/g, "\n").replace(/[\\;,\n]|[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, function (c) {
      if (c === "\n") return "\\n";
      if (c === "\\" || c === ";" || c === ",") return "\\" + c;
      return "";
    });
  }

  function octets(codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }

  /* A content line folded at 75 octets, never inside a character, ending in CRLF. */
  function fold(line) {
    var out = "";
    var width = 0;
    for (var i = 0; i < line.length;) {
      var cp = line.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      var n = octets(cp);
      if (width + n > 75) {
        out += "\r\n ";
        width = 1;
      }
      out += ch;
      width += n;
      i += ch.length;
    }
    return out + "\r\n";
  }

  /* YYYYMMDDTHHMMSSZ of a Date. */
  function stamp(date) {
    return date.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  }

  /* The calendar of `roadmap` dated by `dated`: one all-day event per stage that is
     not skipped. */
  function calendar(roadmap, dated, dtstamp) {
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//roadsmith//study plan//EN",
      "CALSCALE:GREGORIAN", "X-WR-CALNAME:" + escapeText(roadmap.title)];
    roadmap.stages.forEach(function (s, i) {
      var when = dated[i];
      if (when.skipped) return;
      var description = (s.summary ? s.summary + "\n" : "") + "Duration: " + s.duration;
      lines.push("BEGIN:VEVENT", "UID:" + escapeText(s.url), "DTSTAMP:" + dtstamp,
        "DTSTART;VALUE=DATE:" + basic(when.start), "DTEND;VALUE=DATE:" + basic(when.end),
        "SUMMARY:" + escapeText("Stage " + s.number + ": " + s.title),
        "DESCRIPTION:" + escapeText(description), "URL:" + s.url,
        "TRANSP:TRANSPARENT", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("");
  }

  /* ---------- Where the reader stands ---------- */

  /* The plan's first day and the day after it ends ({first: 0, end: 0} without stages).
     Stages are dated in study order, so the first to start need not be stage 0, nor the
     last to end the last stage. */
  function span(dated) {
    if (!dated.length) return { first: 0, end: 0 };
    return dated.reduce(function (s, d) {
      return { first: Math.min(s.first, d.start), end: Math.max(s.end, d.end) };
    }, { first: dated[0].start, end: dated[0].end });
  }

  /* Today against the plan, in days: how far the reader's done items take them along
     the plan (a stage's days in proportion to its tracked items done, skipped items
     left out; a stage without tracked items counts as on schedule) against the days
     gone since the start. {state: "not-started" | "on-track" | "behind" | "ahead" |
     "finished", days}. */
  function standing(roadmap, dated, statusOf, now) {
    var whole = span(dated), first = whole.first, total = whole.end - first;
    var reached = 0;
    roadmap.stages.forEach(function (s, i) {
      var d = dated[i];
      var length = d.end - d.start;
      if (d.skipped || !length) return;
      var counted = 0, done = 0;
      (s.items || []).forEach(function (item) {
        if (!item.tracked) return;
        var st = statusOf(item.id);
        if (st === "skipped") return;
        counted++;
        if (st === "done") done++;
      });
      var fraction = counted ? done / counted : Math.min(1, Math.max(0, (now - d.start) / length));
      reached += length * fraction;
    });
    var elapsed = Math.min(total, Math.max(0, now - first));
    var diff = Math.round(reached - elapsed);
    if (total > 0 && reached >= total - 1e-9) return { state: "finished", days: 0 };
    if (now < first && diff <= 0) return { state: "not-started", days: first - now };
    if (diff === 0) return { state: "on-track", days: 0 };
    return diff < 0 ? { state: "behind", days: -diff } : { state: "ahead", days: diff };
  }

  var api = {
    parseDate: parseDate, iso: iso, basic: basic, weekday: weekday, nextMonday: nextMonday,
    stageDays: stageDays, schedule: schedule, standing: standing,
    escapeText: escapeText, fold: fold, stamp: stamp, calendar: calendar
  };
  /* The pure functions, for the tests and for other scripts of a theme. */
  window.roadsmithPlan = api;

  /* ---------- The page ---------- */

  /* kit.js, which base.html loads before this: without it no plan is drawn. */
  var kit = window.roadsmithKit;
  if (!kit) return;
  var el = kit.el, t = kit.t;
  var R = window.roadsmith;
  var base = (R && R.base) || "/";
  var KEY = "roadsmith:plan:" + ((R && R.root) || base);
  var statusOf = R ? R.status : function () { return "todo"; };
  var lang = document.documentElement.lang || undefined;

  function slugList(list) {
    return Array.isArray(list) ? list.filter(function (s) { return typeof s === "string" && s.length < 300; }) : [];
  }

  /* A plan as kept: {start: "YYYY-MM-DD", hours, pace, skipped: [slug], added: [slug]
     (the optional stages in the plan)}; null when `data` is not one. */
  function clean(data) {
    if (!data || typeof data !== "object") return null;
    var hours = Number(data.hours);
    if (parseDate(data.start) === null || !(hours >= HOURS_MIN && hours <= HOURS_MAX)) return null;
    return {
      start: String(data.start),
      hours: hours,
      pace: PACES.indexOf(data.pace) >= 0 ? data.pace : "longest",
      skipped: slugList(data.skipped),
      added: slugList(data.added)
    };
  }

  function loadPlan() {
    try { return clean(JSON.parse(window.localStorage.getItem(KEY) || "null")); } catch (e) { return null; }
  }

  function savePlan() {
    try {
      if (plan) window.localStorage.setItem(KEY, JSON.stringify(plan));
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* private mode: the plan lasts as long as the page */ }
  }

  var plan = loadPlan();
  var roadmap = null;

  /* roadmap.json as reader.js fetches it, once per page. */
  function fetchRoadmap() {
    var load = R && R.roadmap ? R.roadmap() : Promise.resolve(null);
    return load.then(function (data) {
      roadmap = data && Array.isArray(data.stages) ? data : null;
      return roadmap;
    });
  }

  /* A stage is skipped when the reader skipped it in the plan, or marked every one of
     its tracked items skipped. */
  function skippedByItems(stage) {
    var tracked = (stage.items || []).filter(function (i) { return i.tracked; });
    return tracked.length > 0 && tracked.every(function (i) { return statusOf(i.id) === "skipped"; });
  }
  function isSkipped(stage) {
    return (plan && plan.skipped.indexOf(stage.slug) >= 0) || skippedByItems(stage);
  }

  var dateFormat = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  var shortFormat = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", timeZone: "UTC" });

  function date(days) { return new Date(days * DAY_MS); }

  /* "4 Jan – 24 Jan 2027" in the page's language, first and last day included. */
  function range(first, last) {
    if (first === last) return dateFormat.format(date(first));
    if (dateFormat.formatRange) return dateFormat.formatRange(date(first), date(last));
    return dateFormat.format(date(first)) + " – " + dateFormat.format(date(last));
  }

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
