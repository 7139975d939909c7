/*
 * Live changes: what the user changes anywhere else (another tab, the phone, a script) shows up
 * here without a reload. GET /events (api.openEvents) names the tasks and lists that changed;
 * each changed task is fetched and laid into the store, where unsaved edits stay on top of it
 * (an edit in progress is never overwritten; its save keeps the version rules). A task that is
 * gone (trashed, deleted) leaves the page. After a reconnection, or when the server says changes
 * may have been missed, everything is reloaded. A lost stream is reopened with growing waits; a
 * refused one renews the session first (api.currentUser refreshes it).
 * The page's first load does not wait for the stream: the stream's `ready` loads everything
 * again, so a change committed between the first load's query and the subscription is still
 * shown (tasks.js applies the answers of overlapping loads in the order they were asked).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var parts = TT.tasks;
  var RETRY_FIRST_MS = 1000;
  var RETRY_MAX_MS = 30000;

  var handlers = null; // { reload(), reloadLists() }, while signed in
  var source = null;
  var retryMs = RETRY_FIRST_MS;
  var retryTimer = null;

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
      // Everything again: what changed before the stream was listening is not told.
      if (handlers) {
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

  // Loads the user's tasks (callbacks.reload) and listens for their changes; resolves when
  // that first load is done.
  function start(callbacks) {
    handlers = callbacks;
    open();
    return handlers.reload();
  }

  function stop() {
    handlers = null;
    window.clearTimeout(retryTimer);
    retryTimer = null;
    close();
  }

  parts.live = { start: start, stop: stop };
})(window, window.jQuery);
