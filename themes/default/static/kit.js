/*
 * roadsmith kit: the helpers and constants the default theme's scripts share, written
 * once so that no copy drifts. The theme's own (window.roadsmithKit), not an API: other
 * scripts use window.roadsmith (docs/templates.md). base.html loads it first.
 */
window.roadsmithKit = (function () {
  "use strict";

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
    plural: function (n, one, many) { return n + " " + (n === 1 ? one : many); },
    /* "" without a "/" (an id not of the build's), which slice(0, -1) would cut. */
    slugOf: function (id) {
      var at = id.lastIndexOf("/");
      return at < 0 ? "" : id.slice(0, at);
    },
    has: function (map, key) { return !!map && Object.prototype.hasOwnProperty.call(map, key); },
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
