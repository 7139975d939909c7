/*
 * Unsaved edits outliving the page or the session: keepalive saves on pagehide, the copy kept in
 * this tab's sessionStorage and sent again once the same user is back (resume), the beforeunload
 * warning while saves fail, a flush when the tab is hidden and a retry when the browser is online.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var api = TT.api;
  var store = TT.tasks.store;

  var STASH_KEY = "tasktracker.unsavedEdits";

  var userId = null;
  var stashedOnPageHide = false;

  // The keepalive requests cannot be answered any more, and they fail when the access token has
  // expired, so the edits are also stashed: a reload or a return to this tab sends them again.
  function onPageHide() {
    store.eachSaver(function (key, saver) {
      if (saver.hasUnsaved()) {
        api.updateTaskOnUnload(key, saver.unsavedFields());
      }
    });
    stashedOnPageHide = stash();
  }

  // Back from the back-forward cache: this page lives on with its edits in memory, and the stash
  // it left would later overwrite whatever is saved meanwhile.
  function onPageShow(event) {
    if (event.originalEvent.persisted && stashedOnPageHide) {
      dropStash();
    }
    stashedOnPageHide = false;
  }

  function onBeforeUnload(event) {
    // Pending and in-flight edits are sent again with keepalive on pagehide; only edits that the
    // server has been refusing or cannot be reached for are worth a warning.
    if (store.failedSavers().length) {
      event.preventDefault();
      event.originalEvent.returnValue = i18n.t("save.leaveWarning");
      return i18n.t("save.leaveWarning");
    }
    return undefined;
  }

  /*
   * Unsaved edits are kept in this tab's sessionStorage when the session ends under them (revoked,
   * or the refresh token expired) and when the page goes away; they are sent once the same user
   * is logged in again in this tab (resume() after the tasks are loaded). Returns whether
   * anything was stashed.
   */
  function stash() {
    var edits = {};
    store.eachSaver(function (key, saver) {
      if (saver.hasUnsaved()) {
        edits[key] = saver.unsavedFields();
      }
    });
    if (userId === null || $.isEmptyObject(edits)) {
      return false;
    }
    // A stash of this user that was not resumed yet (the page went away while loading) is kept,
    // with this page's newer values on top.
    var earlier = readStash();
    if (earlier && earlier.user === userId) {
      $.each(earlier.edits, function (key, fields) {
        edits[key] = $.extend({}, fields, edits[key]);
      });
    }
    try {
      window.sessionStorage.setItem(STASH_KEY, JSON.stringify({ user: userId, edits: edits }));
      return true;
    } catch {
      return false; // Storage disabled or full: nothing else can keep them once the session is gone.
    }
  }

  function readStash() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STASH_KEY) || "null");
    } catch {
      return null; // Storage disabled, or not ours to read.
    }
  }

  function dropStash() {
    try {
      window.sessionStorage.removeItem(STASH_KEY);
    } catch {
      // Storage disabled: nothing was stashed.
    }
  }

  function resume() {
    var stashed = readStash();
    dropStash();
    if (!stashed || stashed.user !== userId) {
      return; // Another user's edits are never sent with this user's session.
    }
    $.each(stashed.edits, function (key, fields) {
      if (store.serverCopy(key) || !store.moreDone()) {
        resumeTask(key, fields);
        return;
      }
      // A done task beyond the pages loaded so far: loaded for its edits (gone: nothing to save).
      api.getTask(key).then(
        function (task) {
          store.add([task]);
          resumeTask(key, fields);
        },
        function () {}
      );
    });
  }

  function resumeTask(key, fields) {
    // Usually the keepalive request on leaving saved them already: only what differs is sent.
    var serverCopy = store.serverCopy(key);
    var differing = {};
    $.each(fields, function (name, value) {
      // Completing a recurring task is not idempotent (each one moves it on), and a recurring
      // task's copy is open after a completion too: that one is not sent twice.
      var completesRecurring = name === "done" && value === true && serverCopy && serverCopy.recurrence;
      if (serverCopy && serverCopy[name] !== value && !completesRecurring) {
        differing[name] = value;
      }
    });
    if (!$.isEmptyObject(differing)) {
      var saver = store.saverFor(key);
      saver.change(differing);
      saver.flush();
      store.rebuild(key);
    }
  }

  // Whose edits are stashed and resumed: the logged-in user's id, or null for a visitor.
  function setUser(id) {
    userId = id;
  }

  function init() {
    $(window).on("pagehide", onPageHide);
    $(window).on("pageshow", onPageShow);
    $(window).on("beforeunload", onBeforeUnload);
    $(window).on("online", store.retryFailed);
    $(window.document).on("visibilitychange", function () {
      if (window.document.visibilityState === "hidden") {
        store.flushAll();
      }
    });
  }

  TT.tasks.unsaved = {
    init: init,
    setUser: setUser,
    stash: stash,
    resume: resume
  };
})(window, window.jQuery);
