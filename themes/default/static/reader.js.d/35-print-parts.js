  /* ---------- A print part, composed from the stage pages ----------
     A roadmap printed in parts (more than 200 stages) does not write each stage's text
     a second time: print.html names the stage's page (data-print-from) and links it,
     and here the pages are fetched and each one's text put in place as the one-page
     print view has it (src/html.rs, for_print: ids and in-page links prefixed with the
     slug, headings one level down). A stage's text is fetched as it nears the screen,
     so a visit fetches a few pages, not 200 (some 560 KB gzipped of item-heavy
     stages); the part's button ([data-print-all]) fetches the rest, a few at a time,
     then opens the print dialog. The nodes come from the site's own pages, parsed
     inert (DOMParser: no script runs). Each filled stage is announced with a
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

  /* Fetches the stage text of `slot` into it; a promise of nothing. */
  function fillSlot(slot) {
    var from = slot.getAttribute("data-print-from");
    slot.removeAttribute("data-print-from");
    return fetch(from)
      .then(function (r) { return r.ok ? r.text() : null; })
      .catch(function () { return null; })
      .then(function (html) {
        var prose = html && printProse(html, slot.getAttribute("data-print-slug") || "");
        if (!prose) return;
        var nodes = [].slice.call(prose.childNodes).map(function (n) { return document.importNode(n, true); });
        slot.replaceChildren.apply(slot, nodes);
        slot.dispatchEvent(new CustomEvent("roadsmith:content", { bubbles: true }));
      });
  }

  function composePrint() {
    var slots = [].slice.call(document.querySelectorAll("[data-print-from]"));
    if (!slots.length) return;
    var queue = [], running = 0, waiting = [];
    function pump() {
      while (running < PRINT_FETCHES && queue.length) {
        running++;
        fillSlot(queue.shift()).then(function () { running--; pump(); });
      }
      if (!running && !queue.length) waiting.splice(0).forEach(function (fn) { fn(); });
    }
    function want(slot) {
      if (slot.hasAttribute("data-print-from") && queue.indexOf(slot) < 0) queue.push(slot);
    }
    var near = "IntersectionObserver" in window && new IntersectionObserver(function (seen) {
      seen.forEach(function (e) {
        if (!e.isIntersecting) return;
        near.unobserve(e.target);
        want(e.target);
      });
      pump();
    }, { rootMargin: "1500px 0px" });
    slots.forEach(function (slot) { if (near) near.observe(slot); else want(slot); });
    pump();
    var all = document.querySelector("[data-print-all]");
    if (!all) return;
    all.hidden = false;
    all.addEventListener("click", function () {
      all.disabled = true;
      var article = slots[0].closest("article");
      if (article) article.setAttribute("aria-busy", "true");
      slots.forEach(want);
      waiting.push(function () {
        all.disabled = false;
        if (article) article.removeAttribute("aria-busy");
        window.print();
      });
      pump();
    });
  }
