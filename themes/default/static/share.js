/*
 * roadsmith share links: "Copy a link to my progress" puts the reader's statuses (and,
 * when asked, notes) in the fragment of a link to the overview, `#progress=...`, which
 * browsers never send to a server. Opening such a link shows the roadmap read-only with
 * that progress, on every page of the tab until "Back to my progress", and offers to
 * import it: merged into the reader's own (roadsmith.merge), after a confirmation that
 * says what would change. A damaged, forged or outdated link is refused with a message;
 * what a link holds is only ever shown as text.
 *
 * The fragment is base64url (no padding) of these bytes; a varint is LEB128 (7 bits a
 * byte, lowest first, at most 5 bytes):
 *
 *   u8      format: 1
 *   u32     FNV-1a of the tracked item ids of roadmap.json in order (stages, then pages),
 *           joined by "\n": the roadmap the link was made for
 *   varint  when the link was made, in minutes since 1970: T
 *   u8      flags: 1 = notes follow
 *   2 bits  per tracked item, in that order, four to a byte, highest bits first:
 *           0 to do, 1 in progress, 2 done, 3 skipped
 *   varint  per tracked item: when its status last changed, 1 + minutes before T, or 0
 *           for never (or unknown)
 *   notes   with flag 1: varint count, then for each: varint target (an item's place in
 *           the order above, or the number of items + a stage's place in roadmap.json's
 *           stages), varint when it changed (as above), varint its length in bytes, its
 *           UTF-8
 *   u32     FNV-1a of every byte before it
 *
 * The Django roadmap's 77 tracked items all done, at times spread over a year, take
 * 1 + 4 + 4 + 1 + 20 + 77 × (1 to 3) + 4 bytes: a link of 380 characters (tests/django.rs).
 */
