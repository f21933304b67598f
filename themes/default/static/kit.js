/*
 * roadsmith kit: the helpers and constants the default theme's scripts share, written
 * once so that no copy drifts. The theme's own (window.roadsmithKit), not an API: other
 * scripts use window.roadsmith (docs/templates.md). base.html loads it first.
 */
window.roadsmithKit = (function () {
  "use strict";

  /* The words the scripts show: the language's strings.js (the [js] table of the
     page language's string table, where it differs from these), else these, the default theme's English (a test
     keeps them equal to themes/default/i18n/en.toml). */
  var ENGLISH = /* english-begin */ {
    "calendar_event": "Stage {number}: {title}",
    "calendar_duration": "Duration: {duration}",
    "and": "{a} and {b}",
    "list_separator": ", ",
    "status_todo": "To do",
    "status_doing": "In progress",
    "status_done": "Done",
    "status_skipped": "Skipped",
    "item_status": "Status: {text}",
    "item_done": "Done: {text}",
    "note": "Note",
    "note_on": " on: {text}",
    "note_field": "Your note on: {text}",
    "stage_notes": "Your notes on this stage",
    "stage_notes_help": "Kept in this browser as you type, and part of your progress export.",
    "progress_note": "{label}: {done} of {total} done ({percent}%)",
    "progress_doing": ", {n} in progress",
    "progress_skipped": ", {n} skipped",
    "progress_stage": "Your progress in this stage",
    "progress_stage_shared": "Shared progress in this stage",
    "progress_card": "Progress",
    "progress_whole": "Whole roadmap",
    "progress_whole_shared": "Shared progress, whole roadmap",
    "ready_optional": "optional",
    "ready_in_progress": "in progress",
    "ready_none": "Nothing: you have finished every stage.",
    "map_done": "done",
    "map_doing": "in progress",
    "mark_changed": "Changed",
    "mark_new": "New",
    "marks_new": {"one": "{n} new", "other": "{n} new"},
    "marks_changed": {"one": "{n} changed", "other": "{n} changed"},
    "marks_items": {"one": "{what} item", "other": "{what} items"},
    "marks_stage": "{what} since your last visit, marked below.",
    "marks_overall": "{what} in {where} since your last visit.",
    "marks_seen": "Mark them as seen",
    "marks_all_seen": "Mark all as seen",
    "chip_new": "{n} new",
    "chip_new_changed": "{n} new or changed",
    "count_stages": {"one": "{n} stage", "other": "{n} stages"},
    "count_pages": {"one": "{n} page", "other": "{n} pages"},
    "removed_done": {"one": "{n} item you had done", "other": "{n} items you had done"},
    "removed_doing": {"one": "{n} item you were working on", "other": "{n} items you were working on"},
    "removed_skipped": {"one": "{n} item you had skipped", "other": "{n} items you had skipped"},
    "removed_todo": {"one": "{n} item with your notes", "other": "{n} items with your notes"},
    "removed_sentence": {"one": "{what} was removed from the roadmap.", "other": "{what} were removed from the roadmap."},
    "removed_with_note": "with a note",
    "removed_was_in": "was in {stage}",
    "removed_kept": "What you recorded for them is kept aside: it stays in your progress export and in my-roadmap.md.",
    "dismiss": "Dismiss",
    "storage_unavailable": "This browser does not let the site keep anything (storage is disabled, as in some private windows): what you tick off and write lasts until you leave the page. Export your progress to keep it.",
    "storage_full": "This browser's storage for the site is full: your latest changes last only until you leave the page. Export your progress to keep it.",
    "merge_items": {"one": "{n} item changed", "other": "{n} items changed"},
    "merge_notes": {"one": "your notes on {n} stage", "other": "your notes on {n} stages"},
    "merge_nothing": "nothing changed",
    "merge_older": {"one": "; {n} item stays as here, changed here more recently", "other": "; {n} items stay as here, changed here more recently"},
    "merge_removed": {"one": "; {n} item no longer in the roadmap kept aside", "other": "; {n} items no longer in the roadmap kept aside"},
    "export": "Export progress",
    "exported": "Progress exported to roadmap-progress.json.",
    "import": "Import progress",
    "import_not_export": "That file is not a progress export: nothing was changed.",
    "import_offline": "The import could not be done here: the site's scripts could not be loaded. Try again when the site can be reached.",
    "download_checklist": "Download my checklist",
    "items_offline": "The roadmap's items could not be loaded: try again when the site can be reached.",
    "checklist_saved": "Your checklist was saved as my-roadmap.md.",
    "imported": "Imported {name}: {what}.",
    "note_updated": "note updated",
    "note_cleared": "note cleared",
    "notes_updated": "Your notes on {stage}: updated",
    "and_more": "and {n} more",
    "kept_aside": {"one": "Kept aside: {n} item no longer in the roadmap, with what you recorded for it (in your export and my-roadmap.md).", "other": "Kept aside: {n} items no longer in the roadmap, with what you recorded for them (in your export and my-roadmap.md)."},
    "pace_shortest": "the shortest",
    "pace_middle": "the middle",
    "pace_longest": "the longest",
    "plan_optional_out": "Optional: not in your plan",
    "plan_skipped": "Skipped in your plan",
    "plan_from": "from {date}",
    "plan_summary": {"one": "Your plan: {when}, {n} hour a week, durations given as a range taken at {pace}.", "other": "Your plan: {when}, {n} hours a week, durations given as a range taken at {pace}."},
    "plan_add": "Add to my plan",
    "plan_skip": "Skip this stage",
    "plan_skip_which": ": stage {number}, {title}",
    "plan_required": " (a stage of your plan requires it)",
    "plan_all_skipped": " (all its items are marked skipped)",
    "plan_caption": "Your plan: each bar runs from a stage's first day to its last, dates along the top.",
    "plan_row_out": "not in your plan",
    "plan_row_skipped": "skipped",
    "plan_row_skipped_label": "skipped in your plan",
    "plan_no_such_date": "That date does not exist: choose a day of the calendar.",
    "plan_bad_date": "“{value}” is not a day of the calendar: write it as year-month-day, such as 2027-01-04.",
    "plan_no_date": "Choose the day you start.",
    "plan_no_hours": "Enter the hours you can study in a week, from 1 to 80.",
    "plan_bad_hours": "Hours per week must be a number from 1 to 80.",
    "plan_working": "Working out your dates…",
    "plan_no_data": "The roadmap's data (roadmap.json) could not be loaded: no dates can be shown.",
    "plan_too_long": "With this start and these hours the plan runs past the year 9999: choose an earlier start or more hours.",
    "plan_cleared": "The plan is cleared: the roadmap shows weeks from the start again.",
    "plan_ics_saved": "Calendar saved as study-plan.ics: one all-day event per stage. Import it into your calendar; importing it again updates the same events.",
    "plan_change": "Change",
    "plan_toggle": "Plan my dates",
    "plan_not_started": "Your plan starts on {date}.",
    "plan_on_track": "On track.",
    "plan_behind": {"one": "{n} day behind.", "other": "{n} days behind."},
    "plan_ahead": {"one": "{n} day ahead.", "other": "{n} days ahead."},
    "plan_finished": "Finished: every item of the plan is done.",
    "plan_ends": " The plan ends on {date}.",
    "theme_light": "Light theme",
    "theme_dark": "Dark theme",
    "theme_to_light": "Switch to the light theme",
    "theme_to_dark": "Switch to the dark theme",
    "search_label": "Search the roadmap",
    "search_placeholder": "Search  /",
    "kind_stage": "Stage",
    "kind_item": "Item",
    "search_unavailable": "Search is unavailable",
    "search_failed": "Search could not load its index: try again when online.",
    "search_none": "No results for “{query}”",
    "search_partial": "The best of the stages searched so far: add a word to search them all.",
    "update_published": "A new version of this roadmap has been published. ",
    "update_reload": "Reload to see it",
    "search_results": {"one": "{n} result", "other": "{n} results"},
    "search_no_results": "No results",
    "kind_heading": "Section",
    "kind_topic": "Topic",
    "kind_exercise": "Exercise",
    "kind_best_practice": "Best practice",
    "kind_suggestion": "Suggestion",
    "kind_learning": "Learning",
    "count_items": {"one": "{n} item", "other": "{n} items"},
    "close": "Close",
    "cancel": "Cancel",
    "share_label": "Shared progress",
    "share_error_damaged": "This progress link is damaged (cut short or altered), so nothing from it is shown. Your own progress is unchanged; ask for the link again.",
    "share_error_outdated": "This progress link was made for another version of this roadmap (its items have changed since), so it cannot be shown. Your own progress is unchanged; ask for a new link.",
    "share_error_newer": "This progress link was made by a newer version of this site's software and cannot be read here. Your own progress is unchanged.",
    "share_counts": "Shared progress: {done} of {total} done",
    "share_nothing": "nothing",
    "share_would": "{what} would change",
    "share_would_older": ", and {n} would stay as you changed them more recently",
    "share_viewing": "You are looking at progress from a link, read-only. Your own progress is unchanged.",
    "share_import": "Import into my progress",
    "share_back": "Back to my progress",
    "share_import_offline": "Importing cannot be done here: the site's scripts could not be loaded. Try again when the site can be reached.",
    "share_import_nothing": "Importing would change nothing: your progress already has all of it",
    "share_import_nothing_older": " (or changed it more recently)",
    "share_import_question": "Importing merges this progress into yours: {what}. For each item the later change wins.",
    "share_import_n": {"one": "Import {n} change", "other": "Import {n} changes"},
    "share_imported": "Imported the shared progress: {what} changed. This is your own progress again.",
    "share_roadmap_offline": "The roadmap could not be loaded to show this progress link: try again when the site can be reached.",
    "share_copy": "Copy a link to my progress",
    "share_include_notes": " Include my notes",
    "share_link_label": "Link to your progress",
    "share_make_offline": "The roadmap could not be loaded to make a link: try again when the site can be reached.",
    "share_made_with": "Link made: {n} characters, with your notes. Whoever opens it sees this progress, read-only; the part after # never leaves their browser.",
    "share_made_without": "Link made: {n} characters, without your notes. Whoever opens it sees this progress, read-only; the part after # never leaves their browser.",
    "share_copied": "Copied. {said}",
    "share_copy_below": "{said} Copy it from the field below."
  } /* english-end */;
  /* No document when tests run the scripts under Node: English then. */
  var doc = typeof document === "undefined" ? null : document;
  var LANG = (doc && doc.documentElement.lang) || "en";
  /* strings.js (loaded before this, one file per language) sets window.roadsmithStrings;
     an element #roadsmith-strings holding the JSON is read too. */
  var STRINGS = (function () {
    if (typeof window !== "undefined" && window.roadsmithStrings) return window.roadsmithStrings;
    var node = doc && doc.getElementById("roadsmith-strings");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (e) { return {}; }
  })();
  var plurals = null, numbers = null;
  function category(n) {
    try { plurals = plurals || new Intl.PluralRules(LANG); } catch (e) { plurals = new Intl.PluralRules("en"); }
    return plurals.select(n);
  }
  function number(n) {
    try { numbers = numbers || new Intl.NumberFormat(LANG); } catch (e) { numbers = new Intl.NumberFormat("en"); }
    return numbers.format(n);
  }
  /* The string of `key`, its plural form picked by vars.n (CLDR's rules for the page's
     language, Intl.PluralRules), its {name} placeholders filled from `vars` (numbers
     written as the language writes them). */
  function t(key, vars) {
    var s = has(STRINGS, key) ? STRINGS[key] : has(ENGLISH, key) ? ENGLISH[key] : key;
    vars = vars || {};
    if (s && typeof s === "object") {
      var n = Number(vars.n);
      s = s[category(n)] || s.other || "";
    }
    return String(s).replace(/\{([A-Za-z0-9_]+)\}/g, function (all, name) {
      if (!has(vars, name)) return all;
      var v = vars[name];
      return typeof v === "number" ? number(v) : String(v);
    });
  }
  function has(map, key) { return !!map && Object.prototype.hasOwnProperty.call(map, key); }
  /* "a", "a and b", "a, b and c", in the page's language. */
  function list(parts) {
    if (parts.length < 2) return parts.join("");
    return t("and", { a: parts.slice(0, -1).join(t("list_separator")), b: parts[parts.length - 1] });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  return Object.freeze({
    /* Frozen: every script holds this one array, and share.js's links write a status
       as its place in it. */
    STATUSES: Object.freeze(["todo", "doing", "done", "skipped"]),
    NOTE_MAX: 10000,
    /* A shared link's fragment and the tab's key for it (+ base path): share.js writes
       them, reader.js looks for them to know whether to load share.js. */
    SHARE_PREFIX: "#progress=",
    SHARED_KEY: "roadsmith:shared:",
    el: el,
    LANG: LANG,
    t: t,
    list: list,
    number: number,
    /* "" without a "/" (an id not of the build's), which slice(0, -1) would cut. */
    slugOf: function (id) {
      var at = id.lastIndexOf("/");
      return at < 0 ? "" : id.slice(0, at);
    },
    has: has,
    /* A progress entry holds something: a status, a note, or when one was cleared. */
    recorded: function (e) { return e.status !== "todo" || !!e.note || e.at > 0 || e.noteAt > 0; },
    /* Losing it would lose something the reader did. */
    substantial: function (e) { return e.status !== "todo" || !!e.note; },
    download: function (name, type, body) {
      var url = URL.createObjectURL(new Blob([body], { type: type }));
      var a = el("a", { href: url, download: name });
      document.body.appendChild(a);
      a.click();
      a.remove();
      // Revoked later: the download starts after the click returns.
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }
  });
})();
