/*
 * The task fields as the page knows the server's rules for them: the title's length limit, and
 * why the server refused a field in the interface language. Used by the new-task form and the
 * editor. Also creates TT.tasks, the namespace of the tasks view's parts (views/tasks/*.js).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;

  var MAX_TITLE = 200;
  var MAX_DESCRIPTION = 10000;

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

  TT.tasks = {
    fields: {
      MAX_TITLE: MAX_TITLE,
      message: fieldMessage
    }
  };
})(window, window.jQuery);
