  /* ---------- The scripts loaded when needed ---------- */

  var loading = {};
  /* A promise: true once the script `name` of `lazy` ran, false without one. */
  function need(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve) {
        if (!lazy[name]) {
          resolve(false);
          return;
        }
        var s = el("script", { src: lazy[name] });
        s.addEventListener("load", function () { resolve(true); });
        s.addEventListener("error", function () {
          loading[name] = null;
          resolve(false);
        });
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  /* Whether this tab shows a shared link: its fragment, or one opened earlier in the
     tab (share.js keeps it in sessionStorage). */
  function sharing() {
    if (window.location.hash.indexOf(kit.SHARE_PREFIX) === 0) return true;
    try { return !!window.sessionStorage.getItem(kit.SHARED_KEY + home); } catch (e) { return false; }
  }

  // Read-only from the start, until share.js has read the link.
  if (lazy.share && sharing()) viewing = empty();

  /* ---------- Offline: the service worker the build writes (sw.js) ---------- */

  /* Registered on every page of a built site, scoped to its base path; never on pages
     `roadsmith serve` serves (it adds its live-reload script), so authors always see
     what they just saved. */
  function offline() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    if (document.querySelector("script[data-roadsmith-live]")) return;
    var workers;
    // Some browsers throw here when the reader blocks site data.
    try { workers = navigator.serviceWorker; } catch (e) { return; }
    if (!workers) return;
    var controlled = !!workers.controller, firstPage = !controlled;
    workers.addEventListener("controllerchange", function () {
      if (controlled) updated();
      controlled = true;
    });
    workers.register(home + "sw.js", { scope: home }).then(function () {
      return workers.ready;
    }).then(function (registration) {
      if (registration.active) registration.active.postMessage({ keep: loadedHere(registration.scope), whole: !firstPage });
    }).catch(function () {
      /* Without it the site still works online. */
    });
  }

  /* What this page loaded inside the worker's scope, itself first: kept for reading it
     offline. Past a reader's first page (the page came from the worker) the worker is
     also asked to keep the whole site, when it is small (see sw.js). */
  function loadedHere(scope) {
    var urls = [window.location.href.split("#")[0]];
    (window.performance && performance.getEntriesByType ? performance.getEntriesByType("resource") : []).forEach(function (entry) {
      if (entry.name.indexOf(scope) === 0 && urls.indexOf(entry.name) < 0) urls.push(entry.name);
    });
    return urls;
  }

  /* A new deployment took over from the one this page came from. */
  function updated() {
    var main = document.querySelector("main");
    if (!main || document.querySelector(".update-notice")) return;
    var box = el("div", { "class": "reader-notice update-notice" });
    var message = el("p", { role: "status" }, kit.t("update_published"));
    var reload = el("button", { type: "button", "class": "button" }, kit.t("update_reload"));
    reload.addEventListener("click", function () { window.location.reload(); });
    message.appendChild(reload);
    box.appendChild(message);
    main.insertBefore(box, main.firstChild);
  }

  /* ---------- Start ---------- */

  function start() {
    var header = document.querySelector(".site-header-inner");
    if (header) {
      var tools = header.querySelector(".reader-tools");
      if (!tools) {
        tools = el("div", { "class": "reader-tools" });
        header.appendChild(tools);
      }
      search(tools);
      themeToggle(tools);
    }
    composePrint();
    if (viewing) {
      need("share").then(function (ok) {
        if (!ok) api.view(null);
      });
    }
    window.addEventListener("hashchange", function () {
      if (window.location.hash.indexOf(kit.SHARE_PREFIX) === 0) need("share");
    });
    window.addEventListener("storage", function (ev) {
      if (ev.key === PROGRESS_KEY) { data = readProgress(); changed(); }
      if (ev.key === SEEN_KEY) {
        seenNow = readSeen();
        marks = seenNow ? seenNow.marks : map();
        changed();
      }
      if (ev.key === THEME_KEY) applyTheme();
    });
  }

  /* After the page is drawn: what needs the network or is not on the screen yet. */
  function loaded() {
    catchUp();
    if (document.querySelector("[data-progress-overall]")) need("share");
    offline();
  }

  /* Once the page has loaded and been painted (the frame after it, past the paint). */
  function afterPaint() {
    window.requestAnimationFrame(function () { setTimeout(loaded, 0); });
  }

  if (document.readyState === "complete") afterPaint();
  else window.addEventListener("load", afterPaint);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
