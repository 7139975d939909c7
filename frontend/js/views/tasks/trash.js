/*
 * The Trash (#trash-view), a view of its own beside All tasks, Today and Upcoming (lists.js): the
 * deleted tasks, most recently deleted first, each with when it was deleted and when it will be
 * deleted for good, Restore and Delete forever; and Empty trash, confirmed inline (it cannot be
 * undone). Loaded from the server each time it is shown. Also `moveToTrash(key)`, the one delete
 * of a task (the editor's and the Delete shortcut's), whose toast's Undo restores it (`restore`:
 * the task goes back into the store, to its place in its list).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var api = TT.api;
  var store = TT.tasks.store;
  var lists = TT.tasks.lists;

  var trash = { shown: false, tasks: [], request: null };

  function restore(key) {
    return api.restoreTask(key).then(function (task) {
      store.add([task]);
      return task;
    });
  }

  // Undo brings the task back where it was (its list, its place), focused in its row.
  function offerUndo(key, title) {
    return ui.undoToast(i18n.t("trash.moved", { title: title }), function () {
      restore(key)
        .then(function () {
          lists.rowControl(key, "open").trigger("focus");
        })
        .catch(function (error) {
          if (!error.unauthenticated) {
            ui.showNotice(ui.translated("trash.restoreFailed"), "danger");
          }
        });
    });
  }

  // Deleting asks nothing: the task's own edits are saved, it goes to the trash and a toast
  // offers Undo. A 404 (deleted elsewhere meanwhile) is what the user wanted.
  function moveToTrash(key) {
    var saver = store.saverFor(key);
    var title = store.shown(key).title;
    return saver
      .flush()
      .then(function () {
        return api.deleteTask(key).catch(function (error) {
          if (error.status !== 404) {
            throw error;
          }
        });
      })
      .then(function () {
        saver.stop();
        store.remove(key);
        offerUndo(key, title);
        return title;
      });
  }

  function rowOf(element) {
    return $(element).closest(".trash-item");
  }

  function taskOf(key) {
    return trash.tasks.filter(function (task) {
      return store.key(task.id) === key;
    })[0];
  }

  function buildRow(task) {
    var key = store.key(task.id);
    var $text = $("<div>", { "class": "flex-grow-1 trash-text" })
      .append($("<span>", { "class": "task-title d-block" }).text(task.title))
      .append(
        $("<span>", { "class": "small text-body-secondary trash-meta" }).text(
          i18n.t("trash.meta", {
            deleted: i18n.formatDateTime(task.deleted_at),
            purged: i18n.formatDateTime(task.purge_at)
          })
        )
      );
    var $restore = $("<button>", {
      type: "button",
      "class": "btn btn-sm btn-outline-primary",
      "data-action": "restore",
      "aria-label": i18n.t("trash.restoreTask", { title: task.title })
    }).text(i18n.t("trash.restore"));
    var $forever = $("<button>", {
      type: "button",
      "class": "btn btn-sm btn-outline-danger",
      "data-action": "delete-forever",
      "aria-label": i18n.t("trash.deleteForeverTask", { title: task.title })
    }).text(i18n.t("trash.deleteForever"));
    return $("<li>", {
      "class": "list-group-item trash-item d-flex flex-wrap align-items-center gap-2",
      "data-task-id": key
    }).append($text, $restore, $forever);
  }

  function showConfirm(visible) {
    $("#trash-empty-confirm").prop("hidden", !visible);
    $("#trash-empty").prop("hidden", visible || trash.tasks.length === 0);
  }

  function render() {
    var loading = trash.request !== null;
    $("#trash-tasks").empty().append($.map(trash.tasks, buildRow));
    $("#trash-none").prop("hidden", loading || trash.tasks.length > 0);
    $("#trash-loading").prop("hidden", !loading);
    showConfirm(false);
  }

  function setError(key) {
    var $error = $("#trash-error");
    if (key) {
      ui.setMessage($error.prop("hidden", false), ui.translated(key));
    } else {
      ui.clearMessage($error.prop("hidden", true));
    }
  }

  function announce(key, params) {
    ui.setMessage($("#trash-status"), ui.translated(key, params));
  }

  function load() {
    var request = api.listTrash();
    trash.request = request;
    setError(null);
    render();
    return request
      .then(function (list) {
        if (trash.request === request) {
          trash.tasks = list;
        }
      })
      .catch(function (error) {
        if (trash.request === request && !error.unauthenticated) {
          setError("trash.loadFailed");
        }
      })
      .then(function () {
        if (trash.request === request) {
          trash.request = null;
          render();
        }
      });
  }

  // The task left the trash (restored or deleted): its row goes, and focus moves to the same
  // button of the next row (or the one before), else to the heading.
  function removeRow(key, action) {
    var index = trash.tasks.indexOf(taskOf(key));
    trash.tasks.splice(index, 1);
    render();
    var $rows = $("#trash-tasks .trash-item");
    var $next = $rows.eq(Math.min(index, $rows.length - 1));
    if ($next.length) {
      $next.find("[data-action='" + action + "']").trigger("focus");
    } else {
      $("#trash-heading").trigger("focus");
    }
  }

  // A task another tab restored or deleted meanwhile (404) is no longer here: as the user wanted.
  function act(button, call, doneKey) {
    var $row = rowOf(button);
    var key = $row.attr("data-task-id");
    var action = $(button).attr("data-action");
    var task = taskOf(key);
    if (!task) {
      return;
    }
    $row.find("button").prop("disabled", true);
    setError(null);
    call(key)
      .catch(function (error) {
        if (error.status !== 404) {
          throw error;
        }
      })
      .then(function () {
        removeRow(key, action);
        announce(doneKey, { title: task.title });
      })
      .catch(function (error) {
        $row.find("button").prop("disabled", false);
        if (!error.unauthenticated) {
          setError("trash.actionFailed");
          $(button).trigger("focus");
        }
      });
  }

  function onEmptyConfirmed() {
    var $buttons = $("#trash-empty-confirm button").prop("disabled", true);
    setError(null);
    api
      .emptyTrash()
      .then(function () {
        trash.tasks = [];
        render();
        announce("trash.emptied");
        $("#trash-heading").trigger("focus");
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          setError("trash.actionFailed");
          $("#trash-empty-yes").trigger("focus");
        }
      })
      .then(function () {
        $buttons.prop("disabled", false);
      });
  }

  function show() {
    if (trash.shown) {
      return;
    }
    trash.shown = true;
    $("#trash-view").prop("hidden", false);
    // Nothing is added to the trash: the new-task form belongs to the other views.
    $("#new-task-form").prop("hidden", true);
    load();
  }

  function hide() {
    trash.shown = false;
    trash.request = null;
    trash.tasks = [];
    $("#trash-view").prop("hidden", true);
    $("#new-task-form").prop("hidden", false);
    ui.clearMessage($("#trash-status"));
    setError(null);
    render();
  }

  function init() {
    lists.addView("trash", { show: show, hide: hide });
    TT.tasks.empty.show($("#trash-none"), {
      icon: ui.icon("trash3"),
      text: ui.translated("trash.none"),
      hint: ui.translated("empty.trashHint"),
      action: null
    });
    $("#trash-view")
      .on("click", "[data-action='restore']", function () {
        act(this, restore, "trash.restored");
      })
      .on("click", "[data-action='delete-forever']", function () {
        act(this, api.deleteForever, "trash.deletedForever");
      })
      .on("click", "#trash-empty", function () {
        showConfirm(true);
        $("#trash-empty-yes").trigger("focus");
      })
      .on("click", "#trash-empty-no", function () {
        showConfirm(false);
        $("#trash-empty").trigger("focus");
      })
      .on("click", "#trash-empty-yes", onEmptyConfirmed);
    $(window.document).on("tt:languagechange", function () {
      if (trash.shown) {
        render();
      }
    });
  }

  TT.tasks.trash = {
    init: init,
    restore: restore,
    moveToTrash: moveToTrash
  };
})(window, window.jQuery);