(function () {
  "use strict";

  var r = window.roadsmith, kit = window.roadsmithKit;
  if (!r || !r.view || !r.merge) return;
  var el = kit.el, t = kit.t;
  var PREFIX = kit.SHARE_PREFIX;
  var SESSION_KEY = kit.SHARED_KEY + (r.root || r.base);
  var FORMAT = 1;
  var STATUSES = kit.STATUSES;
  /* Chromium's longest URL. */
  var MAX_LENGTH = 2000000;
  var NOTE_BYTES = 40000;

  /* ---------- Bytes ---------- */

  function fnv(bytes) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function utf8(text) { return new TextEncoder().encode(text); }

  /* The tracked items a link counts on, in order, and its checksum. */
  function order(json) {
    var items = r.items(json).filter(function (i) { return i.tracked; });
    var stages = (Array.isArray(json.stages) ? json.stages : []).map(function (s) { return String(s.slug); });
    var sum = fnv(utf8(items.map(function (i) { return i.id; }).join("\n")));
    return { items: items, stages: stages, sum: sum };
  }

  function Writer() { this.bytes = []; }
  Writer.prototype.u8 = function (b) { this.bytes.push(b & 255); };
  Writer.prototype.u32 = function (n) {
    for (var s = 24; s >= 0; s -= 8) this.u8(n >>> s);
  };
  Writer.prototype.varint = function (n) {
    n = Math.max(0, Math.floor(n));
    while (n >= 128) {
      this.u8((n % 128) | 128);
      n = Math.floor(n / 128);
    }
    this.u8(n);
  };

  function Reader(bytes) { this.bytes = bytes; this.at = 0; }
  Reader.prototype.u8 = function () {
    if (this.at >= this.bytes.length) throw new Error("short");
    return this.bytes[this.at++];
  };
  Reader.prototype.u32 = function () {
    var n = 0;
    for (var i = 0; i < 4; i++) n = n * 256 + this.u8();
    return n;
  };
  Reader.prototype.varint = function () {
    var n = 0, scale = 1;
    for (var i = 0; i < 5; i++) {
      var b = this.u8();
      n += (b & 127) * scale;
      if (b < 128) return n;
      scale *= 128;
    }
    throw new Error("varint");
  };
  Reader.prototype.take = function (n) {
    if (n > this.bytes.length - this.at) throw new Error("short");
    this.at += n;
    return this.bytes.subarray(this.at - n, this.at);
  };

  function base64url(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.slice(i, i + 0x8000));
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unbase64url(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
    var s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return bytes;
  }

  /* ---------- A link from progress, progress from a link ---------- */

  function minutes(ms) { return Math.floor(ms / 60000); }

  /* The fragment's code for `d` (roadsmith.data()) against roadmap.json. */
  function encode(d, json, withNotes) {
    var o = order(json);
    var t = minutes(Date.now());
    var w = new Writer();
    w.u8(FORMAT);
    w.u32(o.sum);
    w.varint(t);
    w.u8(withNotes ? 1 : 0);
    var packed = 0;
    o.items.forEach(function (item, i) {
      var e = d.items[item.id];
      packed = packed * 4 + (e ? STATUSES.indexOf(e.status) : 0);
      if (i % 4 === 3) { w.u8(packed); packed = 0; }
    });
    var rest = o.items.length % 4;
    if (rest) w.u8(packed * Math.pow(4, 4 - rest));
    function age(at) { return at > 0 ? 1 + Math.max(0, t - minutes(at)) : 0; }
    o.items.forEach(function (item) {
      var e = d.items[item.id];
      w.varint(e ? age(e.at) : 0);
    });
    if (withNotes) {
      var notes = [];
      o.items.forEach(function (item, i) {
        var e = d.items[item.id];
        if (e && e.note) notes.push([i, e.noteAt, e.note]);
      });
      o.stages.forEach(function (slug, i) {
        var s = d.stages[slug];
        if (s && s.note) notes.push([o.items.length + i, s.noteAt, s.note]);
      });
      w.varint(notes.length);
      notes.forEach(function (n) {
        var bytes = utf8(n[2]);
        w.varint(n[0]);
        w.varint(age(n[1]));
        w.varint(bytes.length);
        for (var i = 0; i < bytes.length; i++) w.u8(bytes[i]);
      });
    }
    w.u32(fnv(w.bytes));
    return base64url(new Uint8Array(w.bytes));
  }

  /* Progress from a fragment's code: { data } or { error: "damaged" | "outdated" |
     "newer" }. Never throws. */
  function decode(code, json) {
    try {
      if (code.length > MAX_LENGTH) return { error: "damaged" };
      var bytes = unbase64url(code);
      if (!bytes || bytes.length < 10) return { error: "damaged" };
      var body = bytes.subarray(0, bytes.length - 4);
      var sum = new Reader(bytes.subarray(bytes.length - 4)).u32();
      if (fnv(body) !== sum) return { error: "damaged" };
      var rd = new Reader(body);
      var format = rd.u8();
      if (format !== FORMAT) return { error: format > FORMAT ? "newer" : "damaged" };
      var o = order(json);
      if (rd.u32() !== o.sum) return { error: "outdated" };
      var t = rd.varint();
      var flags = rd.u8();
      if (flags > 1) return { error: "damaged" };
      var n = o.items.length;
      var statuses = [];
      var packed = rd.take(Math.ceil(n / 4));
      for (var i = 0; i < n; i++) statuses.push(STATUSES[(packed[i >> 2] >> (6 - 2 * (i % 4))) & 3]);
      function when(age) {
        if (age > t + 1) throw new Error("age");
        return age ? (t - (age - 1)) * 60000 : 0;
      }
      var out = { items: {}, stages: {}, removed: {} };
      o.items.forEach(function (item, i) {
        var at = when(rd.varint());
        if (statuses[i] !== "todo" || at) out.items[item.id] = { status: statuses[i], at: at, text: item.text };
      });
      if (flags & 1) {
        var count = rd.varint();
        if (count > n + o.stages.length) return { error: "damaged" };
        var seen = {};
        var decoder = new TextDecoder("utf-8", { fatal: true });
        for (var k = 0; k < count; k++) {
          var target = rd.varint(), noteAt = when(rd.varint()), length = rd.varint();
          if (target >= n + o.stages.length || seen[target] || length > NOTE_BYTES) return { error: "damaged" };
          seen[target] = true;
          var note = decoder.decode(rd.take(length));
          if (target < n) {
            var id = o.items[target].id;
            var e = out.items[id] || (out.items[id] = { status: "todo", at: 0, text: o.items[target].text });
            e.note = note;
            e.noteAt = noteAt;
          } else {
            out.stages[o.stages[target - n]] = { note: note, noteAt: noteAt };
          }
        }
      }
      if (rd.at !== body.length) return { error: "damaged" };
      var data = r.clean(out);
      return data ? { data: data } : { error: "damaged" };
    } catch (e) {
      return { error: "damaged" };
    }
  }

  /* ---------- Opening a link: the shared view ---------- */

  var ERRORS = {
    damaged: t("share_error_damaged"),
    outdated: t("share_error_outdated"),
    newer: t("share_error_newer")
  };

  function session(value) {
    try {
      if (value === undefined) return window.sessionStorage.getItem(SESSION_KEY);
      if (value === null) window.sessionStorage.removeItem(SESSION_KEY);
      else window.sessionStorage.setItem(SESSION_KEY, value);
    } catch (e) { /* the view then lasts for this page */ }
    return null;
  }

  function fragmentCode() {
    var hash = window.location.hash;
    return hash.indexOf(PREFIX) === 0 ? hash.slice(PREFIX.length) : null;
  }

  function notice(cls) {
    var old = document.querySelector(".shared-view, .share-error");
    if (old) old.remove();
    var main = document.querySelector("main");
    var box = el("section", { "class": "reader-notice " + cls, "aria-label": t("share_label") });
    if (main) main.insertBefore(box, main.firstChild);
    return box;
  }

  function refused(why) {
    session(null);
    r.view(null);
    var box = notice("share-error");
    var p = el("p", { role: "status" });
    box.appendChild(p);
    p.textContent = ERRORS[why] || ERRORS.damaged;
    var dismiss = el("button", { type: "button", "class": "button" }, t("dismiss"));
    dismiss.addEventListener("click", function () { leave(); box.remove(); });
    box.appendChild(dismiss);
  }

  function leave() {
    session(null);
    if (fragmentCode() !== null) history.replaceState(null, "", window.location.pathname + window.location.search);
  }

  function counts(data, json) {
    var done = 0, doing = 0, total = 0, skipped = 0;
    (Array.isArray(json.stages) ? json.stages : []).forEach(function (s) {
      (Array.isArray(s.items) ? s.items : []).forEach(function (i) {
        if (!i || !i.tracked) return;
        var e = data.items[i.id], st = e ? e.status : "todo";
        if (st === "skipped") { skipped++; return; }
        total++;
        if (st === "done") done++;
        if (st === "doing") doing++;
      });
    });
    return t("share_counts", { done: done, total: total }) +
      (doing ? t("progress_doing", { n: doing }) : "") + (skipped ? t("progress_skipped", { n: skipped }) : "") + ".";
  }

  /* "3 items and your notes on 1 stage" */
  function changes(report) {
    var n = report.changed.length, s = report.stages.length, parts = [];
    if (n) parts.push(t("count_items", { n: n }));
    if (s) parts.push(t("merge_notes", { n: s }));
    return kit.list(parts) || t("share_nothing");
  }

  /* "3 items and your notes on 1 stage would change, and 2 would stay as..." */
  function would(report) {
    return t("share_would", { what: changes(report) }) +
      (report.older ? t("share_would_older", { n: report.older }) : "");
  }

  function sharedView(data, json) {
    r.view(data);
    var box = notice("shared-view");
    var status = el("p", { role: "status", "class": "shared-count" });
    box.appendChild(status);
    status.textContent = counts(data, json);
    box.appendChild(el("p", {}, t("share_viewing")));
    var actions = el("p", { "class": "shared-actions" });
    var importButton = el("button", { type: "button", "class": "button" }, t("share_import"));
    var back = el("button", { type: "button", "class": "button" }, t("share_back"));
    actions.appendChild(importButton);
    actions.appendChild(back);
    box.appendChild(actions);
    var confirm = el("div", { "class": "shared-confirm", hidden: "" });
    var question = el("p", { role: "status" });
    confirm.appendChild(question);
    var yes = el("button", { type: "button", "class": "button" });
    var no = el("button", { type: "button", "class": "button" }, "Cancel");
    confirm.appendChild(yes);
    confirm.appendChild(no);
    box.appendChild(confirm);

    back.addEventListener("click", function () {
      leave();
      r.view(null);
      box.remove();
    });
    importButton.addEventListener("click", function () {
      r.merge(data, true).then(function (report) {
        confirm.hidden = false;
        if (!report) {
          question.textContent = t("share_import_offline");
          yes.hidden = true;
          no.textContent = t("close");
          no.focus();
          return;
        }
        var n = report.changed.length + report.stages.length;
        if (!n) {
          question.textContent = t("share_import_nothing") +
            (report.older ? t("share_import_nothing_older") : "") + ".";
          yes.hidden = true;
          no.textContent = t("close");
          no.focus();
          return;
        }
        question.textContent = t("share_import_question", { what: would(report) });
        yes.hidden = false;
        yes.textContent = t("share_import_n", { n: n });
        no.textContent = t("cancel");
        yes.focus();
      });
    });
    no.addEventListener("click", function () { confirm.hidden = true; importButton.focus(); });
    yes.addEventListener("click", function () {
      r.merge(data).then(function (report) {
        if (!report) return;
        leave();
        r.view(null);
        var done = notice("share-imported");
        var p = el("p", { role: "status" });
        done.appendChild(p);
        p.textContent = t("share_imported", { what: changes(report) });
      });
    });
  }

  function open(code) {
    // Read-only at once, before the link is read, so nothing is ever ticked by mistake.
    r.view({ items: {}, stages: {}, removed: {} });
    r.roadmap().then(function (json) {
      if (!json) {
        r.view(null);
        var box = notice("share-error");
        var p = el("p", { role: "status" });
        box.appendChild(p);
        p.textContent = t("share_roadmap_offline");
        return;
      }
      var got = decode(code, json);
      if (got.error) {
        refused(got.error);
        return;
      }
      session(code);
      sharedView(got.data, json);
    });
  }

  /* ---------- Making a link (on the overview) ---------- */

  function shareTools(overall) {
    var box = el("div", { "class": "share-tools" });
    var button = el("button", { type: "button", "class": "button" }, t("share_copy"));
    var notesLabel = el("label", { "class": "share-notes" });
    var withNotes = el("input", { type: "checkbox", id: "share-notes" });
    notesLabel.appendChild(withNotes);
    notesLabel.appendChild(document.createTextNode(t("share_include_notes")));
    var message = el("p", { "class": "share-message", role: "status" });
    var linkLabel = el("label", { "for": "share-link", "class": "share-link-label", hidden: "" }, t("share_link_label"));
    var link = el("input", { type: "text", id: "share-link", readonly: "", hidden: "", spellcheck: "false" });
    button.addEventListener("click", function () {
      r.roadmap().then(function (json) {
        if (!json) {
          message.textContent = t("share_make_offline");
          return;
        }
        var url = new URL(r.base, window.location.href).href + PREFIX + encode(r.data(), json, withNotes.checked);
        link.value = url;
        link.hidden = false;
        linkLabel.hidden = false;
        link.select();
        var said = t(withNotes.checked ? "share_made_with" : "share_made_without", { n: url.length });
        var copied = navigator.clipboard && navigator.clipboard.writeText ? navigator.clipboard.writeText(url) : Promise.reject();
        copied.then(function () { message.textContent = t("share_copied", { said: said }); },
          function () { message.textContent = t("share_copy_below", { said: said }); });
      });
    });
    box.appendChild(button);
    box.appendChild(notesLabel);
    box.appendChild(message);
    box.appendChild(linkLabel);
    box.appendChild(link);
    var menu = document.querySelector("[data-reader-tools] .tools-menu-body") || overall;
    var tools = menu.querySelector(".progress-tools");
    menu.insertBefore(box, tools ? tools.nextSibling : null);
  }

  /* ---------- Start ---------- */

  var code = fragmentCode();
  if (code === null) code = session();
  if (code !== null) open(code);

  window.addEventListener("hashchange", function () {
    var next = fragmentCode();
    if (next !== null) open(next);
  });

  function start() {
    var overall = document.querySelector("[data-progress-overall]");
    if (overall) shareTools(overall);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
