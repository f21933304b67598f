  /* ---------- A print part, composed from the stage pages ----------
     A roadmap printed in parts (more than 200 stages) does not write each stage's text
     a second time: print.html names the stage's page (data-print-from) and links it,
     and here each page is fetched, a few at a time, and its text put in place as the
     one-page print view has it (src/html.rs, for_print: ids and in-page links prefixed
     with the slug, headings one level down). The nodes come from the site's own pages,
     parsed inert (DOMParser: no script runs). Each filled stage is announced with a
     "roadsmith:content" event, on which progress.js adds the items' controls. */

  var PRINT_FETCHES = 4;

  /* The stage page's text (`html`) as the print part shows it, or null. */
  function printProse(html, slug) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var prose = doc.querySelector("article.stage .prose");
    if (!prose) return null;
    prose.querySelectorAll("[id]").forEach(function (n) { n.id = slug + "-" + n.id; });
    prose.querySelectorAll('[href^="#"]').forEach(function (a) {
      a.setAttribute("href", "#" + slug + "-" + a.getAttribute("href").slice(1));
    });
    prose.querySelectorAll("h2, h3, h4, h5").forEach(function (h) {
      var down = doc.createElement("h" + (Number(h.tagName.charAt(1)) + 1));
      [].slice.call(h.attributes).forEach(function (a) { down.setAttribute(a.name, a.value); });
      while (h.firstChild) down.appendChild(h.firstChild);
      h.parentNode.replaceChild(down, h);
    });
    return prose;
  }

  function composePrint() {
    var slots = [].slice.call(document.querySelectorAll("[data-print-from]"));
    if (!slots.length) return;
    var article = slots[0].closest("article"), next = 0, left = slots.length;
    if (article) article.setAttribute("aria-busy", "true");
    function one() {
      if (next >= slots.length) return;
      var slot = slots[next++], slug = slot.getAttribute("data-print-slug") || "";
      fetch(slot.getAttribute("data-print-from"))
        .then(function (r) { return r.ok ? r.text() : null; })
        .catch(function () { return null; })
        .then(function (html) {
          var prose = html && printProse(html, slug);
          if (prose) {
            var nodes = [].slice.call(prose.childNodes).map(function (n) { return document.importNode(n, true); });
            slot.replaceChildren.apply(slot, nodes);
            slot.removeAttribute("data-print-from");
            slot.dispatchEvent(new CustomEvent("roadsmith:content", { bubbles: true }));
          }
          if (--left === 0 && article) article.removeAttribute("aria-busy");
          one();
        });
    }
    for (var k = 0; k < PRINT_FETCHES; k++) one();
  }
