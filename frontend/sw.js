/*
 * The service worker: keeps the app shell so the page opens without a connection (offline.js
 * then shows the last list read-only). Served from the site root so its scope is the whole app,
 * and with Cache-Control: no-cache (Nginx's default) so a deploy's new shell list is seen at once.
 *   the page (index.html)        network first, the cached copy when the network fails: online,
 *                                a deploy shows at once
 *   css/js/bundle ?v=<hash>,     cache first: their URLs name their content
 *   vendor/
 *   the other shell files        network first (config.js is written at container start)
 * Only same-origin GETs of the shell are answered: API calls (another origin, or a path of this
 * one) go to the network untouched and are never cached here.
 */
(function (self) {
  "use strict";

  // Written by `uv run python -m tasktracker.frontend_assets` from index.html and the manifest;
  // a test fails when it is stale.
  // shell:start
  var VERSION = "d665ac4ff661";
  var SHELL = [
    "index.html",
    "favicon.svg",
    "bundle/head.js?v=b80cf60e48a3",
    "manifest.webmanifest",
    "vendor/bootstrap-5.3.9/bootstrap.min.css",
    "bundle/app.css?v=fe28d83d144a",
    "vendor/bootstrap-icons-1.13.2/icons/check-lg.svg",
    "vendor/bootstrap-icons-1.13.2/icons/x-lg.svg",
    "vendor/bootstrap-icons-1.13.2/icons/arrow-counterclockwise.svg",
    "vendor/bootstrap-icons-1.13.2/icons/arrow-repeat.svg",
    "vendor/bootstrap-icons-1.13.2/icons/bell.svg",
    "vendor/bootstrap-icons-1.13.2/icons/box-arrow-right.svg",
    "vendor/bootstrap-icons-1.13.2/icons/calendar-event.svg",
    "vendor/bootstrap-icons-1.13.2/icons/calendar-week.svg",
    "vendor/bootstrap-icons-1.13.2/icons/calendar2-check.svg",
    "vendor/bootstrap-icons-1.13.2/icons/check2-circle.svg",
    "vendor/bootstrap-icons-1.13.2/icons/check2-square.svg",
    "vendor/bootstrap-icons-1.13.2/icons/gear.svg",
    "vendor/bootstrap-icons-1.13.2/icons/globe.svg",
    "vendor/bootstrap-icons-1.13.2/icons/hash.svg",
    "vendor/bootstrap-icons-1.13.2/icons/inbox.svg",
    "vendor/bootstrap-icons-1.13.2/icons/justify-left.svg",
    "vendor/bootstrap-icons-1.13.2/icons/keyboard.svg",
    "vendor/bootstrap-icons-1.13.2/icons/list.svg",
    "vendor/bootstrap-icons-1.13.2/icons/list-check.svg",
    "vendor/bootstrap-icons-1.13.2/icons/list-ul.svg",
    "vendor/bootstrap-icons-1.13.2/icons/phone.svg",
    "vendor/bootstrap-icons-1.13.2/icons/plus-lg.svg",
    "vendor/bootstrap-icons-1.13.2/icons/search.svg",
    "vendor/bootstrap-icons-1.13.2/icons/sun.svg",
    "vendor/bootstrap-icons-1.13.2/icons/three-dots.svg",
    "vendor/bootstrap-icons-1.13.2/icons/trash3.svg",
    "config.js",
    "vendor/jquery-3.7.1/jquery.min.js",
    "vendor/bootstrap-5.3.9/bootstrap.min.js",
    "vendor/sortablejs-1.15.6/Sortable.min.js",
    "bundle/app.js?v=346f51d5551d",
    "icons/icon.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/icon-maskable-512.png"
  ];
  // shell:end

  var CACHE = "tasktracker-shell-" + VERSION;
  var PAGE = "index.html";
  var VERSIONED = /^(?:(?:css|js|bundle)\/[^?]+\?v=[0-9a-f]{12}|vendor\/[^?]+)$/;

  function relative(url) {
    var scope = new self.URL(self.registration.scope);
    if (url.origin !== scope.origin || url.pathname.indexOf(scope.pathname) !== 0) {
      return null;
    }
    return url.pathname.slice(scope.pathname.length) + url.search;
  }

  // What the worker never answers goes to the network without it (the static routing API,
  // where the browser has it): every request of another origin (the API) and every write. Else
  // each is dispatched to the worker first, and a keepalive save sent as the page goes away was
  // now and then lost with the worker's fetch event (Chromium).
  function bypassRoutes() {
    var routes = [
      { condition: { not: { urlPattern: new self.URLPattern({ origin: self.location.origin }) } }, source: "network" }
    ];
    ["POST", "PUT", "PATCH", "DELETE"].forEach(function (method) {
      routes.push({ condition: { requestMethod: method }, source: "network" });
    });
    return routes;
  }

  function addBypassRoutes(event) {
    if (!event.addRoutes || !self.URLPattern) {
      return Promise.resolve();
    }
    return event.addRoutes(bypassRoutes()).catch(function () {
      return undefined; // an older router: the fetch handler still leaves these untouched
    });
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(
      addBypassRoutes(event)
        .then(function () {
          return self.caches.open(CACHE);
        })
        .then(function (cache) {
          return cache.addAll(SHELL);
        })
        .then(function () {
          return self.skipWaiting();
        })
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      self.caches
        .keys()
        .then(function (names) {
          return Promise.all(
            names
              .filter(function (name) {
                return name.indexOf("tasktracker-shell-") === 0 && name !== CACHE;
              })
              .map(function (name) {
                return self.caches.delete(name);
              })
          );
        })
        .then(function () {
          return self.clients.claim();
        })
    );
  });

  function networkFirst(request, key) {
    return self.fetch(request).then(
      function (response) {
        if (response.ok) {
          var copy = response.clone();
          self.caches.open(CACHE).then(function (cache) {
            return cache.put(key, copy);
          });
        }
        return response;
      },
      function (error) {
        return self.caches.match(key, { cacheName: CACHE }).then(function (cached) {
          if (cached) {
            return cached;
          }
          throw error;
        });
      }
    );
  }

  function cacheFirst(request) {
    return self.caches.match(request, { cacheName: CACHE }).then(function (cached) {
      return (
        cached ||
        self.fetch(request).then(function (response) {
          if (response.ok) {
            var copy = response.clone();
            self.caches.open(CACHE).then(function (cache) {
              return cache.put(request, copy);
            });
          }
          return response;
        })
      );
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET") {
      return;
    }
    var path = relative(new self.URL(request.url));
    if (path === null) {
      return;
    }
    if (request.mode === "navigate") {
      if (path === "" || path === PAGE) {
        event.respondWith(networkFirst(request, PAGE));
      }
      return;
    }
    if (VERSIONED.test(path)) {
      event.respondWith(cacheFirst(request));
    } else if (SHELL.indexOf(path) !== -1) {
      event.respondWith(networkFirst(request, path));
    }
  });
})(self);
