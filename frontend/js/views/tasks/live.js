/*
 * Live changes: what the user changes anywhere else (another tab, the phone, a script) shows up
 * here without a reload. GET /events (api.openEvents) names the tasks and lists that changed;
 * each changed task is fetched and laid into the store, where unsaved edits stay on top of it
 * (an edit in progress is never overwritten; its save keeps the version rules). A task that is
 * gone (trashed, deleted) leaves the page. After a reconnection, or when the server says changes
 * may have been missed, everything is reloaded. A lost stream is reopened with growing waits; a
 * refused one renews the session first (api.currentUser refreshes it).
 * The page's first load waits for the stream to be ready (or for READY_WAIT_MS, or for its
 * failure): a change committed after the load's query is then always told, never lost between
 * the query and the subscription.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var parts = TT.tasks;
  var RETRY_FIRST_MS = 1000;
  var RETRY_MAX_MS = 30000;
  var READY_WAIT_MS = 1500;

  var handlers = null; // { reload(), reloadLists() }, while signed in
  var source = null;
  var retryMs = RETRY_FIRST_MS;
  var retryTimer = null;
  var firstLoad = null; // resolves start()'s promise with the first load, until it has begun
  var readyTimer = null;

  function applyTask(item) {
    var key = parts.store.key(item.id);
    var known = parts.store.serverCopy(key);
    if (known && known.version >= item.version) {
      return; // this page's own change, or one it already has
    }
    api.getTask(item.id).then(
      function (task) {
        var now = parts.store.serverCopy(key);
        if (handlers && (!now || now.version < task.version)) {
          parts.store.add([task]);
        }
      },
      function (error) {
        // Gone, unless it came back meanwhile (an Undo here): a newer copy than the change's.
        var now = parts.store.serverCopy(key);
        if (handlers && error.status === 404 && now && now.version <= item.version) {
          parts.store.remove(key);
        }
      }
    );
  }

  var events = {
    ready: function () {
      retryMs = RETRY_FIRST_MS;
      // The first load, now that nothing committed after it can be missed; or, on a later
      // stream, everything again: the changes made while there was none are not told.
      if (firstLoad) {
        loadFirst();
      } else if (handlers) {
        handlers.reload();
      }
    },
    task: function (data) {
      if (!data.items) {
        handlers.reload();
        return;
      }
      $.each(data.items, function (index, item) {
        applyTask(item);
      });
    },
    list: function () {
      handlers.reloadLists();
    },
    resync: function () {
      handlers.reload();
    },
    closed: function () {
      close();
      if (firstLoad) {
        loadFirst(); // the tasks now, the stream when it comes back (its ready reloads)
      }
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        if (!handlers) {
          return;
        }
        // A refused stream is most often an expired access token: renew it, then listen again.
        api.currentUser().then(open, function (error) {
          if (!error.unauthenticated) {
            events.closed();
          }
        });
      }, retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  };

  function open() {
    if (handlers && !source && window.EventSource) {
      source = api.openEvents(events);
    }
  }

  function close() {
    if (source) {
      source.close();
      source = null;
    }
  }

  function loadFirst() {
    var resolve = firstLoad;
    window.clearTimeout(readyTimer);
    readyTimer = null;
    firstLoad = null;
    resolve(handlers.reload());
  }

  // Listens for the user's changes and loads their tasks (callbacks.reload) once listening;
  // resolves when that first load is done.
  function start(callbacks) {
    handlers = callbacks;
    return new Promise(function (resolve) {
      firstLoad = resolve;
      open();
      if (source) {
        readyTimer = window.setTimeout(loadFirst, READY_WAIT_MS);
      } else {
        loadFirst();
      }
    });
  }

  function stop() {
    handlers = null;
    firstLoad = null;
    window.clearTimeout(readyTimer);
    readyTimer = null;
    window.clearTimeout(retryTimer);
    retryTimer = null;
    close();
  }

  parts.live = { start: start, stop: stop };
})(window, window.jQuery);
