/*
 * roadsmith's service worker, written by `roadsmith build` as sw.js at the top of the
 * site, after VERSION (a hash of every file the build wrote) and PRECACHE (the files to
 * keep, relative to this script) above. Its scope is the site's base path, so it works
 * under a GitHub Pages project's /repo/ as at the root.
 *
 * Installing keeps every file of PRECACHE in a cache named after the scope and VERSION;
 * the new version takes over at once and deletes the caches of older ones, so a
 * deployment that changed anything replaces the readers' copy on their next visit (the
 * theme's script then offers to reload). Requests inside the scope are answered from that
 * cache, which holds one deployment whole; anything else is fetched, kept while this
 * version lasts, and without a network a page that was never kept gets a short notice.
 */
"use strict";

var PREFIX = "roadsmith:" + self.registration.scope + ":";
var CACHE = PREFIX + VERSION;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) {
        // Past the browser's HTTP cache, which may hold files of an older deployment.
        return cache.addAll(PRECACHE.map(function (path) { return new Request(path, { cache: "no-cache" }); }));
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
