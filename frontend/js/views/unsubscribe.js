/*
 * The digest's unsubscribe page: the emailed link PUBLIC_URL/#unsubscribe=<token> (app.js) opens
 * this dialog over either view, signed in or not. It asks first and only then calls
 * POST /unsubscribe: the token is the link's own credential, no session is needed.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;

  var modal;
  var $form;
  // The token of the emailed link the dialog is open for.
  var token = null;

  function showQuestion() {
    new ui.FormErrors($form).clear();
    ui.clearMessage($form.find(".form-notice").prop("hidden", true));
    $form.find(".unsubscribe-question, [type='submit']").prop("hidden", false);
  }

  function setBusy(busy) {
    $form.find("button").prop("disabled", busy);
    $form.attr("aria-busy", busy ? "true" : "false");
  }

  function open(linkToken) {
    token = linkToken;
    showQuestion();
    if (!modal.isOpen()) {
      modal.show();
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    var errors = new ui.FormErrors($form);
    errors.clear();
    setBusy(true);
    api
      .unsubscribe(token)
      .then(function () {
        setBusy(false);
        token = null;
        $form.find(".unsubscribe-question, [type='submit']").prop("hidden", true);
        ui.setMessage($form.find(".form-notice").prop("hidden", false), ui.translated("unsubscribe.done"));
        $form.find("[data-bs-dismiss]").last().trigger("focus");
      })
      .catch(function (error) {
        setBusy(false);
        errors.summary(error.status === 400 ? ui.translated("unsubscribe.invalidLink") : ui.errorMessage(error));
      });
  }

  function init() {
    $form = $("#unsubscribe-form");
    modal = new ui.Modal($("#unsubscribe-modal")[0], {
      initialFocus: function () {
        return $form.find("[type='submit']");
      },
      fallbackFocus: function () {
        var $newTask = $("#new-task-title:visible");
        return $newTask.length ? $newTask : $("#visitor-actions:visible button, #account-toggle:visible, #user-actions:visible a").first();
      },
      onHidden: function () {
        token = null;
        showQuestion();
      }
    });
    $form.on("submit", onSubmit);
  }

  TT.unsubscribeView = { init: init, open: open };
})(window, window.jQuery);
