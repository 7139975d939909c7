/*
 * Search as you type (GET /tasks?q=), all of it in #search-box: the box and the results.
 *
 * Typing waits DEBOUNCE_MS after the last key, then asks the server, which finds the tasks (by
 * word stems, the last word as a prefix); a response to an older text than the latest is dropped.
 * While results are shown, #tasks-view has the class "searching", which hides the views
 * (lists.js keeps them up to date) until the search is cleared — Escape, an emptied box or a view
 * button — and the view the user was in is back as it was.
 *
 * Rows show this page's copy of each task found (store.js), in the server's order, and open the
 * editor like the lists' rows. The words that match are highlighted here, in <mark> elements
 * built as nodes around text nodes: a word of the task matches a typed word that it begins with,
 * or with which it shares a beginning that is most of the shorter one (about its stem:
 * "задача" for "задачи", "run" for "running").
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var i18n = TT.i18n;
  var store = TT.tasks.store;

  var DEBOUNCE_MS = 150;
  // Characters of a description shown before and after its first match.
  var SNIPPET_BEFORE = 40;
  var SNIPPET_LENGTH = 140;
  // Letters and decimal digits: the server's words (tasks/search.py).
  var WORD = "[\\p{L}\\p{Nd}]+";

  var state = { query: "", ids: [], timer: null, sequence: 0, handlers: null };

  // Case, accents and "ё" do not tell words apart ("ё" is "е" and a diaeresis).
  function normalise(word) {
    return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  }

  function queryWords(query) {
    return (query.match(new RegExp(WORD, "gu")) || []).map(normalise);
  }

  function matches(word, typed) {
    var candidate = normalise(word);
    return typed.some(function (typedWord) {
      if (candidate.indexOf(typedWord) === 0) {
        return true;
      }
      var common = 0;
      while (common < candidate.length && common < typedWord.length && candidate[common] === typedWord[common]) {
        common += 1;
      }
      return common >= 3 && common >= Math.min(candidate.length, typedWord.length) - 2;
    });
  }

  // Where the first matching word of `text` starts, or -1.
  function firstMatch(text, typed) {
    var pattern = new RegExp(WORD, "gu");
    var found;
    while ((found = pattern.exec(text)) !== null) {
      if (matches(found[0], typed)) {
        return found.index;
      }
    }
    return -1;
  }

  // The text as nodes: each matching word in a <mark>, the rest as text nodes.
  function highlighted(text, typed) {
    var nodes = [];
    var pattern = new RegExp(WORD, "gu");
    var last = 0;
    var found;
    while ((found = pattern.exec(text)) !== null) {
      if (matches(found[0], typed)) {
        if (found.index > last) {
          nodes.push(window.document.createTextNode(text.slice(last, found.index)));
        }
        nodes.push($("<mark>").text(found[0])[0]);
        last = found.index + found[0].length;
      }
    }
    if (last < text.length) {
      nodes.push(window.document.createTextNode(text.slice(last)));
    }
    return nodes;
  }

  // Where the task matched when it is not (only) its title: a stretch of the description around
  // its first match, else the first checklist item that matches.
  function snippetOf(task, typed) {
    var description = task.description || "";
    var at = firstMatch(description, typed);
    if (at !== -1) {
      var start = Math.max(0, at - SNIPPET_BEFORE);
      var end = Math.min(description.length, start + SNIPPET_LENGTH);
      return (start > 0 ? "…" : "") + description.slice(start, end).replace(/\s+/g, " ") + (end < description.length ? "…" : "");
    }
    var items = (task.checklist || []).filter(function (item) {
      return firstMatch(item.text, typed) !== -1;
    });
    return items.length ? items[0].text : "";
  }

  function buildRow(task, typed) {
    var $open = $("<button>", { type: "button", "class": "task-open", "data-action": "open" }).append(
      $("<span>", { "class": "task-title" }).append(highlighted(task.title, typed))
    );
    if (task.done) {
      $open.append($("<span>", { "class": "badge text-bg-success search-done" }).text(i18n.t("search.done")));
    }
    var snippet = snippetOf(task, typed);
    if (snippet) {
      $open.append($("<span>", { "class": "search-snippet" }).append(highlighted(snippet, typed)));
    }
    var $row = $("<li>", { "class": "list-group-item task-item", "data-task-id": store.key(task.id) }).append(
      $open.append(TT.tasks.lists.infoLine())
    );
    TT.tasks.lists.rowInfo($row, task, true);
    TT.tasks.lists.markRow($row);
    return $row;
  }

  function render() {
    // Re-rendering replaces the row focused (the editor gives focus back to it on closing).
    var focusedKey = $(window.document.activeElement).closest("#search-results .task-item").attr("data-task-id");
    var typed = queryWords(state.query);
    var shown = $.map(state.ids, function (id) {
      return store.shown(store.key(id)) || null;
    });
    $("#search-results").empty().append(
      $.map(shown, function (task) {
        return buildRow(task, typed);
      })
    );
    $("#search-heading")
      .text(shown.length ? i18n.t("search.heading", { count: shown.length, query: state.query.trim() }) : "")
      .prop("hidden", !shown.length);
    $("#search-empty").prop("hidden", shown.length > 0);
    if (!shown.length) {
      // The searched text is a parameter of the message, which goes in as text.
      TT.tasks.empty.show($("#search-empty"), {
        icon: TT.ui.icon("search"),
        text: TT.ui.translated("search.empty", { query: state.query.trim() }),
        hint: TT.ui.translated("empty.searchHint"),
        action: "clear-search"
      });
    }
    if (focusedKey) {
      $("#search-results .task-item[data-task-id='" + focusedKey + "'] [data-action='open']").trigger("focus");
    }
  }

  function showResults(query, list) {
    // Tasks this page does not hold yet become part of it, so that the editor opens them.
    var unknown = list.filter(function (task) {
      return !store.shown(store.key(task.id));
    });
    state.query = query;
    state.ids = list.map(function (task) {
      return task.id;
    });
    if (unknown.length) {
      store.add(unknown); // fires a change, which renders
    }
    $("#search-error").prop("hidden", true);
    $("#search-view").prop("hidden", false);
    $("#tasks-view").addClass("searching");
    render();
  }

  function search(query) {
    window.clearTimeout(state.timer);
    state.sequence += 1;
    var sequence = state.sequence;
    api
      .searchTasks(query)
      .then(function (list) {
        if (sequence === state.sequence) {
          showResults(query, list);
        }
      })
      .catch(function (error) {
        if (sequence === state.sequence && !error.unauthenticated) {
          $("#search-view").prop("hidden", false);
          $("#search-error").prop("hidden", false);
        }
      });
  }

  // Back to the view the user was in; a response still on its way is dropped.
  function clear() {
    window.clearTimeout(state.timer);
    state.sequence += 1;
    state.query = "";
    state.ids = [];
    $("#tasks-view").removeClass("searching");
    $("#search-view").prop("hidden", true);
    $("#search-error").prop("hidden", true);
    $("#search-results").empty();
  }

  function onInput() {
    var query = String($(this).val());
    window.clearTimeout(state.timer);
    if (!query.trim()) {
      clear();
      return;
    }
    state.timer = window.setTimeout(function () {
      search(query);
    }, DEBOUNCE_MS);
  }

  function reset() {
    clear();
    $("#search-input").val("");
  }

  /*
   * handlers:
   *   open(key, trigger)  a result's button was clicked
   */
  function init(handlers) {
    state.handlers = handlers;
    $("#search-form").on("submit", function (event) {
      event.preventDefault();
      var query = String($("#search-input").val());
      if (query.trim()) {
        search(query);
      }
    });
    $("#search-input")
      .on("input", onInput)
      .on("keydown", function (event) {
        if (event.key === "Escape" && ($(this).val() || $("#tasks-view").hasClass("searching"))) {
          event.preventDefault();
          reset();
        }
      });
    $("#search-results").on("click", "[data-action='open']", function () {
      state.handlers.open($(this).closest(".task-item").attr("data-task-id"), this);
    });
    // Choosing a view ends the search: the view is what the user asked for.
    $("#task-views").on("click", "[data-view]", reset);
    store.onChange(function () {
      if ($("#tasks-view").hasClass("searching")) {
        render();
      }
    });
    $(window.document).on("tt:languagechange", function () {
      if ($("#tasks-view").hasClass("searching")) {
        render();
      }
    });
  }

  TT.tasks.search = {
    init: init,
    reset: reset
  };
})(window, window.jQuery);
