/* bundle/head.js: written by `python -m tasktracker.frontend_assets` from bundles.json. */

/* js/theme.js */
/*
 * Colour theme: "system" (default, follows prefers-color-scheme), "light" or "dark", kept in
 * localStorage. Loaded in <head> before the stylesheets are used, so the first paint already has
 * the right data-bs-theme (CSP forbids an inline script for this).
 */
(function () {
  "use strict";
  var KEY = "tt.theme";
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : "system";
    } catch {
      return "system";
    }
  }

  function apply() {
    var choice = stored();
    var dark = choice === "dark" || (choice === "system" && media !== null && media.matches);
    document.documentElement.setAttribute("data-bs-theme", dark ? "dark" : "light");
  }

  function choose(choice) {
    try {
      if (choice === "system") {
        window.localStorage.removeItem(KEY);
      } else {
        window.localStorage.setItem(KEY, choice);
      }
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
    apply();
  }

  apply();
  if (media !== null && media.addEventListener) {
    media.addEventListener("change", apply);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("theme-select");
    if (select === null) {
      return;
    }
    select.value = stored();
    select.addEventListener("change", function () {
      choose(select.value);
    });
  });
})();
;

/* js/boot.js */
/*
 * Before the first paint (loaded in <head>, in bundle/head.js after theme.js), a guess at what the
 * page will show, so that it need not wait for GET /user (css/boot.css). offline.js keeps the last
 * signed-in user's id in localStorage once their list has loaded, and removes it on log-out and
 * when the session ends: a browser without one is most likely a visitor's (`tt-visitor-likely`:
 * the welcome), one with it a returning user's (`tt-user-likely`: the tasks view, inert until
 * app.js knows; the settings page, #settings, waits for the answer as before). app.js takes
 * either class away as soon as it knows which view to show.
 */
(function () {
  "use strict";
  var stored;
  try {
    stored = window.localStorage.getItem("tasktracker.offline.user");
  } catch {
    return; // Storage blocked: no guess, the page waits for the answer as before.
  }
  if (stored === null) {
    document.documentElement.classList.add("tt-visitor-likely");
  } else if (window.location.hash !== "#settings") {
    document.documentElement.classList.add("tt-user-likely");
  }
})();
;
