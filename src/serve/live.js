// roadsmith serve: reloads this tab when the site is rebuilt and shows build errors
// over the page. Injected by the preview server only; `roadsmith build` never writes it.
(function (page) {
  var OVERLAY = "roadsmith-error-overlay";

  function showError(error) {
    var box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,20,24,.94);color:#f4f4f5;font:14px/1.5 ui-monospace,monospace";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "The site could not be rebuilt";
    title.style.cssText = "color:#fca5a5;font:bold 18px sans-serif;margin:0 0 1rem";
    box.appendChild(title);
    error.diagnostics.forEach(function (d) {
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 1rem";
      pre.textContent = d.file + (d.line ? ":" + d.line : "") + ": " + d.message + (d.hint ? "\n  hint: " + d.hint : "");
      box.appendChild(pre);
    });
    var note = document.createElement("p");
    note.textContent = "The last good version is still served. Fix the file and this page updates by itself.";
    box.appendChild(note);
  }

  // A save written in two parts was published twice: this page, reloaded after the
  // first part, is what the second left unchanged, unless its scripts fetched data
  // (roadmap.json, search files), which the second part may have written anew.
  function unchanged(state) {
    var u = state.unchanged;
    if (!u || state.server !== page.server || u.since !== page.generation) return false;
    var path = decodeURIComponent(location.pathname).replace(/index\.html$/, "");
    return u.paths.indexOf(path) >= 0 && !fetchedData();
  }

  function fetchedData() {
    if (!window.performance || !performance.getEntriesByType) return true;
    return performance.getEntriesByType("resource").some(function (entry) {
      return entry.initiatorType === "fetch" || entry.initiatorType === "xmlhttprequest";
    });
  }

  function apply(state) {
    if (unchanged(state)) page.generation = state.generation;
    if (state.error) {
      showError(state.error);
    } else if (state.server !== page.server || state.generation !== page.generation) {
      location.reload();
    } else {
      var box = document.getElementById(OVERLAY);
      if (box) box.remove();
    }
  }

  function connect(delay) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__roadsmith/live");
    socket.onopen = function () { delay = 250; };
    socket.onmessage = function (event) {
      try { apply(JSON.parse(event.data)); } catch (e) { console.error("roadsmith:", e); }
    };
    // The server restarted or stopped: try again, and reload once it answers.
    socket.onclose = function () {
      setTimeout(function () { connect(Math.min(delay * 2, 2000)); }, delay);
    };
  }

  if (page.error) {
    if (document.body) showError(page.error);
    else document.addEventListener("DOMContentLoaded", function () { showError(page.error); });
  }
  connect(250);
})
