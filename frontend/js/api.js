/*
 * The only module that talks HTTP. Every call goes to the API origin from config.js, sends cookies
 * (withCredentials) and resolves to the parsed JSON body or rejects with an ApiError.
 *
 * A 401 on an authenticated call triggers one POST /session/refresh and one retry. The server
 * treats a reused refresh token as theft and revokes the session, so refreshes never overlap: in
 * this page one refresh in flight is shared by every call that needs it, and across the tabs of
 * this browser a Web Lock runs them one after the other, so a later tab sends the cookie the
 * earlier one received. If the session cannot be refreshed, the "unauthenticated" listeners run
 * and the call rejects with an ApiError whose `unauthenticated` flag is set.
 */
(function (window, $) {
  "use strict";

  var baseUrl = String(window.TASKTRACKER_CONFIG.apiUrl).replace(/\/+$/, "");
  var REQUEST_TIMEOUT_MS = 15000;

  function ApiError(status, message, fieldErrors, retryAfterSeconds) {
    this.name = "ApiError";
    this.status = status;
    this.message = message;
    this.fieldErrors = fieldErrors || {};
    this.retryAfterSeconds = retryAfterSeconds;
    this.network = status === 0;
    this.unauthenticated = false;
  }
  ApiError.prototype = Object.create(Error.prototype);
  ApiError.prototype.constructor = ApiError;

  function errorFromXhr(xhr) {
    var body = xhr.responseJSON;
    var fieldErrors = {};
    if (body && $.isArray(body.errors)) {
      $.each(body.errors, function (index, item) {
        if (item && item.field && !fieldErrors[item.field]) {
          fieldErrors[item.field] = String(item.message || "");
        }
      });
    }
    var retryAfter = parseInt(xhr.getResponseHeader && xhr.getResponseHeader("Retry-After"), 10);
    return new ApiError(
      xhr.status || 0,
      body && typeof body.message === "string" ? body.message : "",
      fieldErrors,
      isNaN(retryAfter) ? null : retryAfter
    );
  }

  // Told of every call that met no server at all (offline, refused, timed out).
  var networkErrorListeners = $.Callbacks();

  // `body`: sent as JSON, or as it is when it is FormData (a file upload: the browser writes the
  // multipart type and boundary). `dataType` "text" keeps a download's text as it came.
  function send(method, path, body, headers, dataType) {
    var form = window.FormData && body instanceof window.FormData;
    return new Promise(function (resolve, reject) {
      $.ajax({
        url: baseUrl + path,
        method: method,
        data: body === undefined || form ? body : JSON.stringify(body),
        processData: !form,
        contentType: body === undefined || form ? false : "application/json",
        dataType: dataType || "json",
        headers: headers || {},
        timeout: REQUEST_TIMEOUT_MS,
        xhrFields: { withCredentials: true }
      })
        .done(function (payload, textStatus, xhr) {
          resolve({ data: payload === undefined ? null : payload, xhr: xhr });
        })
        .fail(function (xhr, textStatus) {
          if (xhr.status === 0 && textStatus !== "abort") {
            networkErrorListeners.fire();
          }
          reject(errorFromXhr(xhr));
        });
    });
  }

  var unauthenticatedListeners = $.Callbacks();
  var refreshInFlight = null;
  // Bumped by each successful refresh: a call that was sent before the newest refresh finished
  // just retries with the new cookie instead of starting a refresh of its own.
  var refreshGeneration = 0;

  var REFRESH_LOCK = "tasktracker-refresh";

  // navigator.locks exists only in secure contexts (HTTPS, localhost); elsewhere tabs cannot
  // coordinate and each refreshes on its own.
  function acrossTabs(task) {
    var locks = window.navigator.locks;
    return locks && typeof locks.request === "function" ? locks.request(REFRESH_LOCK, task) : task();
  }

  function refreshSession() {
    if (!refreshInFlight) {
      refreshInFlight = acrossTabs(function () {
        return send("POST", "/session/refresh");
      }).then(
        function (response) {
          refreshInFlight = null;
          refreshGeneration += 1;
          return response.data;
        },
        function (error) {
          refreshInFlight = null;
          throw error;
        }
      );
    }
    return refreshInFlight;
  }

  function sessionLost(error) {
    error.unauthenticated = true;
    unauthenticatedListeners.fire();
    return error;
  }

  function authenticated(method, path, body, headers, dataType) {
    var generationAtStart = refreshGeneration;
    return send(method, path, body, headers, dataType).catch(function (error) {
      if (error.status !== 401) {
        throw error;
      }
      var ready = generationAtStart !== refreshGeneration ? Promise.resolve() : refreshSession();
      return ready.then(
        function () {
          return send(method, path, body, headers, dataType).catch(function (retryError) {
            throw retryError.status === 401 ? sessionLost(retryError) : retryError;
          });
        },
        function (refreshError) {
          throw refreshError.status === 401 ? sessionLost(error) : refreshError;
        }
      );
    });
  }

  function data(response) {
    return response.data;
  }

  function versionHeader(version) {
    return version === undefined || version === null ? undefined : { "If-Match": '"' + version + '"' };
  }

  // The `Link: <...>; rel="next"` of a paged list: its address and the `cursor` in it.
  function nextPage(xhr) {
    var link = /<([^>]*)>\s*;\s*rel="next"/.exec(xhr.getResponseHeader("Link") || "");
    var cursor = link && /[?&]cursor=([^&]*)/.exec(link[1]);
    return {
      url: link ? link[1] : null,
      cursor: cursor ? decodeURIComponent(cursor[1].replace(/\+/g, " ")) : null
    };
  }

  window.TT = window.TT || {};
  window.TT.api = {
    ApiError: ApiError,
    onUnauthenticated: function (listener) {
      unauthenticatedListeners.add(listener);
    },
    onNetworkError: function (listener) {
      networkErrorListeners.add(listener);
    },

    currentUser: function () {
      return authenticated("GET", "/user").then(data);
    },
    register: function (fields) {
      return send("POST", "/user", fields).then(data);
    },
    logIn: function (fields) {
      return send("POST", "/session", fields).then(data);
    },
    logOut: function () {
      return send("DELETE", "/session").then(data);
    },
    requestPasswordReset: function (fields) {
      return send("POST", "/password-reset", fields).then(data);
    },
    confirmPasswordReset: function (fields) {
      return send("POST", "/password-reset/confirm", fields).then(data);
    },
    unsubscribe: function (token) {
      return send("POST", "/unsubscribe?token=" + encodeURIComponent(token)).then(data);
    },

    updateUser: function (fields) {
      return authenticated("PATCH", "/user", fields).then(data);
    },
    changePassword: function (fields) {
      return authenticated("POST", "/user/password", fields).then(data);
    },
    deleteAccount: function (fields) {
      return authenticated("DELETE", "/user", fields).then(data);
    },
    listSessions: function () {
      return authenticated("GET", "/user/sessions").then(data);
    },
    endSession: function (id) {
      return authenticated("DELETE", "/user/sessions/" + encodeURIComponent(id)).then(data);
    },
    endOtherSessions: function () {
      return authenticated("DELETE", "/user/sessions").then(data);
    },
    // External OpenID Connect providers: the list, and the address the browser goes to (a
    // navigation, not a call) to sign in with one or, with `link`, to link it to this account.
    listProviders: function () {
      return send("GET", "/auth/providers").then(data);
    },
    // `params`: `next` (a path of the web app), and `link: "true"` or `timezone` (a new account's).
    providerLoginUrl: function (provider, params) {
      return baseUrl + "/auth/oidc/" + encodeURIComponent(provider) + "/login?" + $.param(params);
    },
    listIdentities: function () {
      return authenticated("GET", "/user/identities").then(data);
    },
    unlinkIdentity: function (provider) {
      return authenticated("DELETE", "/user/identities/" + encodeURIComponent(provider)).then(data);
    },

    // GET /events as an EventSource: `handlers` has ready(), task(data), list(data), resync()
    // and closed() (the stream failed and will not come back by itself: refused, or its
    // retries given up). Returns the source, for close().
    openEvents: function (handlers) {
      var source = new window.EventSource(baseUrl + "/events", { withCredentials: true });
      $.each(["ready", "task", "list", "resync"], function (index, name) {
        source.addEventListener(name, function (event) {
          handlers[name](JSON.parse(event.data));
        });
      });
      source.onerror = function () {
        // CONNECTING: the browser reconnects by itself (the retry the server sent); CLOSED:
        // it will not, as when the request was refused.
        if (source.readyState === window.EventSource.CLOSED) {
          handlers.closed();
        }
      };
      return source;
    },

    // One page of GET /tasks (`query`: its parameters, e.g. `cursor`), resolving to
    // {tasks, nextUrl, nextCursor}: the Link header's next page, both null on the last page.
    listTasksPage: function (query) {
      var search = query && !$.isEmptyObject(query) ? "?" + $.param(query) : "";
      return authenticated("GET", "/tasks" + search).then(function (response) {
        var next = nextPage(response.xhr);
        return { tasks: response.data, nextUrl: next.url, nextCursor: next.cursor };
      });
    },
    searchTasks: function (q) {
      return authenticated("GET", "/tasks?q=" + encodeURIComponent(q)).then(data);
    },
    getTask: function (id) {
      return authenticated("GET", "/tasks/" + encodeURIComponent(id)).then(data);
    },
    createTask: function (fields) {
      return authenticated("POST", "/tasks", fields).then(data);
    },
    parseTask: function (fields) {
      return authenticated("POST", "/tasks/parse", fields).then(data);
    },
    updateTask: function (id, fields, version) {
      return authenticated("PATCH", "/tasks/" + encodeURIComponent(id), fields, versionHeader(version)).then(data);
    },
    skipTask: function (id, version) {
      return authenticated("POST", "/tasks/" + encodeURIComponent(id) + "/skip", undefined, versionHeader(version)).then(
        data
      );
    },
    deleteTask: function (id) {
      return authenticated("DELETE", "/tasks/" + encodeURIComponent(id)).then(data);
    },
    // Manual order: `place` is {after_id} or {before_id} (or neither: to the end), and optionally
    // list_id. No If-Match: a place is not an edit another device's copy could contradict.
    moveTask: function (id, place) {
      return authenticated("POST", "/tasks/" + encodeURIComponent(id) + "/move", place).then(data);
    },
    // The trash: deleted tasks, kept until restored or purged (their purge_at).
    listTrash: function () {
      return authenticated("GET", "/trash").then(data);
    },
    restoreTask: function (id) {
      return authenticated("POST", "/tasks/" + encodeURIComponent(id) + "/restore").then(data);
    },
    deleteForever: function (id) {
      return authenticated("DELETE", "/trash/" + encodeURIComponent(id)).then(data);
    },
    emptyTrash: function () {
      return authenticated("DELETE", "/trash").then(data);
    },

    // A download of everything the user owns: its text, media type and file name (to save it).
    exportTasks: function (format) {
      return authenticated("GET", "/export?format=" + encodeURIComponent(format), undefined, undefined, "text").then(
        function (response) {
          var disposition = response.xhr.getResponseHeader("Content-Disposition") || "";
          var named = /filename="([^"]+)"/.exec(disposition);
          return {
            text: response.data,
            type: response.xhr.getResponseHeader("Content-Type") || "application/octet-stream",
            filename: named ? named[1] : "tasktracker." + format
          };
        }
      );
    },
    importTasks: function (file) {
      var form = new window.FormData();
      form.append("file", file);
      return authenticated("POST", "/import", form).then(data);
    },
    getCalendarFeed: function () {
      return authenticated("GET", "/user/calendar-token").then(data);
    },
    newCalendarFeed: function () {
      return authenticated("POST", "/user/calendar-token").then(data);
    },
    turnOffCalendarFeed: function () {
      return authenticated("DELETE", "/user/calendar-token").then(data);
    },

    listLists: function () {
      return authenticated("GET", "/lists").then(data);
    },
    createList: function (fields) {
      return authenticated("POST", "/lists", fields).then(data);
    },
    updateList: function (id, fields) {
      return authenticated("PATCH", "/lists/" + encodeURIComponent(id), fields).then(data);
    },
    deleteList: function (id) {
      return authenticated("DELETE", "/lists/" + encodeURIComponent(id)).then(data);
    },
    restoreList: function (id) {
      return authenticated("POST", "/lists/" + encodeURIComponent(id) + "/restore").then(data);
    },
    // `listId`: a list's id, or "inbox".
    listTasksOf: function (listId) {
      return authenticated("GET", "/tasks?list_id=" + encodeURIComponent(listId)).then(data);
    },

    listAccessTokens: function () {
      return authenticated("GET", "/user/tokens").then(data);
    },
    createAccessToken: function (fields) {
      return authenticated("POST", "/user/tokens", fields).then(data);
    },
    revokeAccessToken: function (id) {
      return authenticated("DELETE", "/user/tokens/" + encodeURIComponent(id)).then(data);
    },

    /*
     * Last-chance save while the page is going away (pagehide): an XHR would be cancelled with the
     * page, a keepalive fetch is not. Without If-Match on purpose: the fields are the user's latest
     * text and an earlier save may still be in flight. The response cannot be read any more.
     */
    updateTaskOnUnload: function (id, fields) {
      if (!window.fetch) {
        return;
      }
      window
        .fetch(baseUrl + "/tasks/" + encodeURIComponent(id), {
          method: "PATCH",
          body: JSON.stringify(fields),
          headers: { "Content-Type": "application/json" },
          credentials: "include",
          keepalive: true
        })
        .catch(function () {
          // Nothing can be shown any more; beforeunload already warned if saves were failing.
        });
    }
  };
})(window, window.jQuery);
