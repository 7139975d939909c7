/*
 * The service worker: keeps the app shell so the page opens without a connection (offline.js
 * then shows the last list read-only). Served from the site root so its scope is the whole app,
 * and with Cache-Control: no-cache (Nginx's default) so a deploy's new shell list is seen at once.
 *   the page (index.html)        network first, the cached copy when the network fails: online,
 *                                a deploy shows at once
 *   css/js ?v=<hash>, vendor/    cache first: their URLs name their content
 *   the other shell files        network first (config.js is written at container start)
 * Only same-origin GETs of the shell are answered: API calls (another origin, or a path of this
 * one) go to the network untouched and are never cached here.
 */
(function (self) {
  "use strict";

  // Written by `uv run python -m tasktracker.frontend_assets` from index.html and the manifest;
  // a test fails when it is stale.
  // shell:start
  var VERSION = "ea4973f2f6e1";
  var SHELL = [
    "index.html",
    "favicon.svg",
    "js/theme.js?v=36a294926711",
    "manifest.webmanifest",
    "vendor/bootstrap-5.3.9/bootstrap.min.css",
    "css/theme.css?v=d7824dfef82b",
    "vendor/bootstrap-icons-1.13.2/icons/check-lg.svg",
    "css/app.css?v=23080bb5944c",
    "css/header.css?v=7f7db2847b8c",
    "css/panel.css?v=b0b6ef56a878",
    "css/a11y.css?v=0b7abb169511",
    "css/offline.css?v=542f5e31786b",
    "css/icons.css?v=2e490a4b1c42",
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
    "js/i18n.js?v=20f5a618da17",
    "js/api.js?v=03f7dcc8a967",
    "js/saver.js?v=666535a3ca2d",
    "js/views/ui.js?v=d79c78acd083",
    "js/views/auth.js?v=f54aa0e82569",
    "js/views/providers.js?v=87f6b776689d",
    "js/views/tasks/fields.js?v=4c6b3ddbee77",
    "js/views/tasks/empty.js?v=bad56cbc0b7d",
    "js/views/tasks/store.js?v=97ad22e202f1",
    "js/views/tasks/due.js?v=03de9098d387",
    "js/views/tasks/repeat.js?v=e0a1964e4247",
    "js/views/tasks/reminder.js?v=33addb18eee0",
    "js/views/tasks/lists.js?v=0987354d78df",
    "js/views/tasks/trash.js?v=22ace30d2d43",
    "js/views/tasks/order.js?v=60055a34c2a5",
    "js/views/tasks/checklist.js?v=af0ecde737d8",
    "js/views/tasks/panel.js?v=108111e69b64",
    "js/views/tasks/completion.js?v=29bfb276b15d",
    "js/views/tasks/editor.js?v=9a8bbbba2039",
    "js/views/tasks/quick-add.js?v=b1084a6b7a3c",
    "js/views/tasks/unsaved.js?v=40f6aece4b86",
    "js/views/tasks/live.js?v=fcb65f818dd2",
    "js/views/tasks.js?v=4671d61b460d",
    "js/views/tasks/sidebar.js?v=8b4318e657f9",
    "js/views/tasks/shortcuts.js?v=0492abff30fc",
    "js/views/tasks/search.js?v=61e960859d43",
    "js/views/unsubscribe.js?v=7ca3b32edfbd",
    "js/views/settings/tokens.js?v=d91ee7d27459",
    "js/views/settings/preferences.js?v=2e003f0c1b01",
    "js/views/settings/password.js?v=8a36ecbfef7d",
    "js/views/settings/sessions.js?v=fb5c80bc7cbb",
    "js/views/settings/delete-account.js?v=05e7a3b77f44",
    "js/views/settings/identities.js?v=eea907ec923d",
    "js/views/settings/calendar.js?v=efd6919433bf",
    "js/views/settings/transfer.js?v=96d41abe9dea",
    "js/views/settings.js?v=16d0bec974e2",
    "js/views/header.js?v=cf67eee77534",
    "js/offline.js?v=aebf7bbf784c",
    "js/app.js?v=2427bacde2cc",
    "icons/icon.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/icon-maskable-512.png"
  ];
  // shell:end

  var CACHE = "tasktracker-shell-" + VERSION;
  var PAGE = "index.html";
  var VERSIONED = /^(?:(?:css|js)\/[^?]+\?v=[0-9a-f]{12}|vendor\/[^?]+)$/;

  function relative(url) {
    var scope = new self.URL(self.registration.scope);
    if (url.origin !== scope.origin || url.pathname.indexOf(scope.pathname) !== 0) {
      return null;
    }
    return url.pathname.slice(scope.pathname.length) + url.search;
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(
      self.caches
        .open(CACHE)
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
