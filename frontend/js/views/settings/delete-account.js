/*
 * The Delete account card (#settings-delete): a first button opens the confirmation inside the
 * card, which says what is lost and asks for the password (an account without one needs a recent
 * sign-in instead); once deleted, the visitor view shows with a notice.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;

  var account = null;

  function $form() {
    return $("#settings-delete-form");
  }

  function close() {
    var $deleteForm = $form().trigger("reset").prop("hidden", true);
    new ui.FormErrors($deleteForm).clear();
    $("#settings-delete [data-action='start-delete']").prop("hidden", false);
  }

  function open() {
    var $deleteForm = $form().prop("hidden", false);
    $("#settings-delete [data-action='start-delete']").prop("hidden", true);
    ui.setMessage($("#settings-delete-question"), ui.translated("settings.deleteQuestion", { email: account.email }));
    $("#settings-delete-password-field").prop("hidden", !account.has_password);
    $("#settings-delete-recent").prop("hidden", account.has_password);
    (account.has_password ? $("#settings-delete-password") : $deleteForm.find("[type='submit']")).trigger("focus");
  }

  function deleted() {
    // The address names the settings page of an account that no longer exists.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    TT.app.showVisitor();
    ui.showNotice(ui.translated("settings.deleted"), "info");
    $("#visitor-actions button").first().trigger("focus");
  }

  function showServerError(errors, error) {
    if (error.status === 403 && error.fieldErrors.password) {
      errors.refusedPassword("password");
    } else if (error.status === 403) {
      errors.summary(ui.translated("settings.deleteSignInAgain"));
    } else if (error.status === 429) {
      errors.tooManyAttempts(error);
    } else {
      errors.summary(ui.errorMessage(error));
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    var $deleteForm = $(this);
    var errors = new ui.FormErrors($deleteForm);
    var password = $deleteForm.find("[name='password']").val();
    errors.clear();
    if (account.has_password && !password) {
      errors.field("password", ui.translated("errors.passwordRequired"));
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    $deleteForm.find("input, button").prop("disabled", true);
    api
      .deleteAccount(account.has_password ? { password: password } : {})
      .then(deleted)
      .catch(function (error) {
        if (error.unauthenticated) {
          return;
        }
        showServerError(errors, error);
        errors.focusFirstInvalid();
      })
      .then(function () {
        $deleteForm.find("input, button").prop("disabled", false);
      });
  }

  function init() {
    $("#settings-delete")
      .on("click", "[data-action='start-delete']", open)
      .on("click", "[data-action='cancel-delete']", function () {
        close();
        $("#settings-delete [data-action='start-delete']").trigger("focus");
      });
    $form().on("submit", onSubmit);
  }

  function show(user) {
    account = { email: user.email, has_password: user.has_password };
    close();
  }

  function reset() {
    account = null;
    close();
  }

  // settings.js, which holds the registry, loads after the section modules.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
