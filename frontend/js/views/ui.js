/*
 * Small DOM helpers shared by the views: modal dialogs that give focus back, form error display
 * (like server-rendered forms: a summary on top and a message under each field) and the page notice.
 */
(function (window, $) {
  "use strict";

  var i18n = window.TT.i18n;

  // A message is a translation key with optional parameters, or a literal text from the server
  // (only where the page has no translation for what the server said).
  function translated(key, params) {
    return { key: key, params: params };
  }

  function literal(text) {
    return { text: text };
  }

  function messageText(message) {
    return message.key ? i18n.t(message.key, message.params) : message.text;
  }

  // The key and its parameters stay on the element (data-i18n, data-i18n-params), so a language
  // switch translates it again (i18n.apply).
  function setMessage($element, message) {
    if (message.key) {
      $element.attr("data-i18n", message.key);
      if (message.params) {
        $element.attr("data-i18n-params", JSON.stringify(message.params));
      } else {
        $element.removeAttr("data-i18n-params");
      }
    } else {
      $element.removeAttr("data-i18n data-i18n-params");
    }
    $element.text(messageText(message));
  }

  function clearMessage($element) {
    $element.removeAttr("data-i18n data-i18n-params").text("");
  }

  /*
   * What to tell the user about a failed call, in the interface language for every status the
   * API is known to answer with; the server's own (English) message only for anything else.
   */
  // "Try again in …": the wait in seconds under a minute, else in minutes, rounded up (never
  // sooner than allowed), in the message of each unit.
  function waitMessage(secondsKey, minutesKey, seconds) {
    if (seconds < 60) {
      return translated(secondsKey, { count: seconds });
    }
    return translated(minutesKey, { count: Math.ceil(seconds / 60) });
  }

  function errorMessage(error) {
    if (error.status === 0) {
      return translated("errors.network");
    }
    if (error.status === 403) {
      return translated("errors.forbidden");
    }
    if (error.status === 413) {
      return translated("errors.tooLarge");
    }
    if (error.status === 429) {
      return waitMessage(
        "errors.tooManyRequestsSeconds",
        "errors.tooManyRequestsMinutes",
        error.retryAfterSeconds || 60
      );
    }
    if (error.status >= 500 || !error.message) {
      return translated("errors.server");
    }
    return literal(error.message);
  }

  /*
   * Wraps a Bootstrap modal: focus goes to `initialFocus()` once it is shown and back to the element
   * that had it before (or to `fallbackFocus()` when that one is gone or hidden) once it closes.
   */
  function Modal(element, hooks) {
    var self = this;
    this.$element = $(element);
    this.hooks = hooks || {};
    this.returnFocusTo = null;
    this.$element.on("shown.bs.modal", function () {
      var target = self.hooks.initialFocus && self.hooks.initialFocus();
      if (target && target.length) {
        target.trigger("focus");
      }
    });
    this.$element.on("hide.bs.modal", function () {
      if (self.hooks.onHide) {
        self.hooks.onHide();
      }
    });
    this.$element.on("hidden.bs.modal", function () {
      var $target = $(self.returnFocusTo);
      self.returnFocusTo = null;
      if (self.hooks.onHidden) {
        self.hooks.onHidden();
      }
      if (!$target.length || !$.contains(window.document, $target[0]) || !$target.is(":visible")) {
        $target = self.hooks.fallbackFocus ? self.hooks.fallbackFocus() : $();
      }
      if ($target && $target.length) {
        $target.trigger("focus");
      }
    });
  }

  // Bootstrap's modal, made when first needed: making one for every dialog at start is work the
  // first paint need not wait for.
  Modal.prototype.instance = function () {
    return window.bootstrap.Modal.getOrCreateInstance(this.$element[0]);
  };

  Modal.prototype.show = function (returnFocusTo) {
    this.returnFocusTo = returnFocusTo || window.document.activeElement;
    this.instance().show();
  };

  Modal.prototype.hide = function () {
    this.instance().hide();
  };

  Modal.prototype.isOpen = function () {
    return this.$element.hasClass("show");
  };

  /* A form whose fields are inputs named like the API fields, each followed by .invalid-feedback. */
  function FormErrors($form) {
    this.$form = $form;
    this.$summary = $form.find(".form-error-summary");
  }

  FormErrors.prototype.clear = function () {
    this.$form.find(".is-invalid").removeClass("is-invalid").removeAttr("aria-invalid");
    clearMessage(this.$form.find(".invalid-feedback"));
    clearMessage(this.$summary);
    this.$summary.prop("hidden", true);
  };

  FormErrors.prototype.field = function (name, message) {
    var $input = this.$form.find("[name='" + name + "']");
    $input.addClass("is-invalid").attr("aria-invalid", "true");
    setMessage($input.siblings(".invalid-feedback"), message);
  };

  FormErrors.prototype.summary = function (message) {
    setMessage(this.$summary, message);
    this.$summary.prop("hidden", false);
  };

  // A 429 of the login limits (sign-in, and the password confirming an account change).
  FormErrors.prototype.tooManyAttempts = function (error) {
    this.summary(waitMessage("errors.tooManyAttemptsSeconds", "errors.tooManyAttemptsMinutes", error.retryAfterSeconds || 60));
  };

  // The password confirming a change was refused (403): missing, or wrong.
  FormErrors.prototype.refusedPassword = function (name) {
    var missing = !this.$form.find("[name='" + name + "']").val();
    this.field(name, translated(missing ? "errors.passwordRequired" : "settings.wrongPassword"));
    this.summary(translated(missing ? "form.fixErrors" : "settings.wrongPassword"));
  };

  FormErrors.prototype.focusFirstInvalid = function () {
    var $first = this.$form.find(".is-invalid").first();
    ($first.length ? $first : this.$form.find("input").first()).trigger("focus");
  };

  function showNotice(message, tone) {
    var $notice = $("#notice");
    $notice
      .removeClass("alert-info alert-warning alert-danger")
      .addClass("alert-" + (tone || "info"))
      .prop("hidden", false);
    setMessage($notice.find(".notice-text"), message);
  }

  function hideNotice() {
    $("#notice").prop("hidden", true);
  }

  // A form while its request is in flight: its fields and buttons disabled, and marked busy.
  function setBusy($form, busy) {
    $form.find("input, select, button").prop("disabled", busy);
    $form.attr("aria-busy", busy ? "true" : "false");
  }

  // Copies a field's value: the Clipboard API where the page may use it, else the selection and
  // the older copy command. Resolves to whether it was copied.
  function copyValue($field) {
    var fallback = function () {
      $field.trigger("focus").trigger("select");
      try {
        return window.document.execCommand("copy");
      } catch {
        return false;
      }
    };
    if (window.navigator.clipboard && window.navigator.clipboard.writeText) {
      return window.navigator.clipboard.writeText($field.val()).then(
        function () {
          return true;
        },
        fallback
      );
    }
    return Promise.resolve(fallback());
  }

  // An icon of the vendored set (css/icons.css), hidden from screen readers: the text beside it,
  // or the control's accessible name, says what it means. The name is written out at each use
  // (never computed), so tests/frontend/test_icons.py finds every icon the app uses.
  function icon(name) {
    return $("<span>", { "class": "bi bi-" + name, "aria-hidden": "true" });
  }

  // How long a toast stays: long enough to read it and reach its button.
  var UNDO_TOAST_MS = 6000;
  // The toasts with an Undo still shown, oldest first: the `z` shortcut undoes the newest (undoLast).
  var liveToasts = [];

  // Says a text once to screen readers, in the one live region of the toasts (#toast-announcer,
  // in the page from the start: a region added with its text already in it is often not read).
  function announce(text) {
    var $region = $("#toast-announcer");
    $region.text("");
    // A new text in the next frame, so the same message twice is read twice.
    window.setTimeout(function () {
      $region.text(text);
    }, 50);
  }

  // A short message at the bottom of the page, instead of an "Are you sure?" dialog, with an
  // Undo button when `onUndo` is given: it runs when the button is pressed before the toast goes.
  // Returns a handle whose undo() does the same (a keyboard shortcut) and dismiss() closes it.
  // The toast itself is not a live region: its message is announced once, by announce(); an
  // undo is announced as "Undone.". The text is inserted as text.
  function toast(message, onUndo) {
    var $toast = $('<div class="toast show align-items-center"><div class="d-flex align-items-center gap-2 p-2"></div></div>');
    var $body = $toast.children().first();
    $body.append($("<span>", { "class": "toast-text flex-grow-1 px-1" }).text(message));
    if (onUndo) {
      // Marked like the page's own text, so a language switch translates it again.
      $body.append(
        $("<button>", { type: "button", "class": "btn btn-sm btn-outline-primary", "data-action": "undo" }).append(
          icon("arrow-counterclockwise"),
          " ",
          $("<span>", { "data-i18n": "toast.undo" }).text(i18n.t("toast.undo"))
        )
      );
    }
    $body.append(
      $("<button>", { type: "button", "class": "btn-close", "data-action": "dismiss-toast" }).attr({
        "data-i18n-aria-label": "form.close",
        "aria-label": i18n.t("form.close")
      })
    );
    var done = false;
    var timer = null;
    var handle = {};
    function dismiss() {
      if (!done) {
        done = true;
        window.clearTimeout(timer);
        if (liveToasts.indexOf(handle) !== -1) {
          liveToasts.splice(liveToasts.indexOf(handle), 1);
        }
        $toast.remove();
      }
    }
    function undo() {
      if (!done && onUndo) {
        dismiss();
        announce(i18n.t("shortcuts.undone"));
        onUndo();
      }
    }
    $toast.on("click", "[data-action='undo']", undo).on("click", "[data-action='dismiss-toast']", dismiss);
    // Hovering or focusing the toast keeps it, so nobody loses the button while reaching it.
    $toast.on("mouseenter focusin", function () {
      window.clearTimeout(timer);
    });
    $toast.on("mouseleave focusout", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(dismiss, UNDO_TOAST_MS);
    });
    handle.undo = undo;
    handle.dismiss = dismiss;
    if (onUndo) {
      liveToasts.push(handle);
    }
    $("#toasts").append($toast);
    announce(message);
    timer = window.setTimeout(dismiss, UNDO_TOAST_MS);
    return handle;
  }

  function undoToast(message, onUndo) {
    return toast(message, onUndo);
  }

  // A toast that only tells (nothing to undo).
  function infoToast(message) {
    return toast(message, null);
  }

  // Undoes what the newest toast still shown offers; false when there is none.
  function undoLast() {
    var last = liveToasts[liveToasts.length - 1];
    if (last) {
      last.undo();
    }
    return !!last;
  }

  $(function () {
    $("#notice").on("click", "[data-action='dismiss-notice']", hideNotice);
  });

  window.TT.ui = {
    Modal: Modal,
    FormErrors: FormErrors,
    translated: translated,
    literal: literal,
    messageText: messageText,
    setMessage: setMessage,
    clearMessage: clearMessage,
    errorMessage: errorMessage,
    waitMessage: waitMessage,
    showNotice: showNotice,
    hideNotice: hideNotice,
    icon: icon,
    undoToast: undoToast,
    infoToast: infoToast,
    announce: announce,
    undoLast: undoLast,
    setBusy: setBusy,
    copyValue: copyValue
  };
})(window, window.jQuery);
