/*
 * The new-task form above the lists (#new-task-form): checks the title as the server would,
 * creates the task and adds it to the store; a refusal is shown under the field.
 *
 * Quick add: as the user types, POST /tasks/parse (debounced, the latest answer wins) says what
 * the text holds besides the title (due date and time, repetition, a #list); it is shown as chips under the
 * field and announced to screen readers. A chip's × button, or Escape in the field (the last chip
 * first), keeps that part as text: it is sent as `literal` from then on, until the field is empty.
 * Enter creates what the chips show; when the recognition of the text typed is not back within a
 * moment (or failed), the task is created from the literal text.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;
  var store = TT.tasks.store;
  var fields = TT.tasks.fields;
  var due = TT.tasks.due;

  var DEBOUNCE_MS = 250;
  // How long Enter waits for the recognition of the text typed before creating it literally.
  var SUBMIT_WAIT_MS = 1500;

  var literal = {}; // parts kept as text: { due: true, recurrence: true }
  var recognition = null; // { key, result }: the answer for the text and parts in `key`
  var pending = null; // { key, promise }: the newest request
  var sequence = 0;
  var timer = null;
  // Whether POST /tasks takes `recurrence`; learnt from its first refusal.
  var recurrenceAccepted = true;

  function $input() {
    return $("#new-task-title");
  }

  function requestFor(text) {
    var parts = $.map(["due", "recurrence", "list"], function (part) {
      return literal[part] ? part : null;
    });
    return { text: text, locale: i18n.language(), literal: parts };
  }

  function keyOf(request) {
    return JSON.stringify(request);
  }

  function parse() {
    timer = null;
    var text = $.trim($input().val());
    if (!text) {
      return Promise.resolve(null);
    }
    var request = requestFor(text);
    var key = keyOf(request);
    if (pending && pending.key === key) {
      return pending.promise;
    }
    var mine = (sequence += 1);
    var promise = api.parseTask(request).then(
      function (result) {
        if (mine === sequence) {
          recognition = { key: key, result: result };
          render();
        }
        return { key: key, result: result };
      },
      function (error) {
        if (mine === sequence) {
          recognition = null;
          render();
        }
        return { key: key, result: null, error: error };
      }
    );
    pending = { key: key, promise: promise };
    return promise;
  }

  function schedule() {
    window.clearTimeout(timer);
    if (!$.trim($input().val())) {
      forget();
      return;
    }
    timer = window.setTimeout(parse, DEBOUNCE_MS);
  }

  function forget() {
    window.clearTimeout(timer);
    timer = null;
    sequence += 1; // answers still on their way are for text no longer there
    pending = null;
    recognition = null;
    literal = {};
    render();
  }

  // The recognition of what the field holds now, or null.
  function current() {
    var text = $.trim($input().val());
    return recognition && text && recognition.key === keyOf(requestFor(text)) ? recognition.result : null;
  }

  function describeDue(result) {
    return due.dayName(result.due_date, due.now()) + (result.due_time ? " " + result.due_time : "");
  }

  // The chips of a recognition: [{ part, icon, text }].
  function chipsOf(result) {
    var chips = [];
    if (result && result.due_date && !literal.due) {
      chips.push({ part: "due", icon: TT.ui.icon("calendar-event"), text: describeDue(result) });
    }
    if (result && result.recurrence) {
      chips.push({ part: "recurrence", icon: TT.ui.icon("arrow-repeat"), text: TT.tasks.repeat.summary(result.recurrence, result.due_date) });
    }
    if (result && result.list_id && TT.tasks.sidebar.listName(result.list_id)) {
      chips.push({ part: "list", icon: TT.ui.icon("hash"), text: TT.tasks.sidebar.listName(result.list_id) });
    }
    return chips;
  }

  var announced = "";

  function announce(text) {
    announced = text;
    $("#new-task-announcer").text(text);
  }

  function render() {
    var chips = chipsOf(current());
    var $list = $("#new-task-chips").empty().prop("hidden", !chips.length);
    $.each(chips, function (index, chip) {
      var label = chip.text;
      $list.append(
        $("<li>")
          .addClass("badge rounded-pill text-bg-light border d-inline-flex align-items-center gap-1 quick-add-chip")
          .attr("data-part", chip.part)
          .append(chip.icon)
          .append($("<span>").addClass("quick-add-chip-text").text(label))
          .append(
            $("<button>")
              .attr({ type: "button", "data-action": "keep-text", "aria-label": i18n.t("quickAdd.keepText", { what: label }) })
              .addClass("btn-close btn-close-sm ms-1")
          )
      );
    });
    var summary = $.map(chips, function (chip) {
      return chip.text;
    }).join(", ");
    // Announced when what is recognised changes, not at every keystroke.
    if (summary && i18n.t("quickAdd.announce", { what: summary }) !== announced) {
      announce(i18n.t("quickAdd.announce", { what: summary }));
    } else if (!summary) {
      announced = "";
    }
  }

  function keepText(part) {
    var chip = $.grep(chipsOf(current()), function (candidate) {
      return candidate.part === part;
    })[0];
    literal[part] = true;
    if (chip) {
      announce(i18n.t("quickAdd.kept", { what: chip.text }));
    }
    render();
    parse();
  }

  // The fields to create from the text: the recognition when it is back in time, else the text.
  function fieldsFor(text) {
    var ready = current();
    if (ready) {
      return Promise.resolve(ready);
    }
    window.clearTimeout(timer);
    var key = keyOf(requestFor(text));
    var waited = new Promise(function (resolve) {
      window.setTimeout(resolve, SUBMIT_WAIT_MS, null);
    });
    return Promise.race([parse(), waited]).then(function (answer) {
      if (answer && answer.error && answer.error.unauthenticated) {
        throw answer.error; // the session is over: nothing to create
      }
      return answer && answer.key === key ? answer.result : null;
    });
  }

  function taskFields(text, result) {
    var defaults = TT.tasks.lists.newTaskDefaults();
    if (!result) {
      return $.extend({ title: text }, defaults);
    }
    var task = { title: result.title };
    if (result.due_date) {
      task.due_date = result.due_date;
      if (result.due_time) {
        task.due_time = result.due_time;
      }
    }
    if (result.recurrence && recurrenceAccepted) {
      task.recurrence = result.recurrence;
    }
    if (result.list_id) {
      task.list_id = result.list_id; // "#Name" in the text: that list, whichever is shown
    }
    return $.extend(defaults, task);
  }

  function create(task) {
    return api.createTask(task).catch(function (error) {
      // A server without repeating tasks refuses the field: the task is created without it.
      if (task.recurrence && error.status === 422 && error.fieldErrors.recurrence) {
        recurrenceAccepted = false;
        var plain = $.extend({}, task);
        delete plain.recurrence;
        return api.createTask(plain).then(function (created) {
          ui.showNotice(ui.translated("quickAdd.noRecurrence", { title: created.title }), "warning");
          return created;
        });
      }
      throw error;
    });
  }

  function onSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var $field = $input();
    var errors = new ui.FormErrors($form);
    var text = $.trim($field.val());
    errors.clear();
    if (!text) {
      errors.field("title", ui.translated("tasks.titleRequired"));
      $field.trigger("focus");
      return;
    }
    var $button = $form.find("button[type='submit']").prop("disabled", true);
    var title = text;
    var added = null;
    fieldsFor(text)
      .then(function (result) {
        var task = taskFields(text, result);
        title = task.title;
        if (title.length > fields.MAX_TITLE) {
          errors.field("title", ui.translated("tasks.titleTooLong"));
          return null;
        }
        return create(task).then(function (created) {
          store.add([created]);
          added = store.key(created.id);
          $field.val("");
          forget();
        });
      })
      .catch(function (error) {
        if (error.unauthenticated) {
          return;
        }
        errors.field(
          "title",
          error.fieldErrors.title ? fields.message("title", title, error.fieldErrors.title) : ui.errorMessage(error)
        );
      })
      .then(function () {
        $button.prop("disabled", false);
        $field.trigger("focus");
        // After the focus, which would scroll back to the field: the new task is where one looks.
        if (added) {
          TT.tasks.lists.reveal(added);
        }
      });
  }

  // After an add the page shows the new row, which may have taken the field above the top of the
  // page: typing the next task brings the whole form back, not just the caret's line of it (at
  // once: Bootstrap's smooth scrolling would be cut short by the browser's own scroll to the caret).
  function bringFormBack() {
    var form = window.document.getElementById("new-task-form");
    if (form && form.getBoundingClientRect().top < 0) {
      form.scrollIntoView({ block: "start", behavior: "instant" });
    }
  }

  function onKeydown(event) {
    bringFormBack();
    if (event.key !== "Escape") {
      return;
    }
    var chips = chipsOf(current());
    if (chips.length) {
      event.preventDefault();
      keepText(chips[chips.length - 1].part);
    }
  }

  function clearErrors() {
    new ui.FormErrors($("#new-task-form")).clear();
  }

  function reset() {
    clearErrors();
    $input().val("");
    forget();
  }

  function init() {
    $("#new-task-form")
      .on("submit", onSubmit)
      .on("click", "[data-action='keep-text']", function () {
        keepText($(this).closest("[data-part]").attr("data-part"));
        $input().trigger("focus");
      });
    $input()
      .on("input", function () {
        clearErrors();
        schedule();
      })
      .on("keydown", onKeydown);
    // The locale is part of the request: the text is looked at again in the new language.
    $(window.document).on("tt:languagechange", function () {
      render();
      schedule();
    });
  }

  TT.tasks.quickAdd = {
    init: init,
    reset: reset
  };
})(window, window.jQuery);
