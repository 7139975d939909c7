/*
 * Small DOM helpers shared by the views: modal dialogs that give focus back, form error display
 * (like server-rendered forms: a summary on top and a message under each field) and the page notice.
 */
(function (window, $) {
  "use strict";

  var i18n = window.TT.i18n;

  // Shows a message: a translation key, optionally with parameters, or a literal text from the
  // server. A plain key is kept in data-i18n so that a language switch translates it again.
  function setMessage($element, message) {
    if (message.key && !message.params) {
      $element.attr("data-i18n", message.key).text(i18n.t(message.key));
    } else {
      $element.removeAttr("data-i18n").text(message.key ? i18n.t(message.key, message.params) : message.text);
    }
  }

  function translated(key, params) {
    return { key: key, params: params };
  }

  function literal(text) {
    return { text: text };
  }

  /*
   * Wraps a Bootstrap modal: focus goes to `initialFocus()` once it is shown and back to the element
   * that had it before (or to `fallbackFocus()` when that one is gone or hidden) once it closes.
   */
  function Modal(element, hooks) {
    var self = this;
    this.$element = $(element);
    this.instance = window.bootstrap.Modal.getOrCreateInstance(element);
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

  Modal.prototype.show = function (returnFocusTo) {
    this.returnFocusTo = returnFocusTo || window.document.activeElement;
    this.instance.show();
  };

  Modal.prototype.hide = function () {
    this.instance.hide();
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
    this.$form.find(".invalid-feedback").removeAttr("data-i18n").text("");
    this.$summary.removeAttr("data-i18n").text("").prop("hidden", true);
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

  $(function () {
    $("#notice").on("click", "[data-action='dismiss-notice']", hideNotice);
  });

  window.TT.ui = {
    Modal: Modal,
    FormErrors: FormErrors,
    translated: translated,
    literal: literal,
    setMessage: setMessage,
    showNotice: showNotice,
    hideNotice: hideNotice
  };
})(window, window.jQuery);
