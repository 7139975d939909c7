/*
 * What completing a task tells the user, wherever it was ticked (a row's checkbox, `x`, the
 * editor's Done box): one toast, announced once to screen readers (ui.js). A task that does not
 * repeat gets Undo, which makes it open again through its saver (PATCH with If-Match), as the
 * `z` shortcut does. A recurring task is not closed by the server: it records the occurrence and
 * moves the task to its next date (docs/api.md, "Recurring tasks"), so its toast says where the
 * task went, once that save is answered, and offers no Undo: the API has no way to take a
 * recorded occurrence back, and moving the date back alone would leave the occurrence counted
 * as done (in the digest) while the task is due again.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var store = TT.tasks.store;
  var due = TT.tasks.due;

  // The toast of each task's latest completion (key -> handle), closed when it is reopened.
  var toasts = {};
  var handlers = { reopened: $.noop };

  function forget(key) {
    if (toasts[key]) {
      toasts[key].dismiss();
      delete toasts[key];
    }
  }

  function reopen(key) {
    if (!store.shown(key)) {
      return;
    }
    var saver = store.saverFor(key);
    saver.change({ done: false });
    var flushed = saver.flush();
    store.rebuild(key);
    handlers.reopened(key, flushed);
  }

  function offerUndo(key, title) {
    toasts[key] = ui.undoToast(i18n.t("shortcuts.completedToast", { title: title }), function () {
      delete toasts[key];
      reopen(key);
    });
  }

  // The user marked a task done; `flushed` settles when that change is saved.
  function completed(key, flushed) {
    var task = store.shown(key);
    if (!task) {
      return;
    }
    forget(key);
    if (!task.recurrence) {
      offerUndo(key, task.title);
      return;
    }
    flushed.then(function () {
      var moved = store.shown(key);
      var saver = store.existingSaver(key);
      if (!moved || !saver || saver.state() === "failed") {
        return; // the save status or the background notice says so
      }
      if (moved.done) {
        // A schedule with no date left ends when completed: an ordinary done task.
        offerUndo(key, moved.title);
        return;
      }
      toasts[key] = ui.infoToast(
        i18n.t("completion.nextToast", { title: moved.title, date: due.dayName(moved.due_date, due.now()) })
      );
    });
  }

  // The user made it open again by other means than the toast: its toast has nothing left to say.
  function reopened(key) {
    forget(key);
  }

  /*
   * given.reopened(key, flushed): Undo made the task open again (after the store has the edit).
   */
  function init(given) {
    handlers = $.extend({}, handlers, given);
  }

  function reset() {
    $.each(Object.keys(toasts), function (index, key) {
      forget(key);
    });
  }

  TT.tasks.completion = {
    init: init,
    completed: completed,
    reopened: reopened,
    reset: reset
  };
})(window, window.jQuery);
