/*
 * The logged-in content, put together from its parts in views/tasks/ (loaded before this file):
 *   fields.js     the title and description rules and translated refusals
 *   store.js      the tasks as the server sent them, with the unsaved edits on top, and the savers
 *   due.js        due dates on the user's calendar: today, overdue, the views, the labels
 *   lists.js      the views: all tasks (open and done), today, upcoming, one list's
 *   order.js      the user's order of open tasks: drag and drop, Alt+ArrowUp/Down
 *   trash.js      the trash view: restore, delete forever, empty; the editor's Undo
 *   sidebar.js    the sidebar: the Inbox, the views, the user's lists (new, rename, colour, delete)
 *   checklist.js  the checklist inside the editor
 *   editor.js     the autosaving editor dialog, save status, delete (with Undo)
 *   quick-add.js  the new-task form
 *   unsaved.js    edits that outlive the page or the session
 *   search.js     search as you type and its results
 *   live.js       changes made elsewhere, shown as they happen (GET /events)
 *   shortcuts.js  the keyboard shortcuts and their help dialog; Undo of completing a task
 * This file loads the user's tasks, resets the view on log-out and is the one object the rest of
 * the app uses (TT.tasksView).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var parts = TT.tasks;

  var loadsAsked = 0;
  var loadShown = 0; // the number of the latest load whose answer is on the page

  // Loads may overlap (the first one and the event stream's ready): an answer older than the one
  // shown is dropped, so the page never goes back to an earlier state.
  function load() {
    var asked = ++loadsAsked;
    // Only while nothing is shown: a reload (the event stream's ready) refreshes rows in place.
    $("#tasks-loading").prop("hidden", parts.store.loaded());
    $("#tasks-load-error").prop("hidden", true);
    return Promise.all([api.listTasksPage(), api.listLists()])
      .then(function (loaded) {
        if (asked < loadShown) {
          return;
        }
        loadShown = asked;
        parts.sidebar.replaceAll(loaded[1]);
        parts.store.replaceAll(loaded[0].tasks, loaded[0].nextCursor);
        parts.unsaved.resume();
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          $("#tasks-load-error").prop("hidden", false);
        }
      })
      .then(function () {
        $("#tasks-loading").prop("hidden", true);
      });
  }

  function reloadLists() {
    return api.listLists().then(parts.sidebar.replaceAll, $.noop);
  }

  function show(user) {
    parts.due.setZone(user.timezone);
    parts.unsaved.setUser(user.id);
    return parts.live.start({ reload: load, reloadLists: reloadLists });
  }

  // Leaves the logged-in view: nothing of the previous user may stay on the page.
  function reset() {
    loadShown = ++loadsAsked; // a load still in flight answers for the previous user: dropped
    parts.live.stop();
    parts.unsaved.stash();
    parts.unsaved.setUser(null);
    parts.store.clear();
    parts.editor.reset();
    parts.quickAdd.reset();
    parts.sidebar.reset();
    parts.search.reset();
    parts.shortcuts.reset();
    parts.lists.showView("all");
  }

  function init() {
    parts.lists.init({ open: parts.editor.open, doneToggled: parts.editor.showDone });
    parts.order.init();
    parts.trash.init();
    parts.sidebar.init();
    parts.checklist.init();
    parts.editor.init();
    parts.quickAdd.init();
    parts.unsaved.init();
    parts.search.init({ open: parts.editor.open });
    parts.shortcuts.init({ open: parts.editor.open, doneToggled: parts.editor.showDone });
    $("#tasks-load-error").on("click", "[data-action='reload-tasks']", load);
  }

  TT.tasksView = {
    init: init,
    show: show,
    reset: reset,
    flushAll: parts.store.flushAll
  };
})(window, window.jQuery);
