/*
 * The Sessions card (#settings-sessions): the devices signed in to the account (device, address,
 * when signed in, when last active), this one marked; end one, or every one but this.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  var sessions = [];
  // Answers of an older load (the card was shown again meanwhile) are dropped.
  var generation = 0;

  function $status() {
    return $("#settings-sessions .settings-status");
  }

  function setStatus(message, tone) {
    var $element = $status().removeClass("text-success text-danger").addClass(tone || "");
    if (message) {
      ui.setMessage($element, message);
    } else {
      ui.clearMessage($element);
    }
  }

  function item(session) {
    var $item = $("<li>").addClass("list-group-item d-flex flex-wrap align-items-center gap-2 settings-session");
    $item.attr("data-session-id", session.id);
    var $text = $("<div>").addClass("me-auto");
    var $device = $("<div>").addClass("fw-semibold settings-session-device");
    $device.text(session.user_agent || i18n.t("settings.unknownDevice"));
    if (session.user_agent_raw) {
      $device.attr("title", session.user_agent_raw);
    }
    if (session.current) {
      $device.append(" ", $("<span>").addClass("badge text-bg-success").text(i18n.t("settings.thisDevice")));
    }
    var details = [
      session.ip || i18n.t("settings.unknownAddress"),
      i18n.t("settings.signedIn", { when: i18n.formatDateTime(session.created_at) })
    ];
    if (session.last_seen_at) {
      details.push(i18n.t("settings.lastSeen", { when: i18n.formatDateTime(session.last_seen_at) }));
    }
    $text.append($device, $("<div>").addClass("small text-body-secondary").text(details.join(" · ")));
    $item.append($text);
    if (!session.current) {
      $item.append(
        $("<button>")
          .attr({ type: "button", "data-action": "end-session" })
          .addClass("btn btn-sm btn-outline-danger")
          .text(i18n.t("settings.endSession"))
      );
    }
    return $item;
  }

  function render() {
    var $list = $("#settings-sessions-list").empty();
    $.each(sessions, function (index, session) {
      $list.append(item(session));
    });
    var others = $.grep(sessions, function (session) {
      return !session.current;
    });
    $("#settings-sessions [data-action='end-other-sessions']").prop("hidden", others.length === 0);
  }

  function load() {
    generation += 1;
    var loading = generation;
    return api
      .listSessions()
      .then(function (listed) {
        if (loading === generation) {
          sessions = listed;
          render();
        }
      })
      .catch(function (error) {
        if (!error.unauthenticated && loading === generation) {
          setStatus(ui.errorMessage(error), "text-danger");
        }
      });
  }

  function ended(message) {
    return load().then(function () {
      setStatus(message, "text-success");
    });
  }

  function failed(error) {
    if (error.status === 404) {
      return ended(ui.translated("settings.sessionEnded")); // it had ended already
    }
    if (!error.unauthenticated) {
      setStatus(ui.errorMessage(error), "text-danger");
    }
    return null;
  }

  function onEndSession() {
    var id = $(this).closest("[data-session-id]").attr("data-session-id");
    $(this).prop("disabled", true);
    setStatus(null);
    api
      .endSession(id)
      .then(function () {
        return ended(ui.translated("settings.sessionEnded"));
      })
      .catch(failed);
  }

  function onEndOthers() {
    var $button = $(this).prop("disabled", true);
    setStatus(null);
    api
      .endOtherSessions()
      .then(function () {
        return ended(ui.translated("settings.otherSessionsEnded"));
      })
      .catch(failed)
      .then(function () {
        $button.prop("disabled", false);
      });
  }

  function init() {
    $("#settings-sessions")
      .on("click", "[data-action='end-session']", onEndSession)
      .on("click", "[data-action='end-other-sessions']", onEndOthers);
    $(window.document).on("tt:languagechange", render);
  }

  function show() {
    setStatus(null);
    return load();
  }

  function reset() {
    generation += 1;
    sessions = [];
    render();
    setStatus(null);
  }

  // settings.js, which holds the registry, loads after the section modules.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
