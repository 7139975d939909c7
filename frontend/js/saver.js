/*
 * Autosave for one task: collects field changes, sends them as PATCH requests and never loses one.
 *
 * - Changes are merged into `pending` and sent after a short debounce, or at once on flush()
 *   (blur, checkbox, closing the editor).
 * - At most one request per task is in flight, so responses cannot arrive out of order. Changes made
 *   while a request is in flight wait in `pending` and go in the next request; a response only
 *   updates the task list, never the editor's inputs, so it cannot overwrite newer text.
 * - Each PATCH carries If-Match with the last version the server acknowledged. A 412 means the task
 *   changed elsewhere (or an earlier request timed out after all): the saver reloads the version and
 *   sends its fields again, so the fields this user edited win and the others stay as they are.
 * - A failed save keeps its fields. Failures that may pass (no answer, 408, 429, 5xx, and a 412
 *   after several conflicts in a row) are retried with exponential backoff (1 s doubling to 30 s,
 *   or later when a 429 says so), or at once on retry(). Other refusals (422, 413, 400, ...)
 *   would only be refused again: the next edit or retry() sends again.
 *
 * The saver knows nothing of HTTP or the DOM: the requests and the reactions are passed in.
 */
(function (window) {
  "use strict";

  var DEBOUNCE_MS = 400;
  var FIRST_RETRY_MS = 1000;
  var MAX_RETRY_MS = 30000;
  // Someone else saving the same task in a tight loop must not make this page loop as well.
  var MAX_CONFLICTS_IN_A_ROW = 3;

  function isEmpty(object) {
    return Object.keys(object).length === 0;
  }

  function merged(older, newer) {
    return Object.assign({}, older, newer);
  }

  // Worth sending again as it is. A 412 only gets here after several conflicts in a row.
  function isTransient(error) {
    var status = error.status;
    return status === 0 || status === 408 || status === 412 || status === 429 || status >= 500;
  }

  /*
   * options:
   *   update(id, fields, version) -> Promise<task>   PATCH /tasks/{id}
   *   fetch(id) -> Promise<task>                      GET /tasks/{id} (after a 412)
   *   version() -> number                             the newest version this page knows
   *   onSaved(task)                                   a server copy of the task arrived
   *   onGone()                                        the task no longer exists (404)
   *   onStateChange()                                 state() or hasUnsaved() may have changed
   */
  function TaskSaver(id, options) {
    this.id = id;
    this.options = options;
    this.pending = {};
    this.sending = null;
    this.debounceTimer = null;
    this.retryTimer = null;
    this.retryDelay = 0;
    this.conflicts = 0;
    this.error = null;
    this.stopped = false;
    this.settleWaiters = [];
  }

  TaskSaver.prototype.change = function (fields) {
    if (this.stopped) {
      return;
    }
    this.pending = merged(this.pending, fields);
    this.restartDebounce();
    this.notify();
  };

  // Drops a field that must not be sent in its current state (an empty title).
  TaskSaver.prototype.discard = function (field) {
    delete this.pending[field];
    this.notify();
  };

  TaskSaver.prototype.flush = function () {
    this.cancelTimers();
    this.sendNext();
    return this.settled();
  };

  TaskSaver.prototype.retry = function () {
    this.error = null;
    this.conflicts = 0;
    return this.flush();
  };

  // Stops saving for good (the task is being deleted); resolves once no request is in flight.
  TaskSaver.prototype.stop = function () {
    this.stopped = true;
    this.cancelTimers();
    this.pending = {};
    this.error = null;
    this.notify();
    return this.settled();
  };

  TaskSaver.prototype.hasUnsaved = function () {
    return this.sending !== null || !isEmpty(this.pending);
  };

  // Everything the server has not acknowledged yet, newest values winning.
  TaskSaver.prototype.unsavedFields = function () {
    return merged(this.sending || {}, this.pending);
  };

  // "saving" while a request is in flight or changes wait for the debounce; "failed" between a
  // failed attempt and the next one.
  TaskSaver.prototype.state = function () {
    if (this.sending !== null) {
      return "saving";
    }
    if (this.error) {
      return "failed";
    }
    return isEmpty(this.pending) ? "saved" : "saving";
  };

  // Resolves when no request is in flight and nothing more will be sent without a new event
  // (everything saved, or the last attempt failed and waits for a retry).
  TaskSaver.prototype.settled = function () {
    var self = this;
    if (this.isSettled()) {
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      self.settleWaiters.push(resolve);
    });
  };

  // The last attempt failed and another one is scheduled (see isTransient).
  TaskSaver.prototype.retrying = function () {
    return this.retryTimer !== null;
  };

  TaskSaver.prototype.isSettled = function () {
    return this.sending === null && (isEmpty(this.pending) || this.error !== null || this.stopped);
  };

  TaskSaver.prototype.restartDebounce = function () {
    var self = this;
    if (this.debounceTimer !== null) {
      window.clearTimeout(this.debounceTimer);
    }
    this.debounceTimer = window.setTimeout(function () {
      self.debounceTimer = null;
      self.sendNext();
    }, DEBOUNCE_MS);
  };

  TaskSaver.prototype.cancelTimers = function () {
    if (this.debounceTimer !== null) {
      window.clearTimeout(this.debounceTimer);
      this.debounceTimer = null;
    }
    this.cancelRetry();
  };

  TaskSaver.prototype.cancelRetry = function () {
    if (this.retryTimer !== null) {
      window.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  };

  TaskSaver.prototype.sendNext = function () {
    var self = this;
    if (this.sending !== null || this.stopped || isEmpty(this.pending)) {
      this.notify();
      return;
    }
    // The request carries everything a scheduled retry would have sent.
    this.cancelRetry();
    var fields = this.pending;
    this.sending = fields;
    this.pending = {};
    this.notify();
    this.options.update(this.id, fields, this.options.version()).then(
      function (task) {
        self.succeeded(task);
      },
      function (error) {
        self.failed(fields, error);
      }
    );
  };

  TaskSaver.prototype.succeeded = function (task) {
    this.sending = null;
    this.error = null;
    this.retryDelay = 0;
    this.conflicts = 0;
    if (this.stopped) {
      this.notify();
      return;
    }
    this.options.onSaved(task);
    if (this.debounceTimer === null) {
      this.sendNext();
    } else {
      this.notify();
    }
  };

  TaskSaver.prototype.failed = function (fields, error) {
    var self = this;
    this.sending = null;
    if (this.stopped) {
      this.notify();
      return;
    }
    this.pending = merged(fields, this.pending);
    if (error.status === 404) {
      this.stopped = true;
      this.pending = {};
      this.notify();
      this.options.onGone();
      return;
    }
    if (error.status === 412 && this.conflicts < MAX_CONFLICTS_IN_A_ROW) {
      this.conflicts += 1;
      this.sending = {};
      this.options.fetch(this.id).then(
        function (task) {
          self.sending = null;
          if (!self.stopped) {
            self.options.onSaved(task);
          }
          self.sendNext();
        },
        function (fetchError) {
          self.sending = null;
          self.failed({}, fetchError);
        }
      );
      return;
    }
    this.error = error;
    if (!error.unauthenticated && isTransient(error)) {
      this.retryDelay = this.retryDelay ? Math.min(this.retryDelay * 2, MAX_RETRY_MS) : FIRST_RETRY_MS;
      var wait = Math.max(this.retryDelay, (error.retryAfterSeconds || 0) * 1000);
      this.retryTimer = window.setTimeout(function () {
        self.retryTimer = null;
        self.conflicts = 0;
        self.sendNext();
      }, wait);
    }
    this.notify();
  };

  TaskSaver.prototype.notify = function () {
    if (this.isSettled() && this.settleWaiters.length) {
      var waiters = this.settleWaiters;
      this.settleWaiters = [];
      waiters.forEach(function (resolve) {
        resolve();
      });
    }
    if (this.options.onStateChange) {
      this.options.onStateChange();
    }
  };

  window.TT = window.TT || {};
  window.TT.TaskSaver = TaskSaver;
})(window);
