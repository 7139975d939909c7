/*
 * The logged-in content: the new-task form, the open and done lists and the autosaving editor.
 *
 * `serverCopies` holds the newest copy of each task the server sent; `tasks` what this page shows:
 * that copy with the user's unsaved edits laid over it, rebuilt whenever either changes. The
 * editor's inputs belong to the user: server responses update `tasks` and the lists but never
 * write into the inputs of an open editor.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var api = TT.api;

  var MAX_TITLE = 200;
  var MAX_DESCRIPTION = 10000;
  var STASH_KEY = "tasktracker.unsavedEdits";

  var userId = null;
  var serverCopies = {};
  var tasks = {};
  var savers = {};
  var editor = { id: null, lastId: null, touched: false, modal: null };
  var stashedOnPageHide = false;

  function taskKey(id) {
    return String(id);
  }

  // Timestamps are compared as instants: a local guess (milliseconds) may meet server values
  // (microseconds) in the same list.
  function byCreation(a, b) {
    return Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id;
  }

  function byDoneRecentFirst(a, b) {
    return Date.parse(b.done_at) - Date.parse(a.done_at) || b.id - a.id;
  }

  function nowIso() {
    return new Date().toISOString();
  }

  // The page's copy: server fields, then the unsaved local edits on top.
  function overlay(task, edits, previous) {
    var shown = $.extend({}, task, edits);
    if ("done" in edits && edits.done !== task.done) {
      shown.done_at = edits.done ? (previous && previous.done_at) || nowIso() : null;
    }
    return shown;
  }

  function saverFor(id) {
    var key = taskKey(id);
    if (!savers[key]) {
      savers[key] = new TT.TaskSaver(id, {
        update: api.updateTask,
        fetch: api.getTask,
        version: function () {
          return serverCopies[key] ? serverCopies[key].version : undefined;
        },
        onSaved: applyServerTask,
        onGone: function () {
          removeTask(key);
          if (editor.id === key) {
            renderSaveStatus();
          }
        },
        onStateChange: function () {
          if (editor.id === key) {
            renderSaveStatus();
          }
          renderBackgroundSaves();
        }
      });
    }
    return savers[key];
  }

  // What the page shows: the server's copy and the unsaved edits on top. Rebuilt rather than
  // patched, so an edit dropped before it was sent (an emptied title) leaves no trace.
  function shownCopy(key) {
    var edits = savers[key] ? savers[key].unsavedFields() : {};
    return overlay(serverCopies[key], edits, tasks[key]);
  }

  function rebuild(key) {
    var previous = tasks[key];
    tasks[key] = shownCopy(key);
    if (previous.done !== tasks[key].done || previous.done_at !== tasks[key].done_at) {
      renderLists();
    } else {
      renderRow(key);
    }
  }

  function applyServerTask(task) {
    var key = taskKey(task.id);
    var known = serverCopies[key];
    if (!known || known.version > task.version) {
      return; // Deleted or logged out meanwhile, or an older copy than the one already known.
    }
    serverCopies[key] = task;
    rebuild(key);
  }

  function addTasks(list) {
    $.each(list, function (index, task) {
      var key = taskKey(task.id);
      serverCopies[key] = task;
      tasks[key] = shownCopy(key);
    });
    renderLists();
  }

  function removeTask(key) {
    delete serverCopies[key];
    delete tasks[key];
    delete savers[key];
    renderLists();
  }

  // ---- Lists ---------------------------------------------------------------------------------

  function rowContent($row, task) {
    $row.find(".task-title").text(task.title);
    $row
      .find("[data-action='toggle']")
      .prop("checked", !!task.done)
      .attr("aria-label", i18n.t(task.done ? "tasks.markOpen" : "tasks.markDone", { title: task.title }));
    $row.find(".task-meta").text(task.done && task.done_at ? i18n.t("tasks.doneAt", { date: i18n.formatDateTime(task.done_at) }) : "");
  }

  function buildRow(task) {
    var key = taskKey(task.id);
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
    if (tasks[key]) {
      rowContent($(".task-item[data-task-id='" + key + "']"), tasks[key]);
    }
  }

  function renderLists() {
    // Rebuilding the lists replaces the focused element; put focus back on its replacement.
    var $focused = $(window.document.activeElement);
    var focusedKey = $focused.closest(".task-item").attr("data-task-id");
    var focusedAction = $focused.attr("data-action");

    var all = $.map(tasks, function (task) {
      return task;
    });
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
      $(".task-item[data-task-id='" + focusedKey + "'] [data-action='" + focusedAction + "']").trigger("focus");
    }
  }

  function onToggleInList() {
    var key = $(this).closest(".task-item").attr("data-task-id");
    var done = $(this).prop("checked");
    var saver = saverFor(key);
    saver.change({ done: done });
    saver.flush();
    rebuild(key);
    if (editor.id === key) {
      $("#task-done").prop("checked", done);
    }
  }

  // ---- New task ------------------------------------------------------------------------------

  function onNewTaskSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var $input = $("#new-task-title");
    var errors = new ui.FormErrors($form);
    var title = $.trim($input.val());
    errors.clear();
    if (!title) {
      errors.field("title", ui.translated("tasks.titleRequired"));
      $input.trigger("focus");
      return;
    }
    if (title.length > MAX_TITLE) {
      errors.field("title", ui.translated("tasks.titleTooLong"));
      $input.trigger("focus");
      return;
    }
    var $button = $form.find("button[type='submit']").prop("disabled", true);
    api
      .createTask({ title: title })
      .then(function (task) {
        addTasks([task]);
        $input.val("");
      })
      .catch(function (error) {
        if (error.unauthenticated) {
          return;
        }
        errors.field(
          "title",
          error.fieldErrors.title ? fieldMessage("title", title, error.fieldErrors.title) : ui.errorMessage(error)
        );
      })
      .then(function () {
        $button.prop("disabled", false);
        $input.trigger("focus");
      });
  }

  /*
   * Why the server refused a field, in the interface language when the value shows which of the
   * server's rules it broke (the page knows them); the server's own message otherwise.
   */
  function fieldMessage(field, value, serverMessage) {
    var text = typeof value === "string" ? value : "";
    var hasNul = text.indexOf("\u0000") !== -1;
    if (field === "title") {
      if (!$.trim(text)) {
        return ui.translated("tasks.titleRequired");
      }
      if ($.trim(text).length > MAX_TITLE) {
        return ui.translated("tasks.titleTooLong");
      }
      if (hasNul) {
        return ui.translated("tasks.titleInvalid");
      }
    }
    if (field === "description") {
      if (text.length > MAX_DESCRIPTION) {
        return ui.translated("tasks.descriptionTooLong");
      }
      if (hasNul) {
        return ui.translated("tasks.descriptionInvalid");
      }
    }
    return ui.literal(serverMessage);
  }

  // ---- Editor --------------------------------------------------------------------------------

  function saveErrorMessage(saver) {
    var error = saver.error;
    var unsaved = saver.unsavedFields();
    var field = ["title", "description"].filter(function (name) {
      return error.fieldErrors[name];
    })[0];
    return field ? fieldMessage(field, unsaved[field], error.fieldErrors[field]) : ui.errorMessage(error);
  }

  function renderSaveStatus() {
    var $status = $("#task-save-status");
    var $text = $status.find(".save-text");
    var $retry = $status.find("[data-action='retry-save']");
    var key = editor.id;
    var saver = key && savers[key];
    $status.removeClass("text-danger text-success");
    $retry.prop("hidden", true);
    if (key && !tasks[key]) {
      $text.text(i18n.t("save.gone"));
      $status.addClass("text-danger");
      return;
    }
    if (!saver || !editor.touched) {
      $text.text(i18n.t("editor.autosaveHint"));
      return;
    }
    var state = saver.state();
    if (state === "saving") {
      $text.text(i18n.t("save.saving"));
    } else if (state === "failed") {
      // A failure that is retried by itself needs no explanation; a refusal says why.
      $text.text(
        saver.retrying()
          ? i18n.t("save.failed")
          : i18n.t("save.rejected", { message: ui.messageText(saveErrorMessage(saver)) })
      );
      $status.addClass("text-danger");
      $retry.prop("hidden", false);
    } else {
      $text.text(i18n.t("save.saved"));
      $status.addClass("text-success");
    }
  }

  function failedSavers() {
    return $.map(savers, function (saver) {
      return saver.state() === "failed" ? saver : null;
    });
  }

  function retryFailed() {
    failedSavers().forEach(function (saver) {
      saver.retry();
    });
  }

  // The open editor shows its own task's save status; the notice is for the other tasks.
  function renderBackgroundSaves() {
    var shownInEditor = editor.id === null ? null : savers[editor.id];
    var inBackground = failedSavers().filter(function (saver) {
      return saver !== shownInEditor;
    });
    $("#background-saves").prop("hidden", inBackground.length === 0);
  }

  function setTitleError(message) {
    var $title = $("#task-title");
    if (message) {
      $title.addClass("is-invalid").attr("aria-invalid", "true");
      ui.setMessage($title.siblings(".invalid-feedback"), message);
    } else {
      $title.removeClass("is-invalid").removeAttr("aria-invalid");
      ui.clearMessage($title.siblings(".invalid-feedback"));
    }
  }

  function showDeleteConfirm(visible) {
    $("#task-delete-confirm").prop("hidden", !visible);
    $("#task-delete").prop("hidden", visible);
    ui.clearMessage($("#task-delete-error").prop("hidden", true));
  }

  function openEditor(key, trigger) {
    var task = tasks[key];
    if (!task) {
      return;
    }
    editor.id = key;
    editor.lastId = key;
    editor.touched = false;
    $("#task-title").val(task.title);
    $("#task-description").val(task.description || "");
    $("#task-done").prop("checked", !!task.done);
    $("#task-created").text(i18n.t("editor.created", { date: i18n.formatDateTime(task.created_at) }));
    $("#task-editor-form").find("input, textarea, button").prop("disabled", false);
    setTitleError(null);
    showDeleteConfirm(false);
    renderSaveStatus();
    renderBackgroundSaves();
    editor.modal.show(trigger);
  }

  function editorSaver() {
    return editor.id && tasks[editor.id] ? saverFor(editor.id) : null;
  }

  function onTitleInput() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var title = $(this).val();
    editor.touched = true;
    if (!$.trim(title)) {
      // Refused locally: the description and other fields keep saving, the stored title stays.
      setTitleError(ui.translated("tasks.titleRequired"));
      saver.discard("title");
      rebuild(editor.id);
      return;
    }
    setTitleError(null);
    saver.change({ title: title });
    rebuild(editor.id);
  }

  function onDescriptionInput() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var description = $(this).val();
    editor.touched = true;
    saver.change({ description: description });
    rebuild(editor.id);
  }

  function onDoneChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var done = $(this).prop("checked");
    editor.touched = true;
    saver.change({ done: done });
    saver.flush();
    rebuild(editor.id);
  }

  function flushEditor() {
    var saver = editorSaver();
    if (saver) {
      saver.flush();
    }
  }

  function onDeleteConfirmed() {
    var key = editor.id;
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var $form = $("#task-editor-form");
    $form.find("input, textarea, button").prop("disabled", true);
    saver
      .flush()
      .then(function () {
        return api.deleteTask(key).catch(function (error) {
          if (error.status !== 404) {
            throw error; // 404: already deleted elsewhere, which is what the user wants.
          }
        });
      })
      .then(function () {
        saver.stop();
        removeTask(key);
        editor.modal.hide();
      })
      .catch(function (error) {
        $form.find("input, textarea, button").prop("disabled", false);
        if (error.unauthenticated) {
          return;
        }
        ui.setMessage($("#task-delete-error").prop("hidden", false), ui.translated("editor.deleteFailed"));
        $("#task-delete-yes").trigger("focus");
      });
  }

  // ---- Page lifecycle ------------------------------------------------------------------------

  function flushAll() {
    return Promise.all(
      $.map(savers, function (saver) {
        return saver.flush();
      })
    );
  }

  // The keepalive requests cannot be answered any more, and they fail when the access token has
  // expired, so the edits are also stashed: a reload or a return to this tab sends them again.
  function onPageHide() {
    $.each(savers, function (key, saver) {
      if (saver.hasUnsaved()) {
        api.updateTaskOnUnload(key, saver.unsavedFields());
      }
    });
    stashedOnPageHide = stashUnsaved();
  }

  // Back from the back-forward cache: this page lives on with its edits in memory, and the stash
  // it left would later overwrite whatever is saved meanwhile.
  function onPageShow(event) {
    if (event.originalEvent.persisted && stashedOnPageHide) {
      dropStash();
    }
    stashedOnPageHide = false;
  }

  function onBeforeUnload(event) {
    // Pending and in-flight edits are sent again with keepalive on pagehide; only edits that the
    // server has been refusing or cannot be reached for are worth a warning.
    if (failedSavers().length) {
      event.preventDefault();
      event.originalEvent.returnValue = i18n.t("save.leaveWarning");
      return i18n.t("save.leaveWarning");
    }
    return undefined;
  }

  /*
   * Unsaved edits are kept in this tab's sessionStorage when the session ends under them (revoked,
   * or the refresh token expired) and when the page goes away; they are sent once the same user
   * is logged in again in this tab (load() resumes them). Returns whether anything was stashed.
   */
  function stashUnsaved() {
    var edits = {};
    $.each(savers, function (key, saver) {
      if (saver.hasUnsaved()) {
        edits[key] = saver.unsavedFields();
      }
    });
    if (userId === null || $.isEmptyObject(edits)) {
      return false;
    }
    // A stash of this user that was not resumed yet (the page went away while loading) is kept,
    // with this page's newer values on top.
    var earlier = readStash();
    if (earlier && earlier.user === userId) {
      $.each(earlier.edits, function (key, fields) {
        edits[key] = $.extend({}, fields, edits[key]);
      });
    }
    try {
      window.sessionStorage.setItem(STASH_KEY, JSON.stringify({ user: userId, edits: edits }));
      return true;
    } catch (error) {
      return false; // Storage disabled or full: nothing else can keep them once the session is gone.
    }
  }

  function readStash() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STASH_KEY) || "null");
    } catch (error) {
      return null; // Storage disabled, or not ours to read.
    }
  }

  function dropStash() {
    try {
      window.sessionStorage.removeItem(STASH_KEY);
    } catch (error) {
      // Storage disabled: nothing was stashed.
    }
  }

  function resumeStashed() {
    var stash = readStash();
    dropStash();
    if (!stash || stash.user !== userId) {
      return; // Another user's edits are never sent with this user's session.
    }
    $.each(stash.edits, function (key, fields) {
      // Usually the keepalive request on leaving saved them already: only what differs is sent.
      var differing = {};
      $.each(fields, function (name, value) {
        if (serverCopies[key] && serverCopies[key][name] !== value) {
          differing[name] = value;
        }
      });
      if (!$.isEmptyObject(differing)) {
        var saver = saverFor(key);
        saver.change(differing);
        saver.flush();
        rebuild(key);
      }
    });
  }

  function load() {
    $("#tasks-loading").prop("hidden", false);
    $("#tasks-load-error").prop("hidden", true);
    return api
      .listTasks()
      .then(function (list) {
        serverCopies = {};
        tasks = {};
        addTasks(list);
        resumeStashed();
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

  function show(user) {
    userId = user.id;
    return load();
  }

  // Leaves the logged-in view: nothing of the previous user may stay on the page.
  function reset() {
    stashUnsaved();
    userId = null;
    $.each(savers, function (key, saver) {
      saver.stop();
    });
    savers = {};
    serverCopies = {};
    tasks = {};
    editor.id = null;
    if (editor.modal && editor.modal.isOpen()) {
      editor.modal.hide();
    }
    renderLists();
    renderBackgroundSaves();
    new ui.FormErrors($("#new-task-form")).clear();
    $("#new-task-title").val("");
  }

  function init() {
    editor.modal = new ui.Modal($("#task-modal")[0], {
      initialFocus: function () {
        return $("#task-title");
      },
      onHide: flushEditor,
      onHidden: function () {
        editor.id = null;
        renderBackgroundSaves();
      },
      fallbackFocus: function () {
        var $open = $(".task-item[data-task-id='" + editor.lastId + "'] [data-action='open']");
        return $open.length ? $open : $("#new-task-title");
      }
    });

    $("#new-task-form").on("submit", onNewTaskSubmit);
    $("#new-task-title").on("input", function () {
      new ui.FormErrors($("#new-task-form")).clear();
    });

    $("#task-lists")
      .on("click", "[data-action='open']", function () {
        openEditor($(this).closest(".task-item").attr("data-task-id"), this);
      })
      .on("change", "[data-action='toggle']", onToggleInList);
    $("#tasks-load-error").on("click", "[data-action='reload-tasks']", load);
    $("#background-saves").on("click", "[data-action='retry-all']", retryFailed);

    $("#task-editor-form")
      .on("submit", function (event) {
        event.preventDefault();
      })
      .on("input", "#task-title", onTitleInput)
      .on("input", "#task-description", onDescriptionInput)
      .on("blur", "#task-title, #task-description", flushEditor)
      .on("change", "#task-done", onDoneChange)
      .on("keydown", "#task-title", function (event) {
        // During IME composition Enter picks a candidate (Safari reports it as keyCode 229).
        var composing = event.originalEvent.isComposing || event.keyCode === 229;
        if (event.key === "Enter" && !composing) {
          event.preventDefault();
          editor.modal.hide();
        }
      })
      .on("click", "[data-action='retry-save']", function () {
        var saver = editorSaver();
        if (saver) {
          saver.retry();
        }
      })
      .on("click", "#task-delete", function () {
        showDeleteConfirm(true);
        $("#task-delete-yes").trigger("focus");
      })
      .on("click", "#task-delete-no", function () {
        showDeleteConfirm(false);
        $("#task-delete").trigger("focus");
      })
      .on("click", "#task-delete-yes", onDeleteConfirmed);

    $(window).on("pagehide", onPageHide);
    $(window).on("pageshow", onPageShow);
    $(window).on("beforeunload", onBeforeUnload);
    $(window).on("online", retryFailed);
    $(window.document).on("visibilitychange", function () {
      if (window.document.visibilityState === "hidden") {
        flushAll();
      }
    });
    $(window.document).on("tt:languagechange", function () {
      renderLists();
      renderSaveStatus();
      if (editor.id && tasks[editor.id]) {
        $("#task-created").text(i18n.t("editor.created", { date: i18n.formatDateTime(tasks[editor.id].created_at) }));
      }
    });
  }

  TT.tasksView = {
    init: init,
    show: show,
    reset: reset,
    flushAll: flushAll
  };
})(window, window.jQuery);
