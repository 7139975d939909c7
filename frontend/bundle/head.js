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
 * Before the first paint (loaded in <head>, in bundle/head.js after theme.js): a browser that keeps
 * no signed-in user (offline.js writes the last one to localStorage once their list has loaded,
 * and removes it on log-out and when the session ends) is most likely a visitor's, so the welcome
 * text is shown at once instead of after GET /user answers (css/boot.css: the class
 * `tt-visitor-likely`). Its buttons stay invisible until the app is ready to answer them, and
 * app.js takes the class away as soon as it knows which view to show.
 */
(function () {
  "use strict";
  var visitor;
  try {
    visitor = window.localStorage.getItem("tasktracker.offline.user") === null;
  } catch {
    visitor = false; // Storage blocked: no guess, the page waits for the answer as before.
  }
  if (visitor) {
    document.documentElement.classList.add("tt-visitor-likely");
  }
})();
;
