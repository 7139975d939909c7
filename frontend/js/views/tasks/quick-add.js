/*
 * The new-task form above the lists (#new-task-form): checks the title as the server would,
 * creates the task and adds it to the store; a refusal is shown under the field.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var store = TT.tasks.store;
  var fields = TT.tasks.fields;

  function onSubmit(event) {
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
    if (title.length > fields.MAX_TITLE) {
      errors.field("title", ui.translated("tasks.titleTooLong"));
      $input.trigger("focus");
      return;
    }
    var $button = $form.find("button[type='submit']").prop("disabled", true);
    api
      .createTask($.extend({ title: title }, TT.tasks.lists.newTaskDefaults()))
      .then(function (task) {
        store.add([task]);
        $input.val("");
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
        $input.trigger("focus");
      });
  }

  function clearErrors() {
    new ui.FormErrors($("#new-task-form")).clear();
  }

  function reset() {
    clearErrors();
    $("#new-task-title").val("");
  }

  function init() {
    $("#new-task-form").on("submit", onSubmit);
    $("#new-task-title").on("input", clearErrors);
  }

  TT.tasks.quickAdd = {
    init: init,
    reset: reset
  };
})(window, window.jQuery);
