/*
 * What `roadsmith serve` answers for /sw.js. A site built earlier and opened at this
 * address may have installed its service worker here, which would keep answering with
 * old pages; the browser fetches /sw.js to look for a new version, gets this one, and
 * it removes itself and the caches it knew and reloads the pages it was answering, from
 * the preview this time. Pages of the preview never register a worker themselves.
 */
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    self.registration.unregister()
      .then(function () { return caches.keys(); })
      .then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("roadsmith:") === 0; })
          .map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.matchAll({ type: "window" }); })
      .then(function (clients) {
        clients.forEach(function (client) { client.navigate(client.url); });
      })
  );
});
