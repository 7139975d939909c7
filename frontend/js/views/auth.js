/*
 * Header and the sign-up / log-in / password reset dialogs. Every dialog is a real <form>; its
 * submit is taken over and sent by Ajax, and errors are shown next to the fields and on top of
 * the form. The reset dialog opens from the emailed link, PUBLIC_URL/#reset=<token> (app.js).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;

  var EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;
  var MIN_PASSWORD = 8;
  var MAX_PASSWORD = 128;

  var signedInListeners = $.Callbacks();
  var signupModal;
  var loginModal;
  var forgotModal;
  var resetModal;
  // The token of the emailed link the reset dialog is open for.
  var resetToken = null;

  function browserTimezone() {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      return typeof zone === "string" && zone ? zone : null;
    } catch {
      return null;
    }
  }

  // Client-side checks mirror the server's rules so most mistakes are shown without a round trip;
  // the server still decides and its answers are shown the same way.
  function checkEmail(errors, email) {
    if (!email) {
      errors.field("email", ui.translated("errors.emailRequired"));
      return false;
    }
    if (!EMAIL_PATTERN.test(email)) {
      errors.field("email", ui.translated("errors.emailInvalid"));
      return false;
    }
    return true;
  }

  // `field` names the password input ("password" on sign-up, "new_password" on reset); its
  // confirmation is the input named the same plus "_confirm".
  function checkNewPassword(errors, password, confirmation, field) {
    var name = field || "password";
    var valid = true;
    if (password.length < MIN_PASSWORD) {
      errors.field(name, ui.translated("errors.passwordTooShort"));
      valid = false;
    } else if (password.length > MAX_PASSWORD) {
      errors.field(name, ui.translated("errors.passwordTooLong"));
      valid = false;
    }
    if (confirmation !== password) {
      errors.field(name + "_confirm", ui.translated("errors.passwordMismatch"));
      valid = false;
    }
    return valid;
  }

  // Field messages of a 422 are shown in the interface language where the field is known.
  var FIELD_MESSAGE_KEYS = {
    email: "errors.emailInvalid",
    password_confirm: "errors.passwordMismatch"
  };

  function passwordMessageKey(password) {
    return password.length > MAX_PASSWORD ? "errors.passwordTooLong" : "errors.passwordTooShort";
  }

  function showServerError(errors, error, password) {
    if (error.status === 429) {
      errors.tooManyAttempts(error);
      return;
    }
    if (error.status === 422) {
      $.each(error.fieldErrors, function (field, message) {
        var isPassword = field === "password" || field === "new_password";
        var key = isPassword ? passwordMessageKey(password) : FIELD_MESSAGE_KEYS[field];
        if (errors.$form.find("[name='" + field + "']").length) {
          errors.field(field, key ? ui.translated(key) : ui.literal(message));
        }
      });
      errors.summary(ui.translated("form.fixErrors"));
      return;
    }
    errors.summary(ui.errorMessage(error));
  }

  function register(fields) {
    return api.register(fields).catch(function (error) {
      // An IANA zone the server does not know must not stop anyone from signing up: the server
      // then uses its default timezone for the digest.
      var onlyTimezone = error.status === 422 && Object.keys(error.fieldErrors).join() === "timezone";
      if (onlyTimezone && fields.timezone) {
        return api.register($.extend({}, fields, { timezone: undefined }));
      }
      throw error;
    });
  }

  function onSignupSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var email = $.trim($form.find("[name='email']").val());
    var password = $form.find("[name='password']").val();
    var confirmation = $form.find("[name='password_confirm']").val();
    errors.clear();
    var emailValid = checkEmail(errors, email);
    var passwordValid = checkNewPassword(errors, password, confirmation);
    if (!emailValid || !passwordValid) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    register({
      email: email,
      password: password,
      password_confirm: confirmation,
      timezone: browserTimezone() || undefined,
      locale: TT.i18n.language()
    })
      .then(function (user) {
        ui.setBusy($form, false);
        $form.trigger("reset");
        signupModal.hide();
        signedInListeners.fire(user);
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.status === 409) {
          errors.field("email", ui.translated("errors.emailTaken"));
          errors.summary(ui.translated("errors.emailTaken"));
        } else {
          showServerError(errors, error, password);
        }
        errors.focusFirstInvalid();
      });
  }

  function onLoginSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var $password = $form.find("[name='password']");
    var email = $.trim($form.find("[name='email']").val());
    var password = $password.val();
    errors.clear();
    var emailValid = checkEmail(errors, email);
    if (!password) {
      errors.field("password", ui.translated("errors.passwordRequired"));
    }
    if (!emailValid || !password) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .logIn({ email: email, password: password })
      .then(function (user) {
        ui.setBusy($form, false);
        $form.trigger("reset");
        loginModal.hide();
        signedInListeners.fire(user);
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.status === 401) {
          errors.summary(ui.translated("errors.invalidCredentials"));
          $password.val("").trigger("focus");
          return;
        }
        showServerError(errors, error, password);
        errors.focusFirstInvalid();
      });
  }

  function showFormNotice($form, message) {
    ui.setMessage($form.find(".form-notice").prop("hidden", false), message);
  }

  function openForgot(opener) {
    var $forgotForm = $("#forgot-form");
    $forgotForm.find("[name='email']").val($.trim($("#login-form [name='email']").val()));
    // One dialog at a time: the forgot dialog opens once the login dialog has closed.
    if (loginModal.isOpen()) {
      loginModal.$element.one("hidden.bs.modal", function () {
        forgotModal.show(opener);
      });
      loginModal.hide();
    } else {
      forgotModal.show(opener);
    }
  }

  function onForgotSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var email = $.trim($form.find("[name='email']").val());
    errors.clear();
    if (!checkEmail(errors, email)) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .requestPasswordReset({ email: email, locale: TT.i18n.language() })
      .then(function () {
        ui.setBusy($form, false);
        // The same answer whether or not the account exists: the server does not tell.
        $form.find(".forgot-fields, [type='submit']").prop("hidden", true);
        showFormNotice($form, ui.translated("forgot.sent", { email: email }));
        $form.find("[data-bs-dismiss]").last().trigger("focus");
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        showServerError(errors, error, "");
        errors.focusFirstInvalid();
      });
  }

  function openReset(token) {
    resetToken = token;
    if (!resetModal.isOpen()) {
      resetModal.show();
    }
  }

  function onResetSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var password = $form.find("[name='new_password']").val();
    var confirmation = $form.find("[name='new_password_confirm']").val();
    errors.clear();
    if (!checkNewPassword(errors, password, confirmation, "new_password")) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .confirmPasswordReset({ token: resetToken, new_password: password })
      .then(function () {
        ui.setBusy($form, false);
        resetToken = null;
        $form.trigger("reset");
        // Every session of the account has ended, this one too: log in again.
        resetModal.$element.one("hidden.bs.modal", function () {
          TT.app.showVisitor();
          showFormNotice($("#login-form"), ui.translated("login.passwordChanged"));
          loginModal.show($("#visitor-actions [data-action='open-login']")[0]);
        });
        resetModal.hide();
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.status === 400) {
          errors.summary(ui.translated("reset.invalidLink"));
          return;
        }
        showServerError(errors, error, password);
        errors.focusFirstInvalid();
      });
  }

  function showVisitor() {
    $("#user-actions, [data-when='user']").prop("hidden", true);
    $("#user-email, #account-email, #account-initial").text("");
    $("#visitor-actions, [data-when='visitor']").prop("hidden", false);
  }

  function showUser(user) {
    $("#visitor-actions, [data-when='visitor']").prop("hidden", true);
    $("#user-email, #account-email").text(user.email);
    $("#account-initial").text(user.email.charAt(0).toUpperCase());
    $("#user-actions, [data-when='user']").prop("hidden", false);
  }

  // A dialog holding one of the forms: focus on its first field, its errors and notice cleared
  // once closed, and focus back to the new-task field or the header when the opener is gone.
  function formModal(modalSelector, $form) {
    return new ui.Modal($(modalSelector)[0], {
      initialFocus: function () {
        return $form.find("input").first();
      },
      fallbackFocus: function () {
        var $newTask = $("#new-task-title:visible");
        return $newTask.length ? $newTask : $("#visitor-actions:visible button, #account-toggle:visible, #user-actions:visible a").first();
      },
      onHidden: function () {
        new ui.FormErrors($form).clear();
        ui.clearMessage($form.find(".form-notice").prop("hidden", true));
      }
    });
  }

  function init() {
    var $signupForm = $("#signup-form");
    var $loginForm = $("#login-form");
    var $forgotForm = $("#forgot-form");
    var $resetForm = $("#reset-form");
    signupModal = formModal("#signup-modal", $signupForm);
    loginModal = formModal("#login-modal", $loginForm);
    forgotModal = formModal("#forgot-modal", $forgotForm);
    resetModal = formModal("#reset-modal", $resetForm);
    forgotModal.$element.on("hidden.bs.modal", function () {
      $forgotForm.trigger("reset").find(".forgot-fields, [type='submit']").prop("hidden", false);
    });

    $signupForm.on("submit", onSignupSubmit);
    $loginForm.on("submit", onLoginSubmit);
    $forgotForm.on("submit", onForgotSubmit);
    $resetForm.on("submit", onResetSubmit);

    $("body").on("click", "[data-action='open-signup']", function () {
      signupModal.show(this);
    });
    $("body").on("click", "[data-action='open-login']", function () {
      loginModal.show(this);
    });
    $("body").on("click", "[data-action='open-forgot']", function () {
      openForgot($("#visitor-actions [data-action='open-login']")[0]);
    });
    $("header").on("click", "[data-action='logout']", function () {
      var $button = $(this).prop("disabled", true);
      TT.tasksView
        .flushAll()
        .then(function () {
          return api.logOut();
        })
        .catch(function () {
          // Even when the logout call fails (network), the user asked to leave: show the visitor
          // view; the next page load asks the server again who is logged in.
        })
        .then(function () {
          $button.prop("disabled", false);
          TT.offline.forget();
          TT.app.showVisitor();
          $("#visitor-actions button").first().trigger("focus");
        });
    });
  }

  TT.authView = {
    init: init,
    showVisitor: showVisitor,
    showUser: showUser,
    openReset: openReset,
    browserTimezone: browserTimezone,
    onSignedIn: function (listener) {
      signedInListeners.add(listener);
    }
  };
})(window, window.jQuery);
