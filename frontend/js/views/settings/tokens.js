/*
 * Settings, "Access tokens" (#settings-tokens): personal access tokens for the user's scripts.
 * A new token's secret is shown once, in a read-only field with a Copy button, and forgotten by
 * the page as soon as the user is done with it (or leaves the settings); the list shows what the
 * API keeps: name, scopes, the secret's first characters, dates. Revoking asks first, in place.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  var MAX_NAME = 100;
  var MIN_DAYS = 1;
  var MAX_DAYS = 366;

  // The tokens as last listed (newest first), and which listing is current: a late answer to an
  // earlier one (the page was left, or the user logged out) is dropped.
  var tokens = [];
  var generation = 0;

  function $card() {
    return $("#settings-tokens");
  }

  function isExpired(token) {
    return new Date(token.expires_at).getTime() <= Date.now();
  }

  function datesText(token) {
    var parts = [i18n.t("tokens.created", { date: i18n.formatDateTime(token.created_at) })];
    parts.push(
      token.last_used_at
        ? i18n.t("tokens.lastUsed", { date: i18n.formatDateTime(token.last_used_at) })
        : i18n.t("tokens.neverUsed")
    );
    parts.push(
      i18n.t(isExpired(token) ? "tokens.expired" : "tokens.expires", {
        date: i18n.formatDateTime(token.expires_at)
      })
    );
    return parts.join(" · ");
  }

  function tokenItem(token) {
    var $item = $("<li>", { "class": "list-group-item token-item", "data-token-id": token.id });
    var $details = $("<div>", { "class": "token-details" })
      .append($("<div>", { "class": "fw-semibold token-name", text: token.name }))
      .append(
        $("<div>", { "class": "small" })
          .append($("<code>", { "class": "token-prefix", text: token.prefix + "…" }))
          .append(" ")
          .append($("<span>", { "class": "token-scopes", text: token.scopes.join(", ") }))
      )
      .append($("<div>", { "class": "small text-body-secondary token-dates", text: datesText(token) }));
    if (isExpired(token)) {
      $details.find(".token-name").append(" ").append(
        $("<span>", { "class": "badge text-bg-secondary token-expired-badge", text: i18n.t("tokens.expiredBadge") })
      );
    }
    var $confirm = $("<div>", { "class": "token-revoke-confirm d-flex flex-wrap align-items-center gap-2", role: "group", hidden: true })
      .append($("<span>", { "class": "small", text: i18n.t("tokens.revokeConfirm") }))
      .append($("<button>", { type: "button", "class": "btn btn-sm btn-danger", "data-action": "revoke-yes", text: i18n.t("tokens.revokeYes") }))
      .append($("<button>", { type: "button", "class": "btn btn-sm btn-outline-secondary", "data-action": "revoke-no", text: i18n.t("tokens.revokeNo") }));
    var $actions = $("<div>", { "class": "token-actions d-flex flex-column align-items-end gap-2" })
      .append(
        $("<button>", {
          type: "button",
          "class": "btn btn-sm btn-outline-danger",
          "data-action": "revoke",
          text: i18n.t("tokens.revoke"),
          "aria-label": i18n.t("tokens.revokeNamed", { name: token.name })
        })
      )
      .append($confirm)
      .append($("<span>", { "class": "text-danger small token-revoke-error", role: "alert", hidden: true }));
    return $item.append(
      $("<div>", { "class": "d-flex flex-wrap justify-content-between gap-2" }).append($details, $actions)
    );
  }

  function render() {
    var $list = $("#tokens-list").empty();
    $.each(tokens, function (index, token) {
      $list.append(tokenItem(token));
    });
    $("#tokens-empty").prop("hidden", tokens.length > 0);
  }

  function load() {
    generation += 1;
    var mine = generation;
    $("#tokens-load-error").prop("hidden", true);
    $("#tokens-list").attr("aria-busy", "true");
    return api
      .listAccessTokens()
      .then(function (listed) {
        if (mine === generation) {
          tokens = listed;
          render();
        }
      })
      .catch(function (error) {
        if (mine === generation && !error.unauthenticated) {
          $("#tokens-load-error").prop("hidden", false);
        }
      })
      .then(function () {
        $("#tokens-list").attr("aria-busy", "false");
      });
  }

  // The secret leaves the page: the field is emptied, not just hidden.
  function forgetSecret() {
    $("#token-secret").val("");
    ui.clearMessage($("#token-copy-status"));
    $("#token-created").prop("hidden", true);
  }

  function showSecret(secret) {
    ui.clearMessage($("#token-copy-status"));
    $("#token-created").prop("hidden", false);
    $("#token-secret").val(secret).trigger("focus").trigger("select");
  }

  function customDays() {
    return $("#token-expiry").val() === "custom";
  }

  function resetForm($form) {
    $form.trigger("reset");
    new ui.FormErrors($form).clear();
    $("#token-days-field").prop("hidden", true);
  }

  // The fields to send, or null after marking what is wrong.
  function readForm($form, errors) {
    var name = $.trim($form.find("[name='name']").val());
    var scopes = $form
      .find("[name='scopes']:checked")
      .map(function () {
        return $(this).val();
      })
      .get();
    var days = parseInt($("#token-expiry").val(), 10);
    if (customDays()) {
      var typed = $.trim($("#token-days").val());
      days = /^\d+$/.test(typed) ? parseInt(typed, 10) : NaN;
    }
    var valid = true;
    if (!name) {
      errors.field("name", ui.translated("tokens.nameRequired"));
      valid = false;
    } else if (name.length > MAX_NAME) {
      errors.field("name", ui.translated("tokens.nameTooLong"));
      valid = false;
    }
    if (!scopes.length) {
      errors.field("scopes", ui.translated("tokens.scopesRequired"));
      valid = false;
    }
    if (isNaN(days) || days < MIN_DAYS || days > MAX_DAYS) {
      errors.field("expires_in_days", ui.translated("tokens.daysInvalid"));
      valid = false;
    }
    return valid ? { name: name, scopes: scopes, expires_in_days: days } : null;
  }

  // The input a field of the API is shown under.
  function formField(apiField) {
    var field = apiField.split(".")[0];
    if (field === "expires_in_days" && !customDays()) {
      return "expiry";
    }
    return field;
  }

  function showServerError(errors, error) {
    if (error.status === 422) {
      $.each(error.fieldErrors, function (field, message) {
        var name = formField(field);
        if (errors.$form.find("[name='" + name + "']").length) {
          errors.field(name, ui.literal(message));
        }
      });
      errors.summary(ui.translated("form.fixErrors"));
      return;
    }
    errors.summary(ui.errorMessage(error));
  }

  function onSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    errors.clear();
    forgetSecret();
    var fields = readForm($form, errors);
    if (!fields) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .createAccessToken(fields)
      .then(function (created) {
        ui.setBusy($form, false);
        resetForm($form);
        var listed = $.extend({}, created);
        delete listed.token;
        tokens.unshift(listed);
        render();
        showSecret(created.token);
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (!error.unauthenticated) {
          showServerError(errors, error);
          errors.focusFirstInvalid();
        }
      });
  }

  function copied(done) {
    ui.setMessage($("#token-copy-status"), ui.translated(done ? "tokens.copied" : "tokens.copyFailed"));
  }

  function onCopy() {
    ui.copyValue($("#token-secret")).then(copied);
  }

  function itemOf(element) {
    var $item = $(element).closest(".token-item");
    return { $item: $item, id: Number($item.attr("data-token-id")) };
  }

  function askToRevoke($item, asking) {
    $item.find("[data-action='revoke']").prop("hidden", asking);
    $item.find(".token-revoke-confirm").prop("hidden", !asking);
    $item.find(asking ? "[data-action='revoke-no']" : "[data-action='revoke']").trigger("focus");
  }

  function removeToken(id) {
    var index = -1;
    $.each(tokens, function (position, token) {
      if (token.id === id) {
        index = position;
      }
    });
    if (index !== -1) {
      tokens.splice(index, 1);
    }
    render();
    // Focus moves to the next token's revoke button, else to the list's heading.
    var $next = $("#tokens-list .token-item").eq(Math.min(index, tokens.length - 1)).find("[data-action='revoke']");
    ($next.length ? $next : $("#tokens-heading").attr("tabindex", "-1")).trigger("focus");
  }

  function onRevoke() {
    var target = itemOf(this);
    var $error = target.$item.find(".token-revoke-error");
    target.$item.find("button").prop("disabled", true);
    api
      .revokeAccessToken(target.id)
      .then(function () {
        removeToken(target.id);
      })
      .catch(function (error) {
        if (error.status === 404) {
          removeToken(target.id); // already revoked elsewhere
          return;
        }
        target.$item.find("button").prop("disabled", false);
        if (!error.unauthenticated) {
          ui.setMessage($error.prop("hidden", false), ui.errorMessage(error));
        }
      });
  }

  function init() {
    var $section = $card();
    $section.on("submit", "#token-form", onSubmit);
    $section.on("change", "#token-expiry", function () {
      $("#token-days-field").prop("hidden", !customDays());
      if (customDays()) {
        $("#token-days").trigger("focus");
      }
    });
    $section.on("click", "#token-copy", onCopy);
    $section.on("click", "#token-created-done", function () {
      forgetSecret();
      $("#token-name").trigger("focus");
    });
    $section.on("click", "[data-action='revoke']", function () {
      askToRevoke(itemOf(this).$item, true);
    });
    $section.on("click", "[data-action='revoke-no']", function () {
      askToRevoke(itemOf(this).$item, false);
    });
    $section.on("click", "[data-action='revoke-yes']", onRevoke);
    $(window.document).on("tt:languagechange", render);
  }

  function show() {
    forgetSecret();
    return load();
  }

  function reset() {
    generation += 1;
    tokens = [];
    forgetSecret();
    resetForm($("#token-form"));
    $("#tokens-list").empty();
    $("#tokens-empty, #tokens-load-error").prop("hidden", true);
  }

  // settings.js loads after this file: the section registers once the page is ready.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
