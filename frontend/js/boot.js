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
