/*
 * The settings page (#settings): a card per concern, each owned by a section module in
 * views/settings/ (loaded before this file), which registers itself with
 *   TT.settingsView.register({ init: function () {}, show: function (user) {}, reset: function () {} })
 * `init` binds the section's delegated events once; `show` fills it from GET /user (the user object
 * of api.md, given fresh each time the page opens); `reset` empties it on log-out, so nothing of
 * one user stays for the next. A section that changes the user calls TT.settingsView.refresh().
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var sections = [];
  var initialized = false;

  function register(section) {
    sections.push(section);
    if (initialized && section.init) {
      section.init();
    }
  }

  function each(method, argument) {
    $.each(sections, function (index, section) {
      if (section[method]) {
        section[method](argument);
      }
    });
  }

  function refresh() {
    $("#settings-loading").prop("hidden", false);
    $("#settings-load-error").prop("hidden", true);
    return TT.api
      .currentUser()
      .then(function (user) {
        TT.authView.showUser(user);
        each("show", user);
        $("#settings-sections").prop("hidden", false);
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          $("#settings-load-error").prop("hidden", false);
        }
      })
      .then(function () {
        $("#settings-loading").prop("hidden", true);
      });
  }

  function show() {
    // The cards wait for this load's values: a switch flipped before they arrive would be
    // flipped back by them.
    $("#settings-sections").prop("hidden", true);
    $("#settings-view").prop("hidden", false);
    $("#settings-heading").trigger("focus");
    return refresh();
  }

  function hide() {
    $("#settings-view").prop("hidden", true);
  }

  function reset() {
    hide();
    each("reset");
  }

  function init() {
    initialized = true;
    each("init");
  }

  TT.settingsView = {
    init: init,
    register: register,
    show: show,
    hide: hide,
    reset: reset,
    refresh: refresh
  };
})(window, window.jQuery);
