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
      var duration = t("calendar_duration", { duration: s.duration });
      var description = (s.summary ? s.summary + "\n" : "") + duration;
      lines.push("BEGIN:VEVENT", "UID:" + escapeText(s.url), "DTSTAMP:" + dtstamp,
        "DTSTART;VALUE=DATE:" + basic(when.start), "DTEND;VALUE=DATE:" + basic(when.end),
        "SUMMARY:" + escapeText(t("calendar_event", { number: String(s.number), title: s.title })),
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

  /* The index of the roadmap's data (roadmap.json: a row per stage, no items) as
     reader.js fetches it, once per page, its rows made the stages the functions above
     take: each with its URL and its tracked items as far as the reader's progress
     names them, the others to do (so no part of the data is fetched for the plan). */
  function fetchRoadmap() {
    var load = R && R.index ? R.index() : Promise.resolve(null);
    return load.then(function (index) {
      roadmap = index && Array.isArray(index.stages) ? fromIndex(index) : null;
      return roadmap;
    });
  }

  var heldCache = null;
  if (R && R.onChange) R.onChange(function () { heldCache = null; });
  /* The ids the reader's progress holds, by stage slug. */
  function held() {
    if (!heldCache) {
      heldCache = Object.create(null);
      (R && R.storedIds ? R.storedIds() : []).forEach(function (id) {
        var slug = kit.slugOf(id);
        (heldCache[slug] = heldCache[slug] || []).push(id);
      });
    }
    return heldCache;
  }

  function fromIndex(index) {
    var out = {};
    Object.keys(index).forEach(function (k) { out[k] = index[k]; });
    out.stages = index.stages.map(function (row) {
      var s = {};
      Object.keys(row).forEach(function (k) { s[k] = row[k]; });
      s.url = String(index.url || "") + "stages/" + row.slug + "/";
      var count = Number(row.tracked) || 0;
      Object.defineProperty(s, "items", {
        get: function () {
          var items = (held()[row.slug] || []).slice(0, count).map(function (id) { return { id: id, tracked: true }; });
          while (items.length < count) items.push({ id: row.slug + "/not-recorded-" + items.length, tracked: true });
          return items;
        }
      });
      return s;
    });
    return out;
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

