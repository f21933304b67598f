/* roadsmith's first script, loaded by every page (not deferred) after its stylesheets,
   so that it runs before the first paint; one file, not the same lines in every page.
   It marks the page as scripted (html.js: what only scripts show), makes
   window.roadsmith.early keep what scripts register before reader.js runs (see
   docs/templates.md), and applies the theme the reader chose (the highlight
   stylesheets follow it; storage disabled: the system's). */
document.documentElement.classList.add("js");
(function () {
  var r = window.roadsmith = {
    early: { changes: [], parts: {} },
    onChange: function (f) { r.early.changes.push(f); },
    exportPart: function (n, p) { r.early.parts[n] = p; }
  };
  try {
    var c = localStorage.getItem("roadsmith:theme");
    if (c !== "dark" && c !== "light") return;
    document.documentElement.setAttribute("data-theme", c);
    document.querySelectorAll('link[href$="highlight-light.css"],link[href$="highlight-dark.css"]').forEach(function (l) {
      l.setAttribute("data-media", l.media || "all");
      l.media = (c === "dark") === /highlight-dark\.css$/.test(l.getAttribute("href")) ? "all" : "not all";
    });
  } catch (e) {}
})();
