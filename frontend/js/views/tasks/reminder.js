/*
 * Reminders in the owner's calendar: the editor's "Remind me" choices turned into the instant the
 * API stores (remind_at, UTC), and back, for the choice to show and the row's bell. Local dates
 * and times are the owner's timezone's (due.js), like due dates, whatever the browser's zone.
 */
(function (window) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var due = TT.tasks.due;

  var MINUTE = 60000;
  var MORNING = "09:00";

  function wallParts(milliseconds, zone) {
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
      .formatToParts(new Date(milliseconds))
      .forEach(function (part) {
        parts[part.type] = part.value;
      });
    return parts;
  }

  // The zone's offset from UTC at an instant, in milliseconds.
  function offsetAt(milliseconds, zone) {
    var parts = wallParts(milliseconds, zone);
    var wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
    return wall - Math.floor(milliseconds / MINUTE) * MINUTE;
  }

  // A local date and time of the owner's as an instant (ISO text in UTC). The offset is taken
  // twice: at the wall time read as UTC, then at the instant that gives, which settles it
  // across a clock change.
  function toInstant(isoDate, time) {
    var zone = due.zone();
    var wall = Date.parse(isoDate + "T" + time + ":00Z");
    if (isNaN(wall)) {
      return null;
    }
    var guess = wall - offsetAt(wall, zone);
    return new Date(wall - offsetAt(guess, zone)).toISOString();
  }

  // An instant as the owner's local { date, time }.
  function toLocal(instant) {
    var parts = wallParts(Date.parse(instant), due.zone());
    return { date: parts.year + "-" + parts.month + "-" + parts.day, time: parts.hour + ":" + parts.minute };
  }

  // The instant of a quick choice for a task due on dueDate (at dueTime, if any); null when the
  // choice needs what the task lacks.
  function choiceInstant(choice, dueDate, dueTime) {
    if (choice === "morning") {
      return dueDate ? toInstant(dueDate, MORNING) : null;
    }
    if (!dueDate || !dueTime) {
      return null;
    }
    var atDue = toInstant(dueDate, dueTime);
    if (choice === "due") {
      return atDue;
    }
    if (choice === "before30") {
      return new Date(Date.parse(atDue) - 30 * MINUTE).toISOString();
    }
    return null;
  }

  var QUICK_CHOICES = ["due", "before30", "morning"];

  // Which choice a stored reminder is: a quick one when it falls on its instant, else "custom".
  function choiceOf(remindAt, dueDate, dueTime) {
    if (!remindAt) {
      return "none";
    }
    var at = Date.parse(remindAt);
    var quick = QUICK_CHOICES.filter(function (choice) {
      var instant = choiceInstant(choice, dueDate, dueTime);
      return instant !== null && Date.parse(instant) === at;
    });
    return quick.length ? quick[0] : "custom";
  }

  // The custom field's value (datetime-local: "YYYY-MM-DDTHH:MM") for an instant, and back.
  function customValue(instant) {
    var local = toLocal(instant);
    return local.date + "T" + local.time;
  }

  function customInstant(value) {
    var match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value || "");
    return match ? toInstant(match[1], match[2]) : null;
  }

  // The row's bell: its accessible label, or null for a task without a pending reminder.
  function rowLabel(task) {
    if (task.done || !task.remind_at) {
      return null;
    }
    var local = toLocal(task.remind_at);
    return i18n.t("tasks.reminder", { when: due.dayName(local.date, due.now()) + " " + local.time });
  }

  TT.tasks.reminder = {
    choiceInstant: choiceInstant,
    choiceOf: choiceOf,
    customValue: customValue,
    customInstant: customInstant,
    rowLabel: rowLabel
  };
})(window);
