/*
 * Due dates on the owner's calendar: "today" is the date in the user's timezone (from GET /user;
 * UTC, the server's default, when they have none), so the page agrees with GET /tasks?due= and
 * the emails. Dates are the API's YYYY-MM-DD text and times its HH:MM text, compared as text.
 */
(function (window) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;

  var UPCOMING_DAYS = 7;
  var zone = "UTC";

  function setZone(timezone) {
    zone = timezone || "UTC";
    try {
      i18n.dateFormat("en", { timeZone: zone });
    } catch {
      zone = "UTC"; // A zone this browser does not know.
    }
  }

  // The owner's local date and time now, as { date: "YYYY-MM-DD", time: "HH:MM" }.
  function now() {
    var parts = {};
    i18n.dateFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23"
    })
      .formatToParts(new Date())
      .forEach(function (part) {
        parts[part.type] = part.value;
      });
    return { date: parts.year + "-" + parts.month + "-" + parts.day, time: parts.hour + ":" + parts.minute };
  }

  function addDays(isoDate, days) {
    var date = new Date(isoDate + "T00:00:00Z");
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  }

  function isOverdue(task, local) {
    if (task.done || !task.due_date) {
      return false;
    }
    return task.due_date < local.date || (task.due_date === local.date && !!task.due_time && task.due_time <= local.time);
  }

  // Whether an open task belongs to a view: "today" (due today or overdue) or "upcoming" (today
  // and the 6 days after it), as GET /tasks?due= decides it.
  function inView(task, view, local) {
    if (task.done || !task.due_date) {
      return false;
    }
    if (view === "today") {
      return task.due_date <= local.date;
    }
    return task.due_date >= local.date && task.due_date < addDays(local.date, UPCOMING_DAYS);
  }

  // All-day tasks first on each day, then by time.
  function byDue(a, b) {
    if (a.due_date !== b.due_date) {
      return a.due_date < b.due_date ? -1 : 1;
    }
    var aTime = a.due_time || "";
    var bTime = b.due_time || "";
    return aTime === bTime ? a.id - b.id : aTime < bTime ? -1 : 1;
  }

  function dayName(isoDate, local) {
    if (isoDate === local.date) {
      return i18n.t("due.today");
    }
    if (isoDate === addDays(local.date, 1)) {
      return i18n.t("due.tomorrow");
    }
    if (isoDate === addDays(local.date, -1)) {
      return i18n.t("due.yesterday");
    }
    return i18n.formatDay(isoDate);
  }

  // The row's due label: { text, overdue }, or null for a task with no due date (or done).
  function label(task, local) {
    if (task.done || !task.due_date) {
      return null;
    }
    var when = dayName(task.due_date, local) + (task.due_time ? " " + task.due_time : "");
    var overdue = isOverdue(task, local);
    return { text: overdue ? i18n.t("due.overdue", { when: when }) : when, overdue: overdue };
  }

  TT.tasks.due = {
    setZone: setZone,
    zone: function () {
      return zone;
    },
    now: now,
    addDays: addDays,
    inView: inView,
    byDue: byDue,
    dayName: dayName,
    label: label
  };
})(window);
