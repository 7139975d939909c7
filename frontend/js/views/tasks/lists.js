/*
 * The open and done lists (#task-lists): a row per task the store shows, open ones oldest first,
 * done ones most recently done first, re-rendered when the store changes. Each row's checkbox
 * marks the task done or open; its title button opens the editor (handlers.open).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var store = TT.tasks.store;

  // Timestamps are compared as instants: a local guess (milliseconds) may meet server values
  // (microseconds) in the same list.
  function byCreation(a, b) {
    return Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id;
  }

  function byDoneRecentFirst(a, b) {
    return Date.parse(b.done_at) - Date.parse(a.done_at) || b.id - a.id;
  }

  // A row's checkbox ("toggle") or title button ("open").
  function rowControl(key, action) {
    return $(".task-item[data-task-id='" + key + "'] [data-action='" + action + "']");
  }

  function rowKey(element) {
    return $(element).closest(".task-item").attr("data-task-id");
  }

  function rowContent($row, task) {
    $row.find(".task-title").text(task.title);
    $row
      .find("[data-action='toggle']")
      .prop("checked", !!task.done)
      .attr("aria-label", i18n.t(task.done ? "tasks.markOpen" : "tasks.markDone", { title: task.title }));
    $row.find(".task-meta").text(task.done && task.done_at ? i18n.t("tasks.doneAt", { date: i18n.formatDateTime(task.done_at) }) : "");
  }

  function buildRow(task) {
    var key = store.key(task.id);
    var $row = $("<li>", { "class": "list-group-item task-item", "data-task-id": key });
    var $toggle = $("<input>", { type: "checkbox", "class": "form-check-input task-toggle", "data-action": "toggle" });
    var $open = $("<button>", { type: "button", "class": "task-open", "data-action": "open" })
      .append($("<span>", { "class": "task-title" }))
      .append($("<span>", { "class": "task-meta" }));
    $row.append($toggle, $open);
    rowContent($row, task);
    return $row;
  }

  function renderRow(key) {
    if (store.shown(key)) {
      rowContent($(".task-item[data-task-id='" + key + "']"), store.shown(key));
    }
  }

  function renderLists() {
    // Rebuilding the lists replaces the focused element; put focus back on its replacement.
    var $focused = $(window.document.activeElement);
    var focusedKey = rowKey($focused);
    var focusedAction = $focused.attr("data-action");

    var all = store.all();
    var open = all.filter(function (task) {
      return !task.done;
    }).sort(byCreation);
    var done = all.filter(function (task) {
      return task.done;
    }).sort(byDoneRecentFirst);

    $("#open-tasks").empty().append($.map(open, buildRow));
    $("#done-tasks").empty().append($.map(done, buildRow));
    $("#open-count").text(open.length);
    $("#done-count").text(done.length);
    $("#open-empty").prop("hidden", open.length > 0);
    $("#done-empty").prop("hidden", done.length > 0);

    if (focusedKey && focusedAction) {
      rowControl(focusedKey, focusedAction).trigger("focus");
    }
  }

  // A task whose done state or time changed moves; any other change only rewrites its row.
  function onStoreChange(key, previous) {
    var task = key === undefined ? undefined : store.shown(key);
    if (task && previous && previous.done === task.done && previous.done_at === task.done_at) {
      renderRow(key);
    } else {
      renderLists();
    }
  }

  /*
   * handlers:
   *   open(key, trigger)      a row's title button was clicked
   *   doneToggled(key, done)  a row's checkbox changed (after the store has the edit)
   */
  function init(handlers) {
    store.onChange(onStoreChange);
    $("#task-lists")
      .on("click", "[data-action='open']", function () {
        handlers.open(rowKey(this), this);
      })
      .on("change", "[data-action='toggle']", function () {
        var key = rowKey(this);
        var done = $(this).prop("checked");
        var saver = store.saverFor(key);
        saver.change({ done: done });
        saver.flush();
        store.rebuild(key);
        handlers.doneToggled(key, done);
      });
    $(window.document).on("tt:languagechange", function () {
      renderLists();
    });
  }

  TT.tasks.lists = {
    init: init,
    rowControl: rowControl
  };
})(window, window.jQuery);
