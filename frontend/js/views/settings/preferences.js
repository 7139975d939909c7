/*
 * The Account card (#settings-profile: email, timezone, language) and the Email card
 * (#settings-email: the daily summary on or off, and its hour). Every change is saved at once with
 * PATCH /user, one at a time in the order made, and the card says "Saved" (or why not).
 * The header's language switch is saved to the account too, so the user's emails follow it.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  // The user as the server last answered; null until the settings are shown.
  var user = null;
  // PATCHes go one after the other, so the last change made is the one that stays.
  var saving = Promise.resolve();

  // Server field names → the inputs they are shown under.
  var INPUTS = { timezone: "timezone", locale: "locale", "digest.hour": "hour", "digest.enabled": "enabled" };

  function zoneNames(current) {
    var names = [];
    try {
      names = Intl.supportedValuesOf("timeZone").slice();
    } catch {
      // An older browser lists no zones: the detected one and the account's are still offered.
    }
    if (current && names.indexOf(current) === -1) {
      names.push(current);
      names.sort();
    }
    return names;
  }

  function option(value, text) {
    return $("<option>").val(value).text(text === undefined ? value : text);
  }

  function fillTimezones() {
    var current = user ? user.timezone : null;
    var detected = TT.authView.browserTimezone();
    var $select = $("#settings-timezone").empty();
    $select.append(option("", i18n.t("settings.timezoneNone")));
    if (detected) {
      $("<optgroup>")
        .attr("label", i18n.t("settings.timezoneDetected"))
        .append(option(detected))
        .appendTo($select);
    }
    var $all = $("<optgroup>").attr("label", i18n.t("settings.timezoneAll")).appendTo($select);
    $.each(zoneNames(current), function (index, name) {
      $all.append(option(name));
    });
    $select.val(current || "");
  }

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function fillHours() {
    var $select = $("#settings-digest-hour").empty();
    for (var hour = 0; hour < 24; hour += 1) {
      $select.append(option(String(hour), twoDigits(hour) + ":00"));
    }
  }

  function hourHint() {
    var $hint = $("#settings-digest-hour-hint");
    if (user && user.timezone) {
      ui.setMessage($hint, ui.translated("settings.digestHourHint", { zone: user.timezone }));
    } else {
      ui.setMessage($hint, ui.translated("settings.digestHourNoZone"));
    }
  }

  function showValues() {
    $("#settings-profile-email").text(user.email);
    fillTimezones();
    $("#settings-locale").val(user.locale);
    $("#settings-digest-enabled").prop("checked", user.digest.enabled);
    $("#settings-digest-hour").val(String(user.digest.hour)).prop("disabled", !user.digest.enabled);
    hourHint();
  }

  function setStatus($form, message, tone) {
    var $status = $form.find(".settings-status");
    $status.removeClass("text-success text-danger text-body-secondary").addClass(tone);
    if (message) {
      ui.setMessage($status, message);
    } else {
      ui.clearMessage($status);
    }
  }

  function showErrors($form, error) {
    var errors = new ui.FormErrors($form);
    $.each(error.fieldErrors, function (field, message) {
      if (INPUTS[field]) {
        errors.field(INPUTS[field], ui.literal(message));
      }
    });
    var reason = ui.messageText(ui.errorMessage(error));
    setStatus($form, ui.translated("settings.notSaved", { message: reason }), "text-danger");
  }

  function save($form, fields) {
    new ui.FormErrors($form).clear();
    setStatus($form, ui.translated("settings.saving"), "text-body-secondary");
    saving = saving
      .then(function () {
        return api.updateUser(fields);
      })
      .then(function (updated) {
        user = updated;
        showValues();
        setStatus($form, ui.translated("settings.saved"), "text-success");
        return updated;
      })
      .catch(function (error) {
        if (error.unauthenticated) {
          return null; // the visitor view is shown (app.js)
        }
        if (user) {
          showValues(); // what is saved, not the refused change
        }
        showErrors($form, error);
        return null;
      });
    return saving;
  }

  function onTimezoneChange() {
    var zone = $(this).val();
    save($("#settings-profile-form"), { timezone: zone || null });
  }

  function onLocaleChange() {
    var locale = $(this).val();
    save($("#settings-profile-form"), { locale: locale }).then(function (updated) {
      if (updated) {
        $("#language-select").val(updated.locale);
        i18n.setLanguage(updated.locale);
      }
    });
  }

  function onDigestChange() {
    var $form = $("#settings-email-form");
    var enabled = $("#settings-digest-enabled").prop("checked");
    $("#settings-digest-hour").prop("disabled", !enabled);
    if (this.name === "enabled") {
      save($form, { digest: { enabled: enabled } });
    } else {
      save($form, { digest: { hour: parseInt($(this).val(), 10) } });
    }
  }

  // The header's language switch: a signed-in user's emails follow it.
  function onLanguageChange(event, language) {
    if (!TT.app.isSignedIn()) {
      return;
    }
    if (user) {
      fillTimezones();
      hourHint();
      if (user.locale !== language) {
        save($("#settings-profile-form"), { locale: language });
      }
      return;
    }
    api.updateUser({ locale: language }).catch($.noop);
  }

  function init() {
    $("#settings-profile-form")
      .on("submit", function (event) {
        event.preventDefault();
      })
      .on("change", "[name='timezone']", onTimezoneChange)
      .on("change", "[name='locale']", onLocaleChange);
    $("#settings-email-form")
      .on("submit", function (event) {
        event.preventDefault();
      })
      .on("change", "[name='enabled'], [name='hour']", onDigestChange);
    $(window.document).on("tt:languagechange", onLanguageChange);
  }

  function show(shownUser) {
    user = shownUser;
    // Filled when the settings are first shown rather than at the page's start.
    if (!$("#settings-digest-hour option").length) {
      fillHours();
    }
    $.each(["#settings-profile-form", "#settings-email-form"], function (index, form) {
      new ui.FormErrors($(form)).clear();
      setStatus($(form), null, "text-body-secondary");
    });
    showValues();
  }

  function reset() {
    user = null;
    $("#settings-profile-email").text("");
    $("#settings-timezone").empty();
    $("#settings-digest-enabled").prop("checked", false);
    $.each(["#settings-profile-form", "#settings-email-form"], function (index, form) {
      new ui.FormErrors($(form)).clear();
      setStatus($(form), null, "text-body-secondary");
    });
  }

  // settings.js, which holds the registry, loads after the section modules.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
