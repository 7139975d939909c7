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
