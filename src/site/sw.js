/*
 * roadsmith's service worker, written by `roadsmith build` as sw.js at the top of the
 * site, after VERSION (a hash of every file the build wrote), SHELL (the manifest and
 * the small icon, which the browser fetches past the worker) and PRECACHE (every file
 * of a site of 10 MB or less, else none) above, relative to this script. Its scope is the site's base path, so it works
 * under a GitHub Pages project's /repo/ as at the root.
 *
 * A first visit stays light: installing keeps the shell and the pages the previous
 * version kept (fetched again: they may have changed), and the page that registered it
 * sends what it loaded ({keep: [url]}: itself, its styles, scripts and data, taken
 * from the browser's HTTP cache); what pages load later passes through the worker. Past the
 * first page a page asks for the whole site ({whole: true}), kept then when it is in
 * PRECACHE. The new version takes over at once and deletes the caches of older ones,
 * so a deployment that changed anything replaces the readers' copy on their next visit
 * (the theme's script then offers to reload). Requests inside the scope are answered
 * from the cache; anything else is fetched and kept while this version lasts, and
 * without a network a page that was never kept gets a short notice.
 */
"use strict";

var PREFIX = "roadsmith:" + self.registration.scope + ":";
var CACHE = PREFIX + VERSION;

/* Past the browser's HTTP cache, which may hold files of an older deployment: asked
   again (a conditional request, answered "not modified" when they are the same). */
function fresh(url) {
  return new Request(url, { cache: "no-cache" });
}

/* Keeps each of `urls` not kept yet; one that cannot be fetched is left out. */
function keep(cache, urls, request) {
  return Promise.all(urls.map(function (url) {
    var k = key(new URL(url, self.registration.scope).href);
    return cache.match(k).then(function (hit) {
      if (hit) return null;
      return fetch(request(k)).then(function (response) {
        if (response.ok && response.type === "basic") return cache.put(k, response);
        return null;
      }, function () { return null; });
    });
  }));
}

/* The URLs the caches of older versions hold: the pages a reader visited. */
function keptBefore() {
  return caches.keys().then(function (names) {
    var older = names.filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; });
    return Promise.all(older.map(function (name) {
      return caches.open(name).then(function (c) { return c.keys(); });
    })).then(function (lists) {
      var urls = [];
      lists.forEach(function (requests) {
        requests.forEach(function (r) { if (urls.indexOf(r.url) < 0) urls.push(r.url); });
      });
      return urls;
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) {
        return cache.addAll(SHELL.map(fresh)).then(function () {
          return keptBefore().then(function (urls) { return keep(cache, urls, fresh); });
        });
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(PREFIX) === 0 && name !== CACHE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

/* A page's message: {keep: [url]}, what it loaded (from the HTTP cache, where it just
   was), and {whole: true} past a reader's first page. */
self.addEventListener("message", function (event) {
  var ask = event.data || {};
  var urls = Array.isArray(ask.keep) ? ask.keep.filter(function (u) {
    return typeof u === "string" && u.indexOf(self.registration.scope) === 0;
  }) : [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return keep(cache, urls, function (k) { return new Request(k); }).then(function () {
      return ask.whole ? keep(cache, PRECACHE, fresh) : null;
    });
  }));
});

/* The URL a response is kept under: no query, and a folder for its index.html. */
function key(url) {
  var u = new URL(url);
  u.search = "";
  u.hash = "";
  if (/\/index\.html$/.test(u.pathname)) u.pathname = u.pathname.slice(0, -"index.html".length);
  return u.href;
}

function offline() {
  var page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Offline</title></head>" +
    "<body><main><h1>You are offline</h1><p>This page was not saved for reading offline. " +
    "<a href=\"" + self.registration.scope + "\">The roadmap's overview</a> was.</p></main></body></html>";
  return new Response(page, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function answer(request) {
  var k = key(request.url);
  return caches.open(CACHE).then(function (cache) {
    return cache.match(k)
      .then(function (hit) {
        // A folder's address without its final slash.
        return hit || (/\/[^/.]+$/.test(new URL(k).pathname) ? cache.match(k + "/") : hit);
      })
      .then(function (hit) {
        if (hit) return hit;
        return fetch(request).then(function (response) {
          if (response.ok && response.type === "basic") cache.put(k, response.clone());
          return response;
        }, function () {
          return request.mode === "navigate" ? offline() : Response.error();
        });
      });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  if (request.url.indexOf(self.registration.scope) !== 0) return;
  event.respondWith(answer(request));
});
