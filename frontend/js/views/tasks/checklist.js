/*
 * The checklist inside the editor (#task-checklist): items added, ticked, edited, moved (buttons,
 * or Alt+Up/Alt+Down in an item's text) and deleted. The editor gives it the task's items when it
 * opens and a listener that gets the whole list after every change, to autosave it: an item whose
 * text is empty is left out until it has some (the server refuses empty items). Ids are made here,
 * so an item keeps its id through autosaves and moves before any response arrives.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;

  var state = { items: [], onChange: $.noop };

  function newId() {
    return "i" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  function saved() {
    return state.items
      .filter(function (item) {
        return $.trim(item.text) !== "";
      })
      .map(function (item) {
        return { id: item.id, text: $.trim(item.text), done: item.done };
      });
  }

  function changed() {
    state.onChange(saved());
  }

  function indexOf(id) {
    for (var i = 0; i < state.items.length; i += 1) {
      if (state.items[i].id === id) {
        return i;
      }
    }
    return -1;
  }

  function buildItem(item) {
    var $item = $("<li>", { "class": "checklist-item", "data-item-id": item.id });
    $item.append(
      // The label is the 44 x 44 hit area around the small box on phones (css/theme.css).
      $("<label>", { "class": "checklist-toggle-hit" }).append(
        $("<input>", { type: "checkbox", "class": "form-check-input", "data-action": "item-done" }).prop("checked", item.done)
      ),
      $("<input>", {
        type: "text",
        "class": "form-control form-control-sm",
        "data-action": "item-text",
        maxlength: 500,
        autocomplete: "off"
      }).val(item.text),
      $("<button>", { type: "button", "class": "btn btn-sm btn-outline-secondary", "data-action": "item-up" }).text("↑"),
      $("<button>", { type: "button", "class": "btn btn-sm btn-outline-secondary", "data-action": "item-down" }).text("↓"),
      $("<button>", { type: "button", "class": "btn btn-sm btn-outline-danger", "data-action": "item-delete" }).append(TT.ui.icon("x-lg"))
    );
    return $item;
  }

  function labelItem($item, item, index) {
    var text = $.trim(item.text) || i18n.t("checklist.untitled");
    $item.find("[data-action='item-done']").attr("aria-label", i18n.t("checklist.done", { text: text }));
    $item.find("[data-action='item-text']").attr("aria-label", i18n.t("checklist.text", { position: index + 1 }));
    $item.find("[data-action='item-up']").attr("aria-label", i18n.t("checklist.up", { text: text })).prop("disabled", index === 0);
    $item
      .find("[data-action='item-down']")
      .attr("aria-label", i18n.t("checklist.down", { text: text }))
      .prop("disabled", index === state.items.length - 1);
    $item.find("[data-action='item-delete']").attr("aria-label", i18n.t("checklist.delete", { text: text }));
  }

  function renderLabels() {
    $("#task-checklist-items .checklist-item").each(function (index) {
      labelItem($(this), state.items[index], index);
    });
    var done = state.items.filter(function (item) {
      return item.done;
    }).length;
    $("#task-checklist-progress").text(state.items.length ? done + "/" + state.items.length : "");
  }

  function render() {
    $("#task-checklist-items").empty().append($.map(state.items, buildItem));
    renderLabels();
  }

  function announce(key, params) {
    $("#task-checklist-status").text(i18n.t(key, params));
  }

  function itemId(element) {
    return $(element).closest(".checklist-item").attr("data-item-id");
  }

  function focusItem(id, action) {
    $("#task-checklist-items .checklist-item[data-item-id='" + id + "'] [data-action='" + action + "']").trigger("focus");
  }

  function move(id, offset, focusAction) {
    var from = indexOf(id);
    var to = from + offset;
    if (from === -1 || to < 0 || to >= state.items.length) {
      return;
    }
    var item = state.items.splice(from, 1)[0];
    state.items.splice(to, 0, item);
    render();
    focusItem(id, focusAction);
    announce("checklist.moved", { text: $.trim(item.text), position: to + 1, count: state.items.length });
    changed();
  }

  function add() {
    var $input = $("#task-checklist-new");
    var text = $.trim($input.val());
    if (!text) {
      return;
    }
    state.items.push({ id: newId(), text: text, done: false });
    $input.val("");
    render();
    announce("checklist.added", { text: text });
    changed();
  }

  function remove(id) {
    var index = indexOf(id);
    if (index === -1) {
      return;
    }
    var item = state.items.splice(index, 1)[0];
    render();
    var next = state.items[Math.min(index, state.items.length - 1)];
    if (next) {
      focusItem(next.id, "item-delete");
    } else {
      $("#task-checklist-new").trigger("focus");
    }
    announce("checklist.deleted", { text: $.trim(item.text) });
    changed();
  }

  // The editor opens a task: its items, and where each change goes.
  function show(items, onChange) {
    state.items = $.map(items || [], function (item) {
      return { id: item.id, text: item.text, done: !!item.done };
    });
    state.onChange = onChange;
    $("#task-checklist-new").val("");
    $("#task-checklist-status").text("");
    render();
  }

  function init() {
    $("#task-checklist")
      .on("change", "[data-action='item-done']", function () {
        var item = state.items[indexOf(itemId(this))];
        item.done = $(this).prop("checked");
        renderLabels();
        changed();
      })
      .on("input", "[data-action='item-text']", function () {
        state.items[indexOf(itemId(this))].text = $(this).val();
        renderLabels();
        changed();
      })
      .on("keydown", "[data-action='item-text']", function (event) {
        if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
          event.preventDefault();
          move(itemId(this), event.key === "ArrowUp" ? -1 : 1, "item-text");
        }
      })
      .on("click", "[data-action='item-up']", function () {
        move(itemId(this), -1, "item-up");
      })
      .on("click", "[data-action='item-down']", function () {
        move(itemId(this), 1, "item-down");
      })
      .on("click", "[data-action='item-delete']", function () {
        remove(itemId(this));
      })
      .on("click", "#task-checklist-add", add)
      .on("keydown", "#task-checklist-new", function (event) {
        var composing = event.originalEvent.isComposing || event.keyCode === 229;
        if (event.key === "Enter" && !composing) {
          event.preventDefault();
          add();
        }
      });
    $(window.document).on("tt:languagechange", renderLabels);
  }

  TT.tasks.checklist = {
    init: init,
    show: show
  };
})(window, window.jQuery);
