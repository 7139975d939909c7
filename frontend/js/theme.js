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
