/*
 * Start-up and the switch between the visitor view and the logged-in view.
 * On load the page asks GET /user: 200 shows the user's tasks, 401 (after one refresh attempt in
 * api.js) shows the visitor view. The emailed password reset link, #reset=<token>, opens the
 * reset dialog over either view, on load or when the open page is sent to it; the digest's
 * unsubscribe link, #unsubscribe=<token>, its dialog likewise. A failed sign-in with an external
 * provider comes back as #signin-error=<code>, shown as a notice. A signed-in user's
 * #settings shows the settings page instead of the tasks; any other address shows the tasks.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var signedIn = false;
  // Whether the signed-in views have shown a user since the page loaded.
  var userShown = false;
  // A tab hidden this long may come back with an expired access token; it is renewed at once,
  // not when the user's first edit (or the keepalive save on leaving) would meet a 401.
  var RECHECK_AFTER_HIDDEN_MS = 60000;
  var hiddenSince = null;
  var RESET_LINK = /^#reset=([A-Za-z0-9_-]+)$/;
  // Where the API sends the browser back after a failed sign-in with a provider (oidc/errors.py).
  var SIGNIN_ERROR = /^#signin-error=([a-z_]+)$/;
  var SIGNIN_ERRORS = {
    cancelled: "signinError.cancelled",
    email_unverified: "signinError.email_unverified",
    email_missing: "signinError.email_missing",
    identity_taken: "signinError.identity_taken",
    provider_already_linked: "signinError.provider_already_linked",
    not_signed_in: "signinError.not_signed_in",
    provider_unavailable: "signinError.provider_unavailable",
    invalid_state: "signinError.invalid_state"
  };
  var UNSUBSCRIBE_LINK = /^#unsubscribe=([A-Za-z0-9_.-]+)$/;
  var SETTINGS_PAGE = "#settings";

  // The token of a reset link in the address, which is then taken out of it: a reload, a
  // bookmark or the history must not keep a secret that the dialog no longer needs.
  function takeResetToken() {
    var match = RESET_LINK.exec(window.location.hash);
    if (!match) {
      return null;
    }
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    return match[1];
  }

  // The code of a failed provider sign-in, taken out of the address like the reset token: a
  // reload must not show the message again.
  function takeSigninError() {
    var match = SIGNIN_ERROR.exec(window.location.hash);
    if (!match) {
      return null;
    }
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    return match[1];
  }

  function showSigninError(code) {
    if (code) {
      var key = Object.prototype.hasOwnProperty.call(SIGNIN_ERRORS, code) ? SIGNIN_ERRORS[code] : "signinError.generic";
      ui.showNotice(ui.translated(key), "danger");
    }
  }

  function openResetLink() {
    var token = takeResetToken();
    if (token) {
      TT.authView.openReset(token);
    }
  }

  // The digest's unsubscribe link, #unsubscribe=<token>, taken out of the address the same way.
  function openUnsubscribeLink() {
    var match = UNSUBSCRIBE_LINK.exec(window.location.hash);
    if (match) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      TT.unsubscribeView.open(match[1]);
    }
  }

  // The first paint's guess (boot.js) gives way to what the page now knows.
  function decided() {
    window.document.documentElement.classList.remove("tt-visitor-likely", "tt-user-likely");
    $("#tasks-view").prop("inert", false);
  }

  function showVisitor() {
    decided();
    signedIn = false;
    // Views that have never shown a user are as init() left them: nothing to take away (and at
    // start, for a visitor, resetting them would only delay the welcome).
    if (userShown) {
      TT.tasksView.reset();
      TT.settingsView.reset();
    }
    TT.authView.showVisitor();
    $("#app-loading, #tasks-view").prop("hidden", true);
    $("#welcome").prop("hidden", false);
  }

  // The signed-in page the address names: the settings page or the tasks.
  function showPage() {
    var settings = window.location.hash === SETTINGS_PAGE;
    $("#tasks-view").prop("hidden", settings);
    if (settings) {
      return TT.settingsView.show();
    }
    TT.settingsView.hide();
    return Promise.resolve();
  }

  function showUser(user) {
    decided();
    signedIn = true;
    userShown = true;
    TT.offline.signedIn(user);
    ui.hideNotice();
    TT.authView.showUser(user);
    $("#app-loading, #welcome").prop("hidden", true);
    showPage();
    return TT.tasksView.show(user);
  }

  // The last copy of the user's tasks while the API cannot be reached (offline.js): the tasks
  // only, read-only; the settings need the server.
  function showCopy(user) {
    decided();
    signedIn = true;
    userShown = true;
    TT.authView.showUser(user);
    TT.settingsView.hide();
    $("#app-loading, #welcome").prop("hidden", true);
    $("#tasks-view").prop("hidden", false);
  }

  function onHashChange() {
    openResetLink();
    openUnsubscribeLink();
    if (signedIn) {
      showPage();
    }
  }

  function onVisibilityChange() {
    if (window.document.visibilityState === "hidden") {
      hiddenSince = Date.now();
      return;
    }
    var away = hiddenSince === null ? 0 : Date.now() - hiddenSince;
    hiddenSince = null;
    if (signedIn && away >= RECHECK_AFTER_HIDDEN_MS) {
      // A 401 refreshes the session (api.js); a session that has ended shows the visitor view
      // through onUnauthenticated; a network failure is left to the next call.
      TT.api.currentUser().catch($.noop);
    }
  }

  function start() {
    // Asked first: the answer decides what the page shows, and the views below are set up while
    // it is on its way (its handlers run after this function, once they are all ready).
    var currentUser = TT.api.currentUser();
    i18n.apply();
    $("#language-select")
      .val(i18n.language())
      .on("change", function () {
        i18n.setLanguage($(this).val());
      });

    TT.authView.init();
    TT.providersView.init();
    TT.tasksView.init();
    TT.settingsView.init();
    TT.unsubscribeView.init();
    TT.offline.init({ showUser: showUser, showCopy: showCopy });
    TT.authView.onSignedIn(function (user) {
      showUser(user).then(function () {
        $("#new-task-title").trigger("focus");
      });
    });
    TT.api.onUnauthenticated(function () {
      if (signedIn) {
        showVisitor();
        ui.showNotice(ui.translated("app.sessionEnded"), "warning");
      }
    });

    $(window.document).on("visibilitychange", onVisibilityChange);
    $(window).on("hashchange", onHashChange);

    var signinError = takeSigninError();
    currentUser
      .then(showUser)
      .catch(function (error) {
        if (TT.offline.unreachable(error) && TT.offline.openCopy()) {
          return;
        }
        showVisitor();
        if (error.status !== 401) {
          ui.showNotice(ui.translated("app.backendUnavailable"), "danger");
        }
      })
      .then(function () {
        showSigninError(signinError);
        openResetLink();
        openUnsubscribeLink();
      });
  }

  TT.app = {
    showVisitor: showVisitor,
    isSignedIn: function () {
      return signedIn;
    }
  };

  $(start);
})(window, window.jQuery);
