/*
 * The task views, re-rendered when the store changes. "All tasks" (#task-lists): the open list,
 * in the user's order, and the done list, most recently done first. "Today" and "Upcoming" (#due-view):
 * the open tasks due today or overdue, and those due in the next 7 days grouped by day, in the
 * user's calendar (due.js). A list's view ("list", chosen in the sidebar): #task-lists with the
 * tasks of that list only (`inbox`: of none). Views that render themselves (the trash) register
 * with addView. Only the view shown is rendered. Each row's checkbox marks the task done or open;
 * its title button opens the editor (handlers.open). The row also shows the task's list (in the
 * views of several lists), its checklist progress and a marker when it has a description; the row
 * open in the editor is highlighted (markOpen) and a new one is scrolled to and flashed (reveal).
 * A change of view is announced with the "tt:viewchange" document event.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var store = TT.tasks.store;
  var due = TT.tasks.due;
  var repeat = TT.tasks.repeat;
  var empty = TT.tasks.empty;
  var ui = TT.ui;
  var VIEWS = ["all", "today", "upcoming", "list"];
  var view = "all";
  // Views that render themselves (trash.js): name -> { show(), hide() }.
  var ownViews = {};
  // The list of the "list" view: "inbox" or a list's id.
  var listId = null;
  // The task open in the editor, and the new tasks still highlighted (key -> true).
  var openKey = null;
  var revealed = {};
  var REVEAL_MS = 1500;

  function inList(task) {
    return listId === "inbox" ? task.list_id === null : task.list_id === listId;
  }

  // Timestamps are compared as instants: a local guess (milliseconds) may meet server values
  // (microseconds) in the same list.
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

  // The views that mix lists show each task's list (tasks in no list, the Inbox's, show none).
  function showsLists() {
    return view !== "list";
  }

  // The task's list as the row shows it, or null: colour dot and name, "List:" for screen readers.
  function listLabel(task) {
    var sidebar = TT.tasks.sidebar;
    var list = task.list_id !== null && sidebar ? sidebar.list(task.list_id) : null;
    if (!list) {
      return null;
    }
    return $("<span>", { "class": "task-list-name" }).append(
      sidebar.dot(list.color),
      $("<span>", { "class": "visually-hidden" }).text(i18n.t("row.list") + " "),
      $("<span>", { "class": "task-list-text" }).text(list.name)
    );
  }

  function rowInfo($row, task, withList) {
    var items = task.checklist || [];
    var ticked = items.filter(function (item) {
      return item.done;
    }).length;
    var progress = items.length ? i18n.t("checklist.progress", { done: ticked, count: items.length }) : "";
    $row
      .find(".task-progress")
      .text(items.length ? ticked + "/" + items.length : "")
      .attr("title", progress || null);
    $row.find(".task-checklist-info").prop("hidden", !items.length);
    $row.find(".task-progress-label").text(progress);
    $row.find(".task-list-name").remove();
    var $list = withList ? listLabel(task) : null;
    if ($list) {
      $row.find(".task-info").prepend($list);
    }
    var described = !!$.trim(task.description || "");
    $row.find(".task-note").prop("hidden", !described).attr("title", described ? i18n.t("row.hasDescription") : null);
    $row.find(".task-note-label").text(described ? i18n.t("row.hasDescription") : "");
    var $info = $row.find(".task-info");
    var shown = $info.children().filter(function () {
      return !$(this).prop("hidden") && !$(this).is(".task-due:empty");
    });
    $info.prop("hidden", !shown.length);
  }

  // The row's second line: due date, list, checklist progress (shown "2/5", read out in words),
  // description marker, reminder bell.
  function infoLine() {
    return $("<span>", { "class": "task-info" }).append(
      $("<span>", { "class": "task-due" }),
      $("<span>", { "class": "task-checklist-info" }).append(
        TT.ui.icon("check2-square"),
        $("<span>", { "class": "task-progress", "aria-hidden": "true" }),
        $("<span>", { "class": "visually-hidden task-progress-label" })
      ),
      $("<span>", { "class": "task-note", hidden: true }).append(
        TT.ui.icon("justify-left"),
        $("<span>", { "class": "visually-hidden task-note-label" })
      ),
      // The bell is its only label: an image with a name, not a hidden icon.
      $("<span>", { "class": "bi bi-bell task-reminder", role: "img", hidden: true })
    );
  }

  function rowContent($row, task) {
    var dueLabel = due.label(task, due.now());
    $row.find(".task-title").text(task.title);
    repeat.marker($row.find(".task-repeat"), task);
    $row
      .find(".task-due")
      .text(dueLabel ? dueLabel.text : "")
      .toggleClass("task-due-overdue", !!(dueLabel && dueLabel.overdue));
    var reminderLabel = TT.tasks.reminder.rowLabel(task);
    $row
      .find(".task-reminder")
      .prop("hidden", !reminderLabel)
      .attr({ "aria-label": reminderLabel, title: reminderLabel });
    rowInfo($row, task, showsLists());
    $row
      .find("[data-action='toggle']")
      .prop("checked", !!task.done)
      .attr("aria-label", i18n.t(task.done ? "tasks.markOpen" : "tasks.markDone", { title: task.title }));
    $row.find(".task-meta").text(task.done && task.done_at ? i18n.t("tasks.doneAt", { date: i18n.formatDateTime(task.done_at) }) : "");
    markRow($row);
  }

  // A row (also the search's) shows whether it is the one open in the editor, or just added.
  function markRow($row) {
    var key = $row.attr("data-task-id");
    $row.toggleClass("task-open-row", key === openKey).toggleClass("task-revealed", !!revealed[key]);
    $row.find("[data-action='open']").attr("aria-current", key === openKey ? "true" : null);
  }

  // key: the task open in the editor, or null when it closes.
  function markOpen(key) {
    openKey = key;
    $(".task-item").each(function () {
      markRow($(this));
    });
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  // A task just added: its row is scrolled into view and highlighted for a moment (CSS), and the
  // highlight outlives a re-render of the list meanwhile.
  function reveal(key) {
    var $row = $(".task-item[data-task-id='" + key + "']").first();
    if (!$row.length) {
      return;
    }
    revealed[key] = true;
    markRow($row);
    $row[0].scrollIntoView({ block: "nearest", behavior: reducedMotion() ? "auto" : "smooth" });
    window.setTimeout(function () {
      delete revealed[key];
      $(".task-item[data-task-id='" + key + "']").removeClass("task-revealed");
    }, REVEAL_MS);
  }

  function buildRow(task) {
    var key = store.key(task.id);
    var $row = $("<li>", { "class": "list-group-item task-item", "data-task-id": key });
    var $toggle = $("<input>", {
      type: "checkbox",
      "class": "form-check-input task-toggle",
      "data-action": "toggle",
      "aria-keyshortcuts": "X"
    });
    var $open = $("<button>", { type: "button", "class": "task-open", "data-action": "open", "aria-keyshortcuts": "E Enter" })
      .append($("<span>", { "class": "task-title" }))
      .append($("<span>", { "class": "task-repeat" }))
      .append(infoLine())
      .append($("<span>", { "class": "task-meta" }));
    // The label is the 44 x 44 hit area around the small checkbox on phones.
    $row.append($("<label>", { "class": "task-toggle-hit" }).append($toggle), $open);
    rowContent($row, task);
    return $row;
  }

  function renderRow(key) {
    if (store.shown(key)) {
      rowContent($(".task-item[data-task-id='" + key + "']"), store.shown(key));
    }
  }

  function renderAll(tasks) {
    var open = tasks.filter(function (task) {
      return !task.done;
    }).sort(store.byPosition);
    var done = tasks.filter(function (task) {
      return task.done;
    }).sort(byDoneRecentFirst);

    $("#open-tasks").empty().append($.map(open, buildRow));
    $("#done-tasks").empty().append($.map(done, buildRow));
    $("#open-count").text(open.length);
    renderDoneCount(done.length);
    $("#open-empty").prop("hidden", open.length > 0);
    $("#done-empty").prop("hidden", done.length > 0);
    if (!open.length) {
      empty.show($("#open-empty"), openEmptyState(done.length > 0));
    }
    if (!done.length) {
      empty.show($("#done-empty"), {
        icon: ui.icon("check2-square"),
        text: ui.translated("tasks.doneEmpty"),
        hint: empty.keysHint("empty.doneHint", "empty.doneHintTouch"),
        action: null
      });
    }
  }

  // Why the open list is empty, in the view shown (all tasks, the Inbox, a list), and what next.
  function openEmptyState(someDone) {
    var sidebar = TT.tasks.sidebar;
    if (view === "list" && listId === "inbox") {
      return { icon: ui.icon("inbox"), text: ui.translated("empty.inbox"), hint: empty.keysHint("empty.inboxHint", "empty.inboxHintTouch"), action: "add" };
    }
    if (view === "list") {
      var name = (sidebar && sidebar.listName(listId)) || "";
      return {
        icon: ui.icon("list-check"),
        text: ui.translated("empty.list", { name: name }),
        hint: ui.translated("empty.listHint"),
        action: "add"
      };
    }
    return {
      icon: ui.icon("check2-circle"),
      text: ui.translated(someDone ? "empty.allDone" : "empty.noTasks"),
      hint: empty.keysHint("empty.addHint", "empty.addHintTouch"),
      action: "add"
    };
  }

  // Only the loaded done tasks are counted: while more remain on the server, "100+" says so
  // (a count of them all would cost the list a second query).
  function renderDoneCount(loaded) {
    var more = store.moreDone();
    $("#done-count")
      .text(more ? loaded + "+" : loaded)
      .attr("title", more ? i18n.t("tasks.doneCountMoreLabel", { count: loaded }) : null);
    $("#done-more").prop("hidden", !more);
    if (!more) {
      $("#done-more-error").prop("hidden", true);
    }
  }

  /*
   * More done tasks: when the sentinel under the done list (#done-more) comes near the viewport,
   * and with its button (keyboard users, and browsers without IntersectionObserver). After a load
   * started by the button, focus goes to the first task it added, where reading goes on.
   */
  var moreObserver = null;
  var loadingMore = false;

  function loadMoreDone(fromButton) {
    if (loadingMore) {
      return;
    }
    loadingMore = true;
    var $button = $("#done-more [data-action='load-more-done']");
    $button.attr({ "aria-busy": "true", "aria-disabled": "true" }).text(i18n.t("tasks.loadingMoreDone"));
    $("#done-more-error").prop("hidden", true);
    store
      .loadMoreDone()
      .then(
        function (fresh) {
          if (fromButton && fresh.length) {
            rowControl(store.key(fresh[0].id), "open").trigger("focus");
          }
          watchMore();
        },
        function (error) {
          $("#done-more-error").prop("hidden", !!error.unauthenticated);
        }
      )
      .then(function () {
        loadingMore = false;
        $button.removeAttr("aria-busy aria-disabled").text(i18n.t("tasks.loadMoreDone"));
      });
  }

  // (Re)starts watching: an observer reports a sentinel already in view when it starts, so a
  // page too short to push the sentinel away is followed by the next one.
  function watchMore() {
    if (moreObserver) {
      moreObserver.unobserve($("#done-more")[0]);
      moreObserver.observe($("#done-more")[0]);
    }
  }

  function initLoadMore() {
    $("#done-more").on("click", "[data-action='load-more-done']", function () {
      loadMoreDone(true);
    });
    if (!("IntersectionObserver" in window)) {
      return;
    }
    moreObserver = new window.IntersectionObserver(
      function (entries) {
        var seen = entries.some(function (entry) {
          return entry.isIntersecting;
        });
        if (seen && view === "all" && store.moreDone() && $("#done-more-error").prop("hidden")) {
          loadMoreDone(false);
        }
      },
      { rootMargin: "0px 0px 400px 0px" }
    );
    moreObserver.observe($("#done-more")[0]);
  }

  function dueList(tasks) {
    return $("<ul>", { "class": "list-group task-list mb-3" }).append($.map(tasks, buildRow));
  }

  function renderDue(tasks, local) {
    var shown = tasks.filter(function (task) {
      return due.inView(task, view, local);
    }).sort(due.byDue);
    var $groups = $("#due-groups").empty();
    if (view === "today") {
      if (shown.length) {
        $groups.append(dueList(shown));
      }
    } else {
      var days = [];
      var byDay = {};
      shown.forEach(function (task) {
        if (!byDay[task.due_date]) {
          byDay[task.due_date] = [];
          days.push(task.due_date);
        }
        byDay[task.due_date].push(task);
      });
      days.forEach(function (day) {
        $groups.append($("<h3>", { "class": "h6 mt-3" }).text(due.dayName(day, local)), dueList(byDay[day]));
      });
    }
    $("#due-heading").text(i18n.t(view === "today" ? "views.todayHeading" : "views.upcomingHeading"));
    $("#due-empty").prop("hidden", shown.length > 0);
    if (!shown.length) {
      empty.show(
        $("#due-empty"),
        view === "today"
          ? { icon: ui.icon("sun"), text: ui.translated("empty.today"), hint: ui.translated("empty.todayHint"), action: "add" }
          : {
              icon: ui.icon("calendar-week"),
              text: ui.translated("views.upcomingEmpty"),
              hint: ui.translated("empty.upcomingHint"),
              action: "add"
            }
      );
    }
  }

  function renderTodayCount(tasks, local) {
    var count = tasks.filter(function (task) {
      return due.inView(task, "today", local);
    }).length;
    $("#today-count")
      .text(count)
      .attr("aria-label", i18n.t("views.todayCount", { count: count }))
      .prop("hidden", count === 0);
  }

  function renderLists() {
    // Rebuilding the lists replaces the focused element; put focus back on its replacement.
    var $focused = $(window.document.activeElement);
    var focusedKey = rowKey($focused);
    var focusedAction = $focused.attr("data-action");

    var tasks = store.all();
    var local = due.now();
    var listed = view === "all" || view === "list";
    // Until the first load answers the lists keep their place unseen (css/app.css): an empty
    // state would be wrong, and rows arriving would push what is below them.
    $("#tasks-view").toggleClass("tt-tasks-pending", !store.loaded());
    $("#task-lists").prop("hidden", !listed);
    $("#due-view").prop("hidden", listed || !!ownViews[view]);
    if (listed) {
      $("#due-groups").empty();
      renderAll(view === "list" ? tasks.filter(inList) : tasks);
    } else if (ownViews[view]) {
      $("#open-tasks, #done-tasks, #due-groups").empty();
    } else {
      $("#open-tasks, #done-tasks").empty();
      renderDue(tasks, local);
    }
    renderTodayCount(tasks, local);

    if (focusedKey && focusedAction) {
      rowControl(focusedKey, focusedAction).trigger("focus");
    }
  }

  // `list`: for the "list" view, "inbox" or a list's id.
  function showView(name, list) {
    view = (VIEWS.indexOf(name) === -1 && !ownViews[name]) || (name === "list" && !list) ? "all" : name;
    listId = view === "list" ? list : null;
    $("#task-views [data-view]").each(function () {
      var active = $(this).attr("data-view") === view;
      $(this).toggleClass("active", active).attr("aria-pressed", String(active));
    });
    $.each(ownViews, function (ownName, handlers) {
      if (ownName === view) {
        handlers.show();
      } else {
        handlers.hide();
      }
    });
    renderLists();
    $(window.document).trigger("tt:viewchange", [view, listId]);
  }

  function addView(name, handlers) {
    ownViews[name] = handlers;
  }

  // What a task added in the view shown starts with: one added in Today or Upcoming is due today,
  // one added in a list's view goes into that list, so that it appears where the user added it.
  function newTaskDefaults() {
    if (view === "list") {
      return listId === "inbox" ? {} : { list_id: listId };
    }
    return view === "all" ? {} : { due_date: due.now().date };
  }

  function samePlace(previous, task) {
    return (
      previous.done === task.done &&
      previous.done_at === task.done_at &&
      previous.due_date === task.due_date &&
      previous.due_time === task.due_time &&
      previous.position === task.position &&
      previous.list_id === task.list_id
    );
  }

  // A task whose done state, done time, due date or list changed moves; any other change only
  // rewrites its row.
  function onStoreChange(key, previous) {
    var task = key === undefined ? undefined : store.shown(key);
    if (task && previous && samePlace(previous, task)) {
      renderRow(key);
    } else {
      renderLists();
    }
  }

  /*
   * handlers:
   *   open(key, trigger)      a row's title button was clicked
   *   doneToggled(key, done, flushed)  a row's checkbox changed (after the store has the edit;
   *                                    `flushed` settles when it is saved)
   */
  function init(handlers) {
    store.onChange(onStoreChange);
    $("#task-views").on("click", "[data-view]", function () {
      showView($(this).attr("data-view"));
    });
    $("#task-lists, #due-view")
      .on("click", "[data-action='open']", function () {
        handlers.open(rowKey(this), this);
      })
      .on("change", "[data-action='toggle']", function () {
        var key = rowKey(this);
        var done = $(this).prop("checked");
        var saver = store.saverFor(key);
        saver.change({ done: done });
        var flushed = saver.flush();
        store.rebuild(key);
        handlers.doneToggled(key, done, flushed);
      });
    $(window.document).on("tt:languagechange tt:listschange", function () {
      renderLists();
    });
    initLoadMore();
  }

  TT.tasks.lists = {
    init: init,
    rowControl: rowControl,
    infoLine: infoLine,
    rowInfo: rowInfo,
    markRow: markRow,
    markOpen: markOpen,
    reveal: reveal,
    render: renderLists,
    showView: showView,
    addView: addView,
    current: function () {
      return { view: view, listId: listId };
    },
    newTaskDefaults: newTaskDefaults
  };
})(window, window.jQuery);
