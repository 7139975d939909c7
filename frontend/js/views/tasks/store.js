/*
 * The signed-in user's tasks as this page knows them, and one TaskSaver (saver.js) per edited task.
 *
 * `serverCopies` holds the newest copy of each task the server sent; `tasks` what this page shows:
 * that copy with the user's unsaved edits laid over it, rebuilt whenever either changes. The
 * store owns no DOM: the views listen to onChange, onSaveStateChange and onGone. The editor's
 * inputs belong to the user: server responses update `tasks` and the lists but never write into
 * the inputs of an open editor.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;

  var serverCopies = {};
  var tasks = {};
  var savers = {};
  // Moves shown before the server confirms them: {position, list_id} laid over a task's copy.
  var placements = {};
  // Fired with (key, previous shown copy) when one task's shown copy was rebuilt, and without
  // arguments when tasks came or went.
  var changeListeners = $.Callbacks();
  var saveStateListeners = $.Callbacks();
  var goneListeners = $.Callbacks();
  // GET /tasks pages the done tasks: the cursor of the next page (null once all are here), and
  // the load of it in flight.
  var doneCursor = null;
  // Whether the store holds a list loaded for the user shown (false until the first load answers).
  var loaded = false;
  var loadingMore = null;

  function taskKey(id) {
    return String(id);
  }

  function nowIso() {
    return new Date().toISOString();
  }

  // The page's copy: server fields, then the unsaved local edits on top. A recurring task being
  // completed stays open: the server moves it to its next date instead.
  function overlay(task, edits, previous) {
    var shown = $.extend({}, task, edits);
    if (edits.done === true && shown.recurrence) {
      shown.done = false;
      shown.done_at = null;
      return shown;
    }
    if ("done" in edits && edits.done !== task.done) {
      shown.done_at = edits.done ? (previous && previous.done_at) || nowIso() : null;
    }
    return shown;
  }

  function saverFor(id) {
    var key = taskKey(id);
    if (!savers[key]) {
      savers[key] = new TT.TaskSaver(id, {
        update: api.updateTask,
        fetch: api.getTask,
        version: function () {
          return serverCopies[key] ? serverCopies[key].version : undefined;
        },
        onSaved: applyServerTask,
        onGone: function () {
          remove(key);
          goneListeners.fire(key);
        },
        onStateChange: function () {
          saveStateListeners.fire(key);
        }
      });
    }
    return savers[key];
  }

  // What the page shows: the server's copy and the unsaved edits on top. Rebuilt rather than
  // patched, so an edit dropped before it was sent (an emptied title) leaves no trace.
  function shownCopy(key) {
    var edits = savers[key] ? savers[key].unsavedFields() : {};
    return $.extend(overlay(serverCopies[key], edits, tasks[key]), placements[key]);
  }

  function rebuild(key) {
    var previous = tasks[key];
    tasks[key] = shownCopy(key);
    changeListeners.fire(key, previous);
  }

  function applyServerTask(task) {
    var key = taskKey(task.id);
    var known = serverCopies[key];
    if (!known || known.version > task.version) {
      return; // Deleted or logged out meanwhile, or an older copy than the one already known.
    }
    serverCopies[key] = task;
    rebuild(key);
  }

  // The user's order of open tasks, as the server sorts them: positions compared as bytes (keys
  // are ASCII, so as UTF-16 units too), then ids.
  function byPosition(a, b) {
    if (a.position !== b.position) {
      return a.position < b.position ? -1 : 1;
    }
    return a.id - b.id;
  }

  // A move shown at once: `placement` ({position, list_id}) is laid over the task until
  // `request` settles. Its answer replaces the copy; a failure takes the move back.
  function move(id, placement, request) {
    var key = taskKey(id);
    placements[key] = placement;
    rebuild(key);
    function settle(task) {
      delete placements[key];
      if (!serverCopies[key]) {
        return;
      }
      if (task && task.version >= serverCopies[key].version) {
        serverCopies[key] = task;
      }
      rebuild(key);
    }
    return request().then(
      function (task) {
        settle(task);
        return task;
      },
      function (error) {
        settle(null);
        throw error;
      }
    );
  }

  function add(list) {
    $.each(list, function (index, task) {
      var key = taskKey(task.id);
      serverCopies[key] = task;
      tasks[key] = shownCopy(key);
    });
    changeListeners.fire();
  }

  // Whether a load brings exactly the tasks the store holds, each at the version it has.
  function sameAsHeld(list, nextCursor) {
    if (!loaded || (nextCursor || null) !== doneCursor || Object.keys(serverCopies).length !== list.length) {
      return false;
    }
    return list.every(function (task) {
      var known = serverCopies[taskKey(task.id)];
      return known !== undefined && known.version === task.version;
    });
  }

  // The user's list, freshly loaded: every open task and the first page of done ones, with the
  // cursor of the next page (null: none). Savers stay: their unsaved edits are laid over it. A
  // load that brings nothing new (the event stream's ready, a reconnect) changes nothing, so the
  // rows are not rebuilt under the user's pointer or drag.
  function replaceAll(list, nextCursor) {
    if (sameAsHeld(list, nextCursor)) {
      return;
    }
    serverCopies = {};
    tasks = {};
    doneCursor = nextCursor || null;
    loaded = true;
    add(list);
  }

  /*
   * The next page of done tasks, added to the store; resolves to the tasks it added. Pages follow
   * the server's order by a cursor, so tasks completed or reopened here meanwhile stay where
   * they are: a newly done task sorts before every page, a reopened one is in none. A copy the
   * page already knows at its version or later is kept. One load at a time.
   */
  function loadMoreDone() {
    if (!doneCursor) {
      return Promise.resolve([]);
    }
    if (!loadingMore) {
      var cursor = doneCursor;
      loadingMore = api.listTasksPage({ cursor: cursor }).then(
        function (page) {
          loadingMore = null;
          if (doneCursor !== cursor) {
            return []; // Reloaded or logged out meanwhile.
          }
          doneCursor = page.nextCursor;
          var fresh = page.tasks.filter(function (task) {
            var known = serverCopies[taskKey(task.id)];
            return !known || known.version < task.version;
          });
          add(fresh);
          return fresh;
        },
        function (error) {
          loadingMore = null;
          throw error;
        }
      );
    }
    return loadingMore;
  }

  function remove(key) {
    delete placements[key];
    delete serverCopies[key];
    delete tasks[key];
    delete savers[key];
    changeListeners.fire();
  }

  // Nothing of the previous user may stay: savers are stopped, not flushed.
  function clear() {
    $.each(savers, function (key, saver) {
      saver.stop();
    });
    savers = {};
    placements = {};
    serverCopies = {};
    tasks = {};
    doneCursor = null;
    loaded = false;
    changeListeners.fire();
  }

  function failedSavers() {
    return $.map(savers, function (saver) {
      return saver.state() === "failed" ? saver : null;
    });
  }

  function retryFailed() {
    failedSavers().forEach(function (saver) {
      saver.retry();
    });
  }

  function flushAll() {
    return Promise.all(
      $.map(savers, function (saver) {
        return saver.flush();
      })
    );
  }

  TT.tasks.store = {
    key: taskKey,
    shown: function (key) {
      return tasks[key];
    },
    all: function () {
      return $.map(tasks, function (task) {
        return task;
      });
    },
    serverCopy: function (key) {
      return serverCopies[key];
    },
    byPosition: byPosition,
    // The open tasks in the user's order.
    open: function () {
      return $.map(tasks, function (task) {
        return task.done ? null : task;
      }).sort(byPosition);
    },
    move: move,
    saverFor: saverFor,
    // The saver of a task edited on this page, or undefined (saverFor creates one).
    existingSaver: function (key) {
      return savers[key];
    },
    eachSaver: function (callback) {
      $.each(savers, callback);
    },
    failedSavers: failedSavers,
    retryFailed: retryFailed,
    flushAll: flushAll,
    rebuild: rebuild,
    add: add,
    replaceAll: replaceAll,
    loadMoreDone: loadMoreDone,
    // Whether done tasks remain on the server beyond those loaded.
    moreDone: function () {
      return doneCursor !== null;
    },
    loaded: function () {
      return loaded;
    },
    remove: remove,
    clear: clear,
    onChange: function (listener) {
      changeListeners.add(listener);
    },
    onSaveStateChange: function (listener) {
      saveStateListeners.add(listener);
    },
    onGone: function (listener) {
      goneListeners.add(listener);
    }
  };
})(window, window.jQuery);
