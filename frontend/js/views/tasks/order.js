/*
 * The user's own order of open tasks: drag a row (SortableJS, vendor/) to another place in the
 * open list, or onto a list of the sidebar (.sidebar-list[data-list-id], "inbox" for the Inbox)
 * to move it there; with a row's control focused, Alt+ArrowUp / Alt+ArrowDown moves it one
 * place. The move shows at once (store.move) and is undone, with a notice, when the server
 * refuses it; each one is announced in #order-announcer. Done tasks are not in the order.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var api = TT.api;
  var ui = TT.ui;
  var store = TT.tasks.store;
  var SIDEBAR_LIST = ".sidebar-list[data-list-id]";
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
  var MAX_KEY_LENGTH = 64;

  // tasks.positions.between on the server: a key between two neighbours' (null: none), shown
  // until the server's own arrives; null when there is none to find (tied neighbours).
  function keyBetween(before, after) {
    var low = before || "";
    var high = after === undefined ? null : after;
    var key = "";
    if (high !== null && !(low < high)) {
      return null;
    }
    for (var index = 0; index < MAX_KEY_LENGTH; index += 1) {
      var lowDigit = index < low.length ? DIGITS.indexOf(low.charAt(index)) : 0;
      var highDigit = high === null ? DIGITS.length : index < high.length ? DIGITS.indexOf(high.charAt(index)) : 0;
      if (highDigit - lowDigit > 1) {
        return key + DIGITS.charAt(Math.floor((lowDigit + highDigit) / 2));
      }
      key += DIGITS.charAt(lowDigit);
      if (high !== null && lowDigit < highDigit) {
        high = null;
      }
    }
    return null;
  }

  function announce(key, params) {
    $("#order-announcer").text(i18n.t(key, params));
  }

  function rows() {
    return $("#open-tasks > .task-item");
  }

  // The open tasks of the list `task` is in, in the order the page shows them.
  function sameList(task) {
    return rows()
      .map(function () {
        var shown = store.shown($(this).attr("data-task-id"));
        return shown && !shown.done && shown.list_id === task.list_id ? shown : null;
      })
      .get();
  }

  function announcePlace(key) {
    var $rows = rows();
    var index = $rows.index($rows.filter("[data-task-id='" + key + "']"));
    if (index !== -1) {
      announce("order.moved", { position: index + 1, count: $rows.length });
    }
  }

  function failed(error) {
    if (!error.unauthenticated) {
      ui.showNotice(ui.translated("order.failed"), "danger");
      announce("order.failed");
    }
  }

  // After the server's answer: when it had to respace neighbours (their keys tied), this page's
  // copies of them are stale, and the list's open tasks are loaded again to keep the server's
  // order.
  function reconcile(task, previous, next) {
    var order = store.open().filter(function (shown) {
      return shown.list_id === task.list_id;
    });
    var index = order.findIndex(function (shown) {
      return shown.id === task.id;
    });
    var before = index > 0 ? order[index - 1].id : null;
    var after = index !== -1 && index + 1 < order.length ? order[index + 1].id : null;
    if (index === -1 || before !== (previous ? previous.id : null) || after !== (next ? next.id : null)) {
      var query = { list_id: task.list_id === null ? "inbox" : task.list_id, done: false };
      return api.listTasksPage(query).then(
        function (page) {
          store.add(page.tasks);
        },
        function () {}
      );
    }
    return Promise.resolve();
  }

  // Put the task between `previous` and `next` (shown tasks of its list; null: the start or the
  // end), at once on the page, then on the server.
  function place(task, previous, next) {
    var body = previous ? { after_id: previous.id } : next ? { before_id: next.id } : {};
    var position = keyBetween(previous && previous.position, next ? next.position : null);
    var placement = position === null ? {} : { position: position };
    var key = store.key(task.id);
    var moving = store.move(task.id, placement, function () {
      return api.moveTask(task.id, body);
    });
    // Announced where it shows: at once, or (no key to show it with) once the server placed it.
    if (position !== null) {
      announcePlace(key);
    }
    moving.then(function (moved) {
      return reconcile(moved, previous, next).then(function () {
        if (position === null) {
          announcePlace(key);
        }
      });
    }, failed);
  }

  function moveToList(task, listId, name) {
    var target = listId === "inbox" ? null : Number(listId);
    if (target === task.list_id) {
      TT.tasks.lists.render();
      return;
    }
    store
      .move(task.id, { list_id: target }, function () {
        return api.moveTask(task.id, { list_id: target });
      })
      .then(function () {
        announce("order.movedToList", { list: name });
      }, failed);
  }

  // Alt+ArrowUp / Alt+ArrowDown: one place up or down among the open tasks of its list.
  function onKey(event) {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
      return;
    }
    var task = store.shown($(event.target).closest(".task-item").attr("data-task-id"));
    if (!task || task.done) {
      return;
    }
    event.preventDefault();
    var order = sameList(task);
    var index = order.findIndex(function (shown) {
      return shown.id === task.id;
    });
    var up = event.key === "ArrowUp";
    if (index === -1 || (up && index === 0) || (!up && index === order.length - 1)) {
      announce(up ? "order.first" : "order.last");
      return;
    }
    if (up) {
      place(task, order[index - 2] || null, order[index - 1]);
    } else {
      place(task, order[index + 1], order[index + 2] || null);
    }
  }

  // While a row is dragged: the sidebar list under the pointer, if any, highlighted.
  var dropTarget = null;

  function onPointerMove(event) {
    var point = event.touches ? event.touches[0] : event;
    var under = window.document.elementFromPoint(point.clientX, point.clientY);
    var target = under ? $(under).closest(SIDEBAR_LIST)[0] || null : null;
    if (target !== dropTarget) {
      $(dropTarget).removeClass("drop-target");
      $(target).addClass("drop-target");
      dropTarget = target;
    }
  }

  function onDragStart() {
    dropTarget = null;
    $(window.document).on("pointermove.order touchmove.order", onPointerMove);
  }

  // Sortable swallows the click a drag's release makes on the row it started on (its #1184 fix);
  // released elsewhere (on the sidebar), no such click comes and the user's next click would be
  // swallowed instead. A click of our own, after the release's, takes its place.
  function releaseClick() {
    window.setTimeout(function () {
      window.document.dispatchEvent(new window.MouseEvent("click"));
    }, 0);
  }

  function onDragEnd(event) {
    $(window.document).off(".order");
    var target = dropTarget;
    dropTarget = null;
    $(target).removeClass("drop-target");
    var task = store.shown($(event.item).attr("data-task-id"));
    if (!task || task.done) {
      TT.tasks.lists.render();
      return;
    }
    if (target) {
      releaseClick();
      var $name = $(target).find(".sidebar-name");
      moveToList(task, $(target).attr("data-list-id"), $.trim(($name.length ? $name : $(target)).text()));
      return;
    }
    if (event.oldIndex === event.newIndex) {
      return;
    }
    // Sortable has moved the row: its neighbours of the same list on the page are its new ones.
    var order = sameList(task);
    var index = order.findIndex(function (shown) {
      return shown.id === task.id;
    });
    place(task, order[index - 1] || null, order[index + 1] || null);
  }

  function init() {
    window.Sortable.create(window.document.getElementById("open-tasks"), {
      draggable: ".task-item",
      animation: 150,
      // Pointer events rather than the browser's drag and drop: one path for mouse, touch and
      // pen, and the pointer's position for a drop on the sidebar.
      forceFallback: true,
      // A click on a title stays a click; on touch, a short press first, so the page scrolls.
      fallbackTolerance: 4,
      delay: 150,
      delayOnTouchOnly: true,
      // The checkbox toggles the task, it does not drag it.
      filter: "input",
      preventOnFilter: false,
      ghostClass: "task-drag-ghost",
      onStart: onDragStart,
      onEnd: onDragEnd
    });
    $("#open-tasks").on("keydown", ".task-item", onKey);
  }

  TT.tasks.order = {
    init: init,
    keyBetween: keyBetween
  };
})(window, window.jQuery);
