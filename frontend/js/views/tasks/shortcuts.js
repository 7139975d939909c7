/*
 * Keyboard shortcuts of the task list, listed in the help dialog (#shortcuts-modal, `?`):
 *   q  the new-task field        /  search          j / k  the next / previous task
 *   x  done or open again        e, Enter  edit     Delete, #  to the trash (Undo in the toast)
 *   z  undo what the newest toast offers
 * The task a shortcut acts on is the one whose row has focus; j and k move focus between the
 * rows' title buttons, so Tab keeps its order. None fires while the user types in a field, with
 * Ctrl, Alt or Meta held, or while a dialog is open. What a shortcut did is announced in
 * #shortcut-announcer, except what a toast says (completing, deleting: ui.js announces the toast,
 * so it is heard once); the toast of completing is completion.js's.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var store = TT.tasks.store;
  var trash = TT.tasks.trash;

  var handlers = null;
  var help = null;
  // Letters by the key's place, so they work with other keyboard layouts too (й for q).
  var LETTERS = { KeyQ: "q", KeyJ: "j", KeyK: "k", KeyX: "x", KeyE: "e", KeyZ: "z" };

  // key null: nothing to say here (a toast says it), and an older announcement goes.
  function announce(key, params) {
    $("#shortcut-announcer").text(key ? i18n.t(key, params) : "");
  }

  // A row's checkbox takes no text: the shortcuts work on it.
  function typing(target) {
    var fields = "input:not([type='checkbox'], [type='radio'], [type='button']), textarea, select";
    return $(target).is(fields) || !!target.isContentEditable;
  }

  // The editor beside the list (panel.js, wide screens) leaves the list usable, but keys typed
  // in it are its own; as a sheet over the page (aria-modal) it is a dialog like the others.
  function dialogOpen(target) {
    return $(".modal.show, .offcanvas.show, dialog[open], [aria-modal='true']:visible").length > 0 || $(target).closest("#task-modal").length > 0;
  }

  // The task rows shown, in the order they appear (open, then done; a search's results).
  function rows() {
    return $("#tasks-view .task-item").filter(":visible");
  }

  function focusedRow() {
    return $(window.document.activeElement).closest("#tasks-view .task-item");
  }

  function focusRow($row) {
    $row.find("[data-action='open']").trigger("focus");
  }

  function move(step) {
    var $rows = rows();
    if (!$rows.length) {
      announce("shortcuts.noTasks");
      return;
    }
    var index = $rows.index(focusedRow());
    var next = index === -1 ? (step > 0 ? 0 : $rows.length - 1) : index + step;
    if (next < 0 || next >= $rows.length) {
      announce(step > 0 ? "shortcuts.last" : "shortcuts.first");
      return;
    }
    focusRow($rows.eq(next));
  }

  // The row that takes a task's place when it leaves it: the next one, else the one before.
  function neighbourKey($row) {
    var $rows = rows();
    var index = $rows.index($row);
    var $next = $rows.eq(index + 1).length ? $rows.eq(index + 1) : index > 0 ? $rows.eq(index - 1) : $();
    return $next.attr("data-task-id");
  }

  function focusKey(key) {
    var $row = $("#tasks-view .task-item[data-task-id='" + key + "']").filter(":visible").first();
    if ($row.length) {
      focusRow($row);
    } else {
      $("#new-task-title").trigger("focus");
    }
  }

  // As a row's checkbox does (lists.js): the edit goes through the task's saver.
  function setDone(key, done) {
    var saver = store.saverFor(key);
    saver.change({ done: done });
    var flushed = saver.flush();
    store.rebuild(key);
    handlers.doneToggled(key, done, flushed);
  }

  function toggle($row) {
    var key = $row.attr("data-task-id");
    var task = store.shown(key);
    if (!task) {
      return;
    }
    var stayKey = neighbourKey($row);
    var reopening = task.done;
    // Completing shows a toast, which is announced (completion.js); reopening only says so here.
    setDone(key, !reopening);
    announce(reopening ? "shortcuts.reopened" : null, { title: task.title });
    // Focus stays where the user is working, on the row that took the task's place.
    focusKey(stayKey || key);
  }

  function remove($row) {
    var key = $row.attr("data-task-id");
    if (!store.shown(key)) {
      return;
    }
    var stayKey = neighbourKey($row);
    trash.moveToTrash(key).then(
      function () {
        announce(null); // the toast says it
        focusKey(stayKey);
      },
      function (error) {
        if (!error.unauthenticated) {
          ui.showNotice(ui.translated("editor.deleteFailed"), "danger");
        }
      }
    );
  }

  function shortcutOf(event) {
    if (event.ctrlKey || event.altKey || event.metaKey) {
      return null;
    }
    if (event.key === "?" || event.key === "#") {
      return event.key;
    }
    if (event.shiftKey) {
      return null;
    }
    if (event.key === "/" || event.key === "Delete" || event.key === "Enter") {
      return event.key;
    }
    var letter = String(event.key).toLowerCase();
    return "qjkxez".indexOf(letter) !== -1 && letter.length === 1 ? letter : LETTERS[event.code] || null;
  }

  function onKeydown(event) {
    var shortcut = shortcutOf(event);
    if (!shortcut || typing(event.target) || dialogOpen(event.target) || !$("#tasks-view").is(":visible")) {
      return;
    }
    var $row = focusedRow();
    var rowActions = { x: toggle, e: open, Enter: open, Delete: remove, "#": remove };
    if (rowActions[shortcut]) {
      // Enter on a button presses it (the title button opens the editor by itself).
      if (!$row.length || (shortcut === "Enter" && $(event.target).is("button"))) {
        return;
      }
      event.preventDefault();
      rowActions[shortcut]($row);
      return;
    }
    event.preventDefault();
    if (shortcut === "q") {
      $("#new-task-title").filter(":visible").trigger("focus");
    } else if (shortcut === "/") {
      $("#search-input").trigger("focus");
    } else if (shortcut === "j" || shortcut === "k") {
      move(shortcut === "j" ? 1 : -1);
    } else if (shortcut === "z") {
      // An undo is announced by the toast's own code ("Undone.").
      announce(ui.undoLast() ? null : "shortcuts.nothingToUndo");
    } else if (shortcut === "?") {
      help.show();
    }
  }

  function open($row) {
    var $button = $row.find("[data-action='open']");
    handlers.open($row.attr("data-task-id"), $button[0]);
  }

  /*
   * handlers:
   *   open(key, trigger)               open the editor of a task
   *   doneToggled(key, done, flushed)  as lists.js calls it, after the store has the edit
   */
  function init(given) {
    handlers = given;
    help = new ui.Modal($("#shortcuts-modal")[0], {
      fallbackFocus: function () {
        return $("#shortcuts-hint");
      }
    });
    $(window.document).on("keydown", onKeydown);
    // Escape closes the help dialog only, not the editor panel open beside the list (panel.js
    // leaves a handled Escape alone).
    $("#shortcuts-modal").on("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
      }
    });
    $("#shortcuts-hint").on("click", function () {
      help.show(this);
    });
  }

  // The user is gone: nothing of theirs stays to undo.
  function reset() {
    $("#shortcut-announcer").text("");
    if (help && help.isOpen()) {
      help.hide();
    }
  }

  TT.tasks.shortcuts = {
    init: init,
    reset: reset
  };
})(window, window.jQuery);
