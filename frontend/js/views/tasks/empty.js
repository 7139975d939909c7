/*
 * Empty states: a view with nothing to show says so in one line, why, and what to do next (an
 * icon, the line, a hint, and a button where there is something to do at once). Every view that
 * can be empty fills its own placeholder (#open-empty, #done-empty, #due-empty, #search-empty,
 * #trash-none) through show(); the callers keep showing and hiding it. The texts keep their keys
 * (ui.setMessage), so a language switch translates them again; a searched text goes in as text.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;

  // The buttons an empty state may offer: [translation key, what it does].
  var ACTIONS = {
    add: "empty.addButton",
    "clear-search": "empty.clearSearch"
  };

  /*
   * spec: { icon: <$ of ui.icon(...)>, text: message, hint: message or null, action: "add",
   * "clear-search" or null }; messages as ui.translated() makes them.
   */
  function show($container, spec) {
    var $text = $("<p>", { "class": "tt-empty-text" });
    ui.setMessage($text, spec.text);
    var $parts = [$("<span>", { "class": "tt-empty-icon", "aria-hidden": "true" }).append(spec.icon), $text];
    if (spec.hint) {
      var $hint = $("<p>", { "class": "tt-empty-hint" });
      ui.setMessage($hint, spec.hint);
      $parts.push($hint);
    }
    if (spec.action) {
      $parts.push(
        $("<button>", { type: "button", "class": "btn btn-sm btn-outline-primary", "data-empty-action": spec.action }).append(
          spec.action === "add" ? ui.icon("plus-lg") : ui.icon("x-lg"),
          " ",
          $("<span>", { "data-i18n": ACTIONS[spec.action] }).text(i18n.t(ACTIONS[spec.action]))
        )
      );
    }
    $container.addClass("tt-empty").empty().append($parts);
  }

  // A hint that names keys, or its variant without them on a touch screen with no mouse (a phone),
  // where no key is at hand.
  function keysHint(withKeys, touch) {
    var touchOnly = window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches;
    return ui.translated(touchOnly ? touch : withKeys);
  }

  function init() {
    $(window.document).on("click", "[data-empty-action]", function () {
      var action = $(this).attr("data-empty-action");
      if (action === "add") {
        $("#new-task-title").trigger("focus");
      } else if (action === "clear-search") {
        // The field's own input handler ends the search when it is emptied.
        $("#search-input").val("").trigger("input").trigger("focus");
      }
    });
  }

  $(init);

  TT.tasks.empty = {
    show: show,
    keysHint: keysHint
  };
})(window, window.jQuery);
