/*
 * The Password card (#settings-password): change the password (the current one, the new one
 * twice), which signs out the other devices; an account without a password (made by a sign-in
 * provider) gets the password reset email instead, whose link sets one.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  var MIN_PASSWORD = 8;
  var MAX_PASSWORD = 128;
  var email = null;

  function setStatus($status, message, tone) {
    $status.removeClass("text-success text-danger").addClass(tone);
    if (message) {
      ui.setMessage($status, message);
    } else {
      ui.clearMessage($status);
    }
  }

  function checkNewPassword(errors, password, confirmation) {
    var valid = true;
    if (password.length < MIN_PASSWORD) {
      errors.field("new_password", ui.translated("errors.passwordTooShort"));
      valid = false;
    } else if (password.length > MAX_PASSWORD) {
      errors.field("new_password", ui.translated("errors.passwordTooLong"));
      valid = false;
    }
    if (confirmation !== password) {
      errors.field("new_password_confirm", ui.translated("errors.passwordMismatch"));
      valid = false;
    }
    return valid;
  }

  function showServerError(errors, error, password) {
    if (error.status === 403) {
      errors.refusedPassword("current_password");
    } else if (error.status === 422 && error.fieldErrors.new_password) {
      var tooLong = password.length > MAX_PASSWORD;
      errors.field("new_password", ui.translated(tooLong ? "errors.passwordTooLong" : "errors.passwordTooShort"));
      errors.summary(ui.translated("form.fixErrors"));
    } else if (error.status === 429) {
      errors.tooManyAttempts(error);
    } else {
      errors.summary(ui.errorMessage(error));
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var current = $form.find("[name='current_password']").val();
    var password = $form.find("[name='new_password']").val();
    var confirmation = $form.find("[name='new_password_confirm']").val();
    var $status = $form.find(".settings-status");
    errors.clear();
    setStatus($status, null, "");
    var valid = checkNewPassword(errors, password, confirmation);
    if (!current) {
      errors.field("current_password", ui.translated("errors.passwordRequired"));
      valid = false;
    }
    if (!valid) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .changePassword({ current_password: current, new_password: password })
      .then(function () {
        ui.setBusy($form, false);
        $form.trigger("reset");
        // The other sessions have ended: the sessions card shows it.
        return TT.settingsView.refresh().then(function () {
          setStatus($status, ui.translated("settings.passwordChanged"), "text-success");
        });
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.unauthenticated) {
          return;
        }
        showServerError(errors, error, password);
        errors.focusFirstInvalid();
      });
  }

  function onSendSetPassword() {
    var $button = $(this).prop("disabled", true);
    var $status = $("#settings-set-password .settings-status");
    var address = email;
    api
      .requestPasswordReset({ email: address, locale: i18n.language() })
      .then(function () {
        setStatus($status, ui.translated("settings.setPasswordSent", { email: address }), "text-success");
      })
      .catch(function (error) {
        var message =
          error.status === 429
            ? ui.waitMessage("errors.tooManyRequestsSeconds", "errors.tooManyRequestsMinutes", error.retryAfterSeconds || 60)
            : ui.errorMessage(error);
        setStatus($status, message, "text-danger");
      })
      .then(function () {
        $button.prop("disabled", false);
      });
  }

  function init() {
    $("#settings-password-form").on("submit", onSubmit);
    $("#settings-set-password").on("click", "[data-action='send-set-password']", onSendSetPassword);
  }

  function show(user) {
    email = user.email;
    $("#settings-password-form").prop("hidden", !user.has_password);
    $("#settings-set-password").prop("hidden", user.has_password);
  }

  function reset() {
    email = null;
    var $form = $("#settings-password-form").trigger("reset");
    new ui.FormErrors($form).clear();
    setStatus($form.find(".settings-status"), null, "");
    setStatus($("#settings-set-password .settings-status"), null, "");
  }

  // settings.js, which holds the registry, loads after the section modules.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
