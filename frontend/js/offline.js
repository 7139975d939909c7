/*
 * Installable and offline: registers the service worker (sw.js keeps the app shell), keeps a copy
 * of the signed-in user and the last task list loaded, and shows that copy read-only while the API
 * cannot be reached.
 *
 * The copy lives in localStorage under the user's id (one user at a time: another user's sign-in
 * replaces it) and is removed on log-out and when the session ends (a 401 after the refresh).
 * Read-only, not queued: edits made offline could not be checked against the versions on the
 * server until later, so the editing controls are disabled and a banner says so. The page leaves
 * the offline state when a request succeeds again: at the `online` event and every
 * PROBE_INTERVAL_MS, it asks GET /user and on success shows the user afresh (a refetch).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var i18n = TT.i18n;
  var USER_KEY = "tasktracker.offline.user";
  var COPY_PREFIX = "tasktracker.offline.copy.";
  var SAVE_DELAY_MS = 300;
  var PROBE_INTERVAL_MS = 10000;
  // What the read-only state disables; marked so that only these are enabled again.
  var EDITING = [
    "#new-task-form :input",
    "#new-list-form :input",
    "#tasks-view .task-toggle",
    "#sidebar-lists [data-action]:not([data-action='show-list'])",
    "#task-modal :input:not(.btn-close)"
  ].join(", ");
  var MARK = "data-offline-disabled";

  var hooks = null;
  var user = null;
  var offline = false;
  var savedAt = null;
  var saveTimer = null;
  var probeTimer = null;

  function storage() {
    try {
      return window.localStorage;
    } catch {
      return null; // Storage turned off: no copy, the page just cannot open offline.
    }
  }

  function readCopy() {
    var store = storage();
    var id = store && store.getItem(USER_KEY);
    if (!id) {
      return null;
    }
    try {
      var copy = JSON.parse(store.getItem(COPY_PREFIX + id));
      return copy && copy.user && String(copy.user.id) === id ? copy : null;
    } catch {
      return null;
    }
  }

  function forget() {
    var store = storage();
    window.clearTimeout(saveTimer);
    user = null;
    if (offline) {
      leave();
    }
    if (store) {
      var id = store.getItem(USER_KEY);
      if (id) {
        store.removeItem(COPY_PREFIX + id);
      }
      store.removeItem(USER_KEY);
    }
  }

  function save() {
    var store = storage();
    if (!store || !user || offline) {
      return;
    }
    var tasks = $.map(TT.tasks.store.all(), function (task) {
      return TT.tasks.store.serverCopy(TT.tasks.store.key(task.id)) || null;
    });
    var copy = { user: user, savedAt: new Date().toISOString(), tasks: tasks, lists: TT.tasks.sidebar.lists() };
    try {
      store.setItem(COPY_PREFIX + user.id, JSON.stringify(copy));
      store.setItem(USER_KEY, String(user.id));
    } catch {
      // Full: the previous copy stays.
    }
  }

  function scheduleSave() {
    if (user && !offline) {
      window.clearTimeout(saveTimer);
      saveTimer = window.setTimeout(save, SAVE_DELAY_MS);
    }
  }

  function applyReadOnly() {
    if (offline) {
      $(EDITING).not(":disabled").attr(MARK, "").prop("disabled", true);
    }
  }

  function sortable(disabled) {
    var list = window.document.getElementById("open-tasks");
    var instance = list && window.Sortable && window.Sortable.get(list);
    if (instance) {
      instance.option("disabled", disabled);
    }
  }

  function renderBanner() {
    var time = savedAt ? i18n.formatDateTime(savedAt) : "";
    $("#offline-banner").prop("hidden", !offline).find(".offline-text").text(i18n.t("offline.banner", { time: time }));
  }

  function enter(at) {
    savedAt = at;
    if (!offline) {
      offline = true;
      $("body").addClass("tt-offline");
      window.clearTimeout(saveTimer);
      probeTimer = window.setInterval(probe, PROBE_INTERVAL_MS);
    }
    sortable(true);
    applyReadOnly();
    renderBanner();
  }

  function leave() {
    offline = false;
    window.clearInterval(probeTimer);
    probeTimer = null;
    $("body").removeClass("tt-offline");
    $("[" + MARK + "]").removeAttr(MARK).prop("disabled", false);
    sortable(false);
    renderBanner();
  }

  function probe() {
    if (!offline) {
      return;
    }
    api.currentUser().then(
      function (current) {
        if (offline) {
          leave();
          hooks.showUser(current);
        }
      },
      function () {
        // Still unreachable (a 401 ends the session through onUnauthenticated).
      }
    );
  }

  // The API answered with a network failure at start: the last copy, read-only, if there is one.
  function openCopy() {
    var copy = readCopy();
    if (!copy) {
      return false;
    }
    user = copy.user;
    enter(copy.savedAt);
    TT.tasks.due.setZone(copy.user.timezone);
    hooks.showCopy(copy.user);
    TT.tasks.sidebar.replaceAll(copy.lists || []);
    TT.tasks.store.replaceAll(copy.tasks || [], null);
    applyReadOnly();
    return true;
  }

  function connectionLost() {
    if (user && !offline && TT.app.isSignedIn()) {
      var copy = readCopy();
      enter(copy ? copy.savedAt : new Date().toISOString());
    }
  }

  function register() {
    var workers = window.navigator.serviceWorker;
    if (workers) {
      workers.register("sw.js").catch(function () {
        // No worker (private mode, a file:// page): the app works, just not offline.
      });
    }
  }

  // `callbacks`: showUser(user), the signed-in start; showCopy(user), the signed-in view without
  // loading anything.
  function init(callbacks) {
    hooks = callbacks;
    TT.tasks.store.onChange(function () {
      scheduleSave();
      applyReadOnly();
    });
    // The editor fills its fields when it opens: disabled after that.
    $(window.document).on("click keydown", "#tasks-view .task-item", function () {
      window.setTimeout(applyReadOnly);
    });
    // The session has ended: app.js shows the visitor view.
    api.onUnauthenticated(forget);
    api.onNetworkError(connectionLost);
    $(window).on("offline", connectionLost).on("online", probe);
    $(window.document).on("tt:languagechange", renderBanner);
    // After the page has loaded: the worker's downloads must not compete with the page's own.
    if (window.document.readyState === "complete") {
      register();
    } else {
      $(window).on("load", register);
    }
  }

  TT.offline = {
    init: init,
    openCopy: openCopy,
    forget: forget,
    // Whether an unreachable API (not a refusal) made the call fail.
    unreachable: function (error) {
      return error.network || error.status === 502 || error.status === 503 || error.status === 504;
    },
    // The signed-in user, shown online: copies are kept from now on (another user's is dropped).
    signedIn: function (current) {
      var previous = readCopy();
      if (previous && previous.user.id !== current.id) {
        forget();
      }
      user = current;
      if (offline) {
        leave();
      }
    },
    isOffline: function () {
      return offline;
    }
  };
})(window, window.jQuery);
