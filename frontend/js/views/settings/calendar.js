/*
 * Settings, "Calendar feed" (#settings-calendar): the secret address a calendar app subscribes to.
 * The API keeps only a hash of it, so the address is shown once, when made (with a Copy button
 * and how to subscribe), and forgotten by the page when the settings are left. The card says
 * whether a feed is on; a new address or turning it off ends the old address at once.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;

  // Which answer is current: a late one (the page was left, or the user logged out) is dropped.
  var generation = 0;

  function setBusy(busy) {
    $("#settings-calendar button").prop("disabled", busy);
    $("#settings-calendar").attr("aria-busy", busy ? "true" : "false");
  }

  function showState(enabled) {
    ui.setMessage($("#calendar-state"), ui.translated(enabled ? "calendar.on" : "calendar.off"));
    $("#calendar-create").prop("hidden", enabled);
    $("#calendar-renew, #calendar-turn-off").prop("hidden", !enabled);
  }

  function forgetUrl() {
    $("#calendar-url").val("");
    ui.clearMessage($("#calendar-copy-status"));
    $("#calendar-created").prop("hidden", true);
  }

  function failed(error) {
    if (!error.unauthenticated) {
      ui.setMessage($("#calendar-status"), ui.errorMessage(error));
    }
  }

  function load() {
    generation += 1;
    var mine = generation;
    return api
      .getCalendarFeed()
      .then(function (state) {
        if (mine === generation) {
          showState(state.enabled);
        }
      })
      .catch(function (error) {
        if (mine === generation) {
          failed(error);
        }
      });
  }

  function makeUrl() {
    var mine = generation;
    ui.clearMessage($("#calendar-status"));
    forgetUrl();
    setBusy(true);
    api
      .newCalendarFeed()
      .then(function (feed) {
        setBusy(false);
        if (mine !== generation) {
          return;
        }
        showState(true);
        $("#calendar-created").prop("hidden", false);
        $("#calendar-url").val(feed.url).trigger("focus").trigger("select");
      })
      .catch(function (error) {
        setBusy(false);
        failed(error);
      });
  }

  function turnOff() {
    ui.clearMessage($("#calendar-status"));
    setBusy(true);
    api
      .turnOffCalendarFeed()
      .then(function () {
        setBusy(false);
        forgetUrl();
        showState(false);
        ui.setMessage($("#calendar-status"), ui.translated("calendar.turnedOff"));
        $("#calendar-create").trigger("focus");
      })
      .catch(function (error) {
        setBusy(false);
        failed(error);
      });
  }

  function copied(done) {
    ui.setMessage($("#calendar-copy-status"), ui.translated(done ? "calendar.copied" : "calendar.copyFailed"));
  }

  function onCopy() {
    ui.copyValue($("#calendar-url")).then(copied);
  }

  function init() {
    var $card = $("#settings-calendar");
    $card.on("click", "#calendar-create, #calendar-renew", makeUrl);
    $card.on("click", "#calendar-turn-off", turnOff);
    $card.on("click", "#calendar-copy", onCopy);
  }

  function show() {
    forgetUrl();
    ui.clearMessage($("#calendar-status"));
    return load();
  }

  function reset() {
    generation += 1;
    forgetUrl();
    ui.clearMessage($("#calendar-status"));
    showState(false);
  }

  // settings.js loads after this file: the section registers once the page is ready.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
