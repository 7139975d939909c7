/*
 * The task editor (#task-modal: a side panel or a sheet, panel.js). Its inputs are filled when it opens and from then on only
 * the user writes them; every edit goes through the task's TaskSaver (autosave) and the store.
 * Also owned here: the dialog's save status, the notice for failed saves of the other tasks
 * (#background-saves) and delete: no question asked, the task goes to the trash and a toast
 * offers Undo (trash.js restores it).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var api = TT.api;
  var store = TT.tasks.store;
  var fields = TT.tasks.fields;
  var lists = TT.tasks.lists;
  var checklist = TT.tasks.checklist;
  var repeat = TT.tasks.repeat;
  var due = TT.tasks.due;
  var reminder = TT.tasks.reminder;
  var trash = TT.tasks.trash;
  var completion = TT.tasks.completion;

  var editor = { id: null, lastId: null, touched: false, modal: null };

  function saveErrorMessage(saver) {
    var error = saver.error;
    var unsaved = saver.unsavedFields();
    var field = ["title", "description"].filter(function (name) {
      return error.fieldErrors[name];
    })[0];
    return field ? fields.message(field, unsaved[field], error.fieldErrors[field]) : ui.errorMessage(error);
  }

  function renderSaveStatus() {
    var $status = $("#task-save-status");
    var $text = $status.find(".save-text");
    var $retry = $status.find("[data-action='retry-save']");
    var key = editor.id;
    var saver = key && store.existingSaver(key);
    $status.removeClass("text-danger text-success");
    $retry.prop("hidden", true);
    if (key && !store.shown(key)) {
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

  // The open editor shows its own task's save status; the notice is for the other tasks.
  function renderBackgroundSaves() {
    var shownInEditor = editor.id === null ? null : store.existingSaver(editor.id);
    var inBackground = store.failedSavers().filter(function (saver) {
      return saver !== shownInEditor;
    });
    $("#background-saves").prop("hidden", inBackground.length === 0);
  }

  function renderCreated() {
    var task = store.shown(editor.id);
    $("#task-created").text(i18n.t("editor.created", { date: i18n.formatDateTime(task.created_at) }));
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

  function clearDeleteError() {
    ui.clearMessage($("#task-delete-error").prop("hidden", true));
  }

  function open(key, trigger) {
    var task = store.shown(key);
    if (!task) {
      return;
    }
    // Another task while the panel is open: what was typed in this one is sent first.
    if (editor.id !== null && editor.id !== key) {
      flushEditor();
    }
    editor.id = key;
    editor.lastId = key;
    editor.touched = false;
    fillFields(task, true);
    renderCreated();
    $("#task-editor-form").find("input, textarea, button").prop("disabled", false);
    showDue(task.due_date, task.due_time);
    repeat.show(task.recurrence, task.due_date);
    showRemind(reminder.choiceOf(task.remind_at, task.due_date, task.due_time), task.remind_at);
    checklist.show(task.checklist, onChecklistChange);
    setTitleError(null);
    clearDeleteError();
    renderSaveStatus();
    renderBackgroundSaves();
    lists.markOpen(key);
    editor.modal.show(trigger);
  }

  // The list's checkbox and the editor's show the same thing: a user's action, not a server copy.
  // Wherever it was ticked, completing shows one toast (completion.js); a recurring task moves
  // on once `flushed` (its save) settles.
  function showDone(key, done, flushed) {
    if (editor.id === key) {
      $("#task-done").prop("checked", done);
    }
    var task = store.shown(key);
    if (!done || !task || !flushed) {
      completion.reopened(key);
      return;
    }
    completion.completed(key, flushed);
    if (task.recurrence) {
      afterRecurringDone(key, flushed);
    }
  }

  // The text fields, the done box and the list as `task` shows them. Once open, a title the user
  // emptied (refused here, not saved) stays empty for them to fill.
  function fillFields(task, opening) {
    var $title = $("#task-title");
    if (opening || $.trim($title.val())) {
      $title.val(task.title);
    }
    $("#task-description").val(task.description || "");
    $("#task-done").prop("checked", !!task.done);
    $("#task-list").val(task.list_id === null ? "inbox" : String(task.list_id));
  }

  // A change that arrives while the editor is open (another tab or device, live.js) shows in its
  // fields: the shown copy already holds this page's unsaved edits, so a field the user is typing
  // in keeps its text (setting a field to its own value leaves the caret), and one they are not
  // typing in must not keep the older text to send later.
  function refreshFromStore() {
    var task = editor.id && store.shown(editor.id);
    if (task) {
      fillFields(task, false);
    }
  }

  function editorSaver() {
    return editor.id && store.shown(editor.id) ? store.saverFor(editor.id) : null;
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
      store.rebuild(editor.id);
      return;
    }
    setTitleError(null);
    saver.change({ title: title });
    store.rebuild(editor.id);
  }

  function onDescriptionInput() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var description = $(this).val();
    editor.touched = true;
    saver.change({ description: description });
    store.rebuild(editor.id);
  }

  function onDoneChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var done = $(this).prop("checked");
    editor.touched = true;
    saver.change({ done: done });
    var flushed = saver.flush();
    store.rebuild(editor.id);
    showDone(editor.id, done, flushed);
  }

  // Options: the sidebar's lists (sidebar.js).
  function onListChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var value = $(this).val();
    editor.touched = true;
    saver.change({ list_id: value === "inbox" ? null : Number(value) });
    saver.flush();
    store.rebuild(editor.id);
  }

  // A completed recurring task stays open at its next date: the editor shows where it went (the
  // toast of completion.js says so).
  function afterRecurringDone(key, flushed) {
    flushed.then(function () {
      var task = store.shown(key);
      var saver = store.existingSaver(key);
      if (!task || !saver || saver.state() === "failed" || editor.id !== key) {
        return;
      }
      $("#task-done").prop("checked", !!task.done);
      showDue(task.due_date, task.due_time);
      repeat.show(task.recurrence, task.due_date);
    });
  }

  // The user picked a schedule: it needs a date, today's when the task has none yet.
  function onRepeatChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var dueDate = $("#task-due-date").val() || null;
    var rule = repeat.fromControls(dueDate || due.now().date);
    var changes = { recurrence: rule };
    if (rule && !dueDate) {
      dueDate = due.now().date;
      showDue(dueDate, null);
      changes.due_date = dueDate;
    }
    repeat.show(rule, dueDate);
    editor.touched = true;
    saver.change(changes);
    saver.flush();
    store.rebuild(editor.id);
  }

  function onRepeatStop() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    editor.touched = true;
    repeat.show(null, $("#task-due-date").val() || null);
    saver.change({ recurrence: null });
    saver.flush();
    store.rebuild(editor.id);
    $("#task-repeat-freq").trigger("focus");
  }

  // Skipping moves the task on the server, after this page's own changes are saved.
  function onRepeatSkip() {
    var key = editor.id;
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    repeat.showError(null);
    saver
      .flush()
      .then(function () {
        var known = store.serverCopy(key);
        return api.skipTask(key, known && known.version);
      })
      .then(function (task) {
        store.add([task]);
        if (editor.id === key) {
          showDue(task.due_date, task.due_time);
          repeat.show(task.recurrence, task.due_date);
        }
        repeat.announceNext(task);
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          repeat.showError(i18n.t("repeat.skipFailed"));
        }
      });
  }

  // A time needs a date: the time field waits for one.
  function showDue(dueDate, dueTime) {
    $("#task-due-date").val(dueDate || "");
    $("#task-due-time")
      .val(dueDate ? dueTime || "" : "")
      .prop("disabled", !dueDate);
    $("#task-due-clear").prop("disabled", !dueDate);
  }

  // Date and time go together, so the server never sees a time without its date.
  function onDueChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var dueDate = $("#task-due-date").val() || null;
    var dueTime = (dueDate && $("#task-due-time").val()) || null;
    var changes = { due_date: dueDate, due_time: dueTime };
    showDue(dueDate, dueTime);
    // A recurring task needs its date: clearing the date stops repeating; a new date may move
    // the day of the month a schedule repeats on.
    if (repeat.current()) {
      changes.recurrence = dueDate ? repeat.ruleOn(dueDate) : null;
      repeat.show(changes.recurrence, dueDate);
    }
    editor.touched = true;
    // A reminder chosen relative to the due date follows it, or goes when the date or time does.
    var choice = $("#task-remind").val();
    if (choice !== "none" && choice !== "custom") {
      changes.remind_at = reminder.choiceInstant(choice, dueDate, dueTime);
      showRemind(changes.remind_at ? choice : "none", changes.remind_at);
    } else {
      showRemind(choice, null);
    }
    saver.change(changes);
    saver.flush();
    store.rebuild(editor.id);
  }

  // The quick choices that need a due date (and time) wait for them; "custom" shows its field.
  function showRemind(choice, remindAt) {
    var dueDate = $("#task-due-date").val();
    var dueTime = dueDate && $("#task-due-time").val();
    var $select = $("#task-remind");
    $select.find("option[value='due'], option[value='before30']").prop("disabled", !dueTime);
    $select.find("option[value='morning']").prop("disabled", !dueDate);
    $select.val(choice);
    $("#task-remind-custom-group").prop("hidden", choice !== "custom");
    if (choice === "custom" && remindAt) {
      $("#task-remind-custom").val(reminder.customValue(remindAt));
    }
  }

  function onRemindChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var choice = $("#task-remind").val();
    var remindAt = null;
    if (choice === "custom") {
      remindAt = reminder.customInstant($("#task-remind-custom").val());
      if (!remindAt) {
        showRemind(choice, null);
        $("#task-remind-custom").trigger("focus");
        return; // Saved once the field has a date and time.
      }
    } else if (choice !== "none") {
      remindAt = reminder.choiceInstant(choice, $("#task-due-date").val(), $("#task-due-time").val() || null);
    }
    showRemind(choice, remindAt);
    editor.touched = true;
    saver.change({ remind_at: remindAt });
    saver.flush();
    store.rebuild(editor.id);
  }

  function onChecklistChange(items) {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    editor.touched = true;
    saver.change({ checklist: items });
    store.rebuild(editor.id);
  }

  function flushEditor() {
    var saver = editorSaver();
    if (saver) {
      saver.flush();
    }
  }

  function onDelete() {
    var key = editor.id;
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    clearDeleteError();
    var $form = $("#task-editor-form");
    $form.find("input, textarea, button").prop("disabled", true);
    trash
      .moveToTrash(key)
      .then(function () {
        editor.modal.hide();
      })
      .catch(function (error) {
        $form.find("input, textarea, button").prop("disabled", false);
        showDue($("#task-due-date").val(), $("#task-due-time").val());
        if (error.unauthenticated) {
          return;
        }
        ui.setMessage($("#task-delete-error").prop("hidden", false), ui.translated("editor.deleteFailed"));
        $("#task-delete").trigger("focus");
      });
  }

  // The user is gone (run after the store is cleared).
  function reset() {
    completion.reset();
    editor.id = null;
    if (editor.modal && editor.modal.isOpen()) {
      editor.modal.hide();
    }
    renderBackgroundSaves();
  }

  function init() {
    completion.init({
      reopened: function (key) {
        if (editor.id === key) {
          $("#task-done").prop("checked", false);
        }
      }
    });
    repeat.init({ changed: onRepeatChange, skip: onRepeatSkip, stop: onRepeatStop });
    editor.modal = new TT.tasks.Panel($("#task-modal")[0], {
      initialFocus: function () {
        return $("#task-title");
      },
      onHide: flushEditor,
      onHidden: function () {
        editor.id = null;
        lists.markOpen(null);
        renderBackgroundSaves();
      },
      fallbackFocus: function () {
        var $open = lists.rowControl(editor.lastId, "open");
        return $open.length ? $open : $("#new-task-title");
      }
    });

    store.onSaveStateChange(function (key) {
      if (editor.id === key) {
        renderSaveStatus();
      }
      renderBackgroundSaves();
    });
    store.onChange(refreshFromStore);
    store.onGone(function (key) {
      if (editor.id === key) {
        renderSaveStatus();
      }
    });

    $("#background-saves").on("click", "[data-action='retry-all']", store.retryFailed);

    $("#task-editor-form")
      .on("submit", function (event) {
        event.preventDefault();
      })
      .on("input", "#task-title", onTitleInput)
      .on("input", "#task-description", onDescriptionInput)
      .on("blur", "#task-title, #task-description, #task-checklist input", flushEditor)
      .on("change", "#task-done", onDoneChange)
      .on("change", "#task-list", onListChange)
      .on("change", "#task-due-date, #task-due-time", onDueChange)
      .on("change", "#task-remind, #task-remind-custom", onRemindChange)
      .on("click", "#task-due-clear", function () {
        $("#task-due-date, #task-due-time").val("");
        onDueChange();
        $("#task-due-date").trigger("focus");
      })
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
      .on("click", "#task-delete", onDelete);

    $(window.document).on("tt:languagechange", function () {
      renderSaveStatus();
      if (editor.id && store.shown(editor.id)) {
        renderCreated();
      }
    });
  }

  TT.tasks.editor = {
    init: init,
    open: open,
    showDone: showDone,
    reset: reset
  };
})(window, window.jQuery);
