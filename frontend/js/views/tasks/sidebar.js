/*
 * The sidebar (#sidebar): the Inbox, the views of lists.js (All, Today, Upcoming) and the user's
 * lists, each with its colour dot and its count of open tasks, counted from the store so they
 * follow every change; the "New list" form; and each list's menu: rename, colour, delete. A
 * delete takes the list's tasks to the trash with it and offers Undo (restore). Each entry is an
 * `.sidebar-list` with `data-list-id` (`inbox` for the Inbox). Also fills the editor's list
 * select (#task-list) and the heading of a list's view (#list-heading).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var api = TT.api;
  var store = TT.tasks.store;
  var views = TT.tasks.lists;

  // The API's palette (docs/api.md, "Lists") and each colour's name; any other colour is a
  // #rrggbb of the API's.
  var COLOR_NAMES = {
    red: "sidebar.colorRed",
    orange: "sidebar.colorOrange",
    yellow: "sidebar.colorYellow",
    green: "sidebar.colorGreen",
    teal: "sidebar.colorTeal",
    blue: "sidebar.colorBlue",
    purple: "sidebar.colorPurple",
    pink: "sidebar.colorPink",
    gray: "sidebar.colorGray"
  };
  var PALETTE = Object.keys(COLOR_NAMES);
  var MAX_NAME = 100;
  var INBOX = "inbox";

  // The user's lists as the server sent them, in their order.
  var lists = [];
  // The lists the entries were last built from, as JSON (null: never built).
  var built = null;

  function byPosition(a, b) {
    if (a.position !== b.position) {
      return a.position < b.position ? -1 : 1;
    }
    return a.id - b.id;
  }

  function find(id) {
    return lists.filter(function (list) {
      return list.id === id;
    })[0];
  }

  function entryKey(list) {
    return list === null ? INBOX : String(list.id);
  }

  function entry(key) {
    return $(".sidebar-list[data-list-id='" + key + "']");
  }

  function dot(color) {
    var $dot = $("<span>", { "class": "list-dot", "aria-hidden": "true" });
    if (PALETTE.indexOf(color) !== -1) {
      $dot.attr("data-color", color);
    } else if (color) {
      $dot.css("background-color", color); // a #rrggbb the API checked
    }
    return $dot;
  }

  function colorName(color) {
    return PALETTE.indexOf(color) !== -1 ? i18n.t(COLOR_NAMES[color]) : color;
  }

  function buildMenu(list) {
    var $swatches = $("<div>", { "class": "d-flex flex-wrap gap-1 my-1", role: "group" }).attr(
      "aria-label",
      i18n.t("sidebar.colour")
    );
    $swatches.append(
      $("<button>", { type: "button", "class": "list-swatch list-swatch-none", "data-action": "color-list", "data-color": "" })
        .attr({ "aria-label": i18n.t("sidebar.noColour"), "aria-pressed": String(!list.color) })
    );
    PALETTE.forEach(function (color) {
      $swatches.append(
        $("<button>", { type: "button", "class": "list-swatch", "data-action": "color-list", "data-color": color })
          .attr({ "aria-label": colorName(color), "aria-pressed": String(list.color === color) })
          .append(dot(color))
      );
    });
    return $("<div>", { "class": "sidebar-menu", hidden: true }).append(
      $("<button>", { type: "button", "class": "btn btn-sm btn-link p-0 d-block", "data-action": "rename-list" }).text(
        i18n.t("sidebar.rename")
      ),
      $swatches,
      $("<button>", { type: "button", "class": "btn btn-sm btn-link link-danger p-0 d-block", "data-action": "delete-list" }).text(
        i18n.t("sidebar.delete")
      )
    );
  }

  function buildRename(list) {
    var inputId = "list-rename-" + list.id;
    return $("<form>", { "class": "sidebar-rename", novalidate: true, hidden: true }).append(
      $("<label>", { "class": "visually-hidden", "for": inputId }).text(i18n.t("sidebar.renameLabel", { name: list.name })),
      $("<div>", { "class": "input-group input-group-sm has-validation" }).append(
        $("<input>", { "class": "form-control", type: "text", id: inputId, name: "name", maxlength: MAX_NAME, autocomplete: "off" }),
        $("<button>", { "class": "btn btn-outline-primary", type: "submit" }).text(i18n.t("sidebar.save")),
        $("<div>", { "class": "invalid-feedback", role: "alert" })
      )
    );
  }

  function buildEntry(list) {
    var $open = $("<button>", { type: "button", "class": "sidebar-entry", "data-action": "show-list" }).append(
      dot(list.color),
      $("<span>", { "class": "sidebar-name" }).text(list.name),
      $("<span>", { "class": "badge rounded-pill text-bg-secondary sidebar-count" })
    );
    var $toggle = $("<button>", {
      type: "button",
      "class": "btn btn-sm sidebar-menu-toggle",
      "data-action": "list-menu",
      "aria-expanded": "false"
    })
      .attr("aria-label", i18n.t("sidebar.menu", { name: list.name }))
      .append(TT.ui.icon("three-dots"));
    return $("<li>", { "class": "sidebar-list", "data-list-id": entryKey(list) }).append(
      $("<div>", { "class": "d-flex align-items-center" }).append($open, $toggle),
      buildMenu(list),
      buildRename(list)
    );
  }

  function renderCounts() {
    var counts = {};
    store.all().forEach(function (task) {
      if (!task.done) {
        var key = task.list_id === null ? INBOX : String(task.list_id);
        counts[key] = (counts[key] || 0) + 1;
      }
    });
    $(".sidebar-list").each(function () {
      var count = counts[$(this).attr("data-list-id")] || 0;
      $(this)
        .find(".sidebar-count")
        .text(count || "")
        .attr("aria-label", i18n.t("sidebar.openCount", { count: count }))
        .prop("hidden", count === 0);
    });
  }

  function renderActive() {
    var current = views.current();
    var shown = current.view === "list" ? String(current.listId) : null;
    $(".sidebar-list").each(function () {
      var active = $(this).attr("data-list-id") === shown;
      $(this)
        .toggleClass("active", active)
        .find("[data-action='show-list']")
        .attr("aria-current", active ? "page" : null);
    });
    var list = current.view === "list" && current.listId !== INBOX ? find(current.listId) : null;
    var $heading = $("#list-heading").empty().prop("hidden", current.view !== "list");
    if (current.view === "list") {
      $heading.append(list ? dot(list.color) : "", $("<span>").text(list ? list.name : i18n.t("sidebar.inbox")));
    }
  }

  // The editor's select: the Inbox and every list, the value kept.
  function renderEditorOptions() {
    var $select = $("#task-list");
    var value = $select.val();
    $select.empty().append($("<option>", { value: INBOX }).text(i18n.t("sidebar.inbox")));
    lists.forEach(function (list) {
      $select.append($("<option>", { value: String(list.id) }).text(list.name));
    });
    if (value !== null) {
      $select.val(value);
    }
  }

  function render() {
    lists.sort(byPosition);
    built = JSON.stringify(lists);
    $("#sidebar-lists").empty().append($.map(lists, buildEntry));
    renderCounts();
    renderActive();
    renderEditorOptions();
    // The rows show their list's name and colour (lists.js).
    $(window.document).trigger("tt:listschange");
  }

  // A reload that brings the lists as they are shown (the event stream's ready, a reconnect)
  // leaves the entries alone: rebuilding them would close an open menu and drop a drag's target.
  function replaceAll(loaded) {
    var sorted = loaded.slice().sort(byPosition);
    if (JSON.stringify(sorted) !== built) {
      lists = sorted;
      render();
    }
  }

  function put(list) {
    lists = lists.filter(function (known) {
      return known.id !== list.id;
    });
    lists.push(list);
    render();
  }

  function listOf(element) {
    var key = $(element).closest(".sidebar-list").attr("data-list-id");
    return key === INBOX ? null : find(Number(key));
  }

  function closeMenus() {
    $("#sidebar-lists .sidebar-menu").prop("hidden", true);
    $("#sidebar-lists [data-action='list-menu']").attr("aria-expanded", "false");
  }

  function onCreate(event) {
    event.preventDefault();
    var $form = $(this);
    var $name = $form.find("[name='name']");
    var errors = new ui.FormErrors($form);
    var name = $.trim($name.val());
    errors.clear();
    if (!name) {
      errors.field("name", ui.translated("sidebar.nameRequired"));
      $name.trigger("focus");
      return;
    }
    var $button = $form.find("button[type='submit']").prop("disabled", true);
    api
      .createList({ name: name })
      .then(function (created) {
        $name.val("");
        put(created);
        views.showView("list", created.id);
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          errors.field("name", error.fieldErrors.name ? ui.literal(error.fieldErrors.name) : ui.errorMessage(error));
        }
      })
      .then(function () {
        $button.prop("disabled", false);
      });
  }

  function change(list, fields) {
    return api.updateList(list.id, fields).then(put, function (error) {
      if (error.unauthenticated) {
        return;
      }
      if (error.status === 404) {
        lists = lists.filter(function (known) {
          return known.id !== list.id;
        });
        render();
      }
      ui.showNotice(ui.errorMessage(error), "danger");
    });
  }

  function startRename(list) {
    var $entry = entry(entryKey(list));
    closeMenus();
    $entry.find(".sidebar-rename").prop("hidden", false).find("[name='name']").val(list.name).trigger("focus").trigger("select");
  }

  function onRename(event) {
    event.preventDefault();
    var $form = $(this);
    var list = listOf(this);
    var errors = new ui.FormErrors($form);
    var name = $.trim($form.find("[name='name']").val());
    errors.clear();
    if (!list) {
      return;
    }
    if (!name) {
      errors.field("name", ui.translated("sidebar.nameRequired"));
      return;
    }
    api
      .updateList(list.id, { name: name })
      .then(function (updated) {
        put(updated);
        entry(entryKey(updated)).find("[data-action='list-menu']").trigger("focus");
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          errors.field("name", error.fieldErrors.name ? ui.literal(error.fieldErrors.name) : ui.errorMessage(error));
        }
      });
  }

  // The list and its tasks leave the page at once; Undo brings both back from the server.
  function remove(list) {
    api
      .deleteList(list.id)
      .then(function () {
        lists = lists.filter(function (known) {
          return known.id !== list.id;
        });
        store.all().forEach(function (task) {
          if (task.list_id === list.id) {
            store.remove(store.key(task.id));
          }
        });
        var current = views.current();
        if (current.view === "list" && current.listId === list.id) {
          views.showView("list", INBOX);
        }
        render();
        ui.undoToast(i18n.t("sidebar.deleted", { name: list.name }), function () {
          restore(list);
        });
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          ui.showNotice(ui.errorMessage(error), "danger");
        }
      });
  }

  function restore(list) {
    api
      .restoreList(list.id)
      .then(function (restored) {
        put(restored);
        return api.listTasksOf(restored.id).then(function (tasks) {
          store.add(tasks);
          renderCounts();
        });
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          ui.showNotice(ui.errorMessage(error), "danger");
        }
      });
  }

  function reset() {
    lists = [];
    render();
  }

  function init() {
    store.onChange(renderCounts);
    $(window.document).on("tt:viewchange", renderActive);
    $(window.document).on("tt:languagechange", render);
    $("#sidebar-toggle").on("click", function () {
      var open = !$("#sidebar-body").hasClass("open");
      $("#sidebar-body").toggleClass("open", open);
      $(this).attr("aria-expanded", String(open));
    });
    // On a phone the panel sits above the list: a view or list picked there closes it, so the
    // tasks it shows are in sight, and the focus goes back to its toggle.
    $("#sidebar").on("click", "[data-action='show-list'], [data-view]", function () {
      var $toggle = $("#sidebar-toggle");
      if ($toggle.is(":visible") && $("#sidebar-body").hasClass("open")) {
        $("#sidebar-body").removeClass("open");
        $toggle.attr("aria-expanded", "false").trigger("focus");
      }
    });
    $("#new-list-form").on("submit", onCreate);
    $("#sidebar")
      .on("click", "[data-action='show-list']", function () {
        var list = listOf(this);
        views.showView("list", list === null ? INBOX : list.id);
      })
      .on("click", "[data-action='list-menu']", function () {
        var $menu = $(this).closest(".sidebar-list").find(".sidebar-menu");
        var open = $menu.prop("hidden");
        closeMenus();
        $menu.prop("hidden", !open);
        $(this).attr("aria-expanded", String(open));
        if (open) {
          $menu.find("button").first().trigger("focus");
        }
      })
      .on("click", "[data-action='rename-list']", function () {
        startRename(listOf(this));
      })
      .on("click", "[data-action='color-list']", function () {
        var list = listOf(this);
        closeMenus();
        change(list, { color: $(this).attr("data-color") || null });
      })
      .on("click", "[data-action='delete-list']", function () {
        remove(listOf(this));
      })
      .on("submit", ".sidebar-rename", onRename)
      .on("keydown", ".sidebar-rename, .sidebar-menu", function (event) {
        if (event.key === "Escape") {
          var $entry = $(this).closest(".sidebar-list");
          $(this).prop("hidden", true);
          closeMenus();
          $entry.find("[data-action='list-menu']").trigger("focus");
        }
      });
  }

  TT.tasks.sidebar = {
    init: init,
    // The name of one of the user's lists, or undefined.
    listName: function (id) {
      var list = find(id);
      return list && list.name;
    },
    // One of the user's lists ({ id, name, color, ... }), or undefined; and its colour dot.
    list: find,
    dot: dot,
    // The user's lists as loaded (for the offline copy).
    lists: function () {
      return lists.slice();
    },
    replaceAll: replaceAll,
    reset: reset
  };
})(window, window.jQuery);
