/*
 * Recurring tasks: the editor's "Repeat" controls (#task-repeat), the rule they stand for (an
 * RRULE value as the API stores it: parts in the server's order, so a local copy equals the
 * server's), its human summary, the list rows' repeat marker and the "Next: …" notice after an
 * occurrence was skipped (completing one says it in a toast: completion.js). Schedules the controls cannot show (set through the API) keep
 * their rule until the user picks another.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var due = TT.tasks.due;

  var WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
  var WORKDAYS = "MO,TU,WE,TH,FR";
  var AFTER_COMPLETION = "X-AFTER=COMPLETION";
  var MAX_INTERVAL = 999;
  // The summary's start, for one period and for N of them.
  var FREQUENCY_KEYS = {
    daily: ["repeat.eachDaily", "repeat.everyDaily"],
    weekly: ["repeat.eachWeekly", "repeat.everyWeekly"],
    monthly: ["repeat.eachMonthly", "repeat.everyMonthly"],
    yearly: ["repeat.eachYearly", "repeat.everyYearly"]
  };
  var noticeTimer = null;
  var shown = { rule: null };

  function parts(rule) {
    var found = {};
    (rule || "").split(";").forEach(function (part) {
      var pair = part.split("=");
      if (pair.length === 2) {
        found[pair[0]] = pair[1];
      }
    });
    return found;
  }

  // The weekday (MO..SU) of a YYYY-MM-DD date.
  function weekdayOf(isoDate) {
    return WEEKDAYS[(new Date(isoDate + "T00:00:00Z").getUTCDay() + 6) % 7];
  }

  function weekdayName(code) {
    var monday = Date.UTC(2024, 0, 1); // a Monday
    var date = new Date(monday + WEEKDAYS.indexOf(code) * 86400000);
    return i18n.dateFormat(i18n.language(), { weekday: "short", timeZone: "UTC" }).format(date);
  }

  /*
   * What the controls show for a rule: { kind, interval, days, monthly, after, custom }, kind one
   * of none, daily, weekdays, weekly, monthly, yearly; monthly one of day, lastweekday, lastday.
   */
  function model(rule, dueDate) {
    var p = parts(rule);
    var interval = parseInt(p.INTERVAL || "1", 10);
    var result = { kind: "none", interval: interval, days: [], monthly: "day", after: false, custom: false };
    if (!rule) {
      return result;
    }
    result.after = (rule.split(";").indexOf(AFTER_COMPLETION) !== -1);
    result.kind = (p.FREQ || "").toLowerCase();
    var plainDays = p.BYDAY ? p.BYDAY.split(",").every(function (day) {
      return WEEKDAYS.indexOf(day) !== -1;
    }) : true;
    if (p.BYDAY === WORKDAYS && interval === 1 && (p.FREQ === "WEEKLY" || p.FREQ === "DAILY")) {
      result.kind = "weekdays";
    } else if (p.FREQ === "WEEKLY") {
      result.days = p.BYDAY ? p.BYDAY.split(",") : dueDate ? [weekdayOf(dueDate)] : [];
      result.custom = !plainDays;
    } else if (p.FREQ === "MONTHLY") {
      if (p.BYMONTHDAY === "-1") {
        result.monthly = "lastday";
      } else if (p.BYDAY && /^-1(MO|TU|WE|TH|FR|SA|SU)$/.test(p.BYDAY)) {
        result.monthly = "lastweekday";
        result.days = [p.BYDAY.slice(2)];
      } else {
        result.custom = !!p.BYDAY || (!!p.BYMONTHDAY && p.BYMONTHDAY.indexOf(",") !== -1);
        result.day = p.BYMONTHDAY ? parseInt(p.BYMONTHDAY, 10) : dueDate ? parseInt(dueDate.slice(8), 10) : 1;
      }
    } else {
      result.custom = !!p.BYDAY || !!p.BYMONTH || !!p.BYMONTHDAY;
    }
    return result;
  }

  // The rule of a model on a due date (the day of the month and weekday come from it).
  function buildRule(m, dueDate) {
    if (m.kind === "none") {
      return null;
    }
    if (m.kind === "weekdays") {
      return "FREQ=WEEKLY;BYDAY=" + WORKDAYS + (m.after ? ";" + AFTER_COMPLETION : "");
    }
    var out = ["FREQ=" + m.kind.toUpperCase()];
    if (m.interval > 1) {
      out.push("INTERVAL=" + m.interval);
    }
    if (m.kind === "weekly") {
      var days = WEEKDAYS.filter(function (day) {
        return m.days.indexOf(day) !== -1;
      });
      out.push("BYDAY=" + (days.length ? days : [weekdayOf(dueDate)]).join(","));
    } else if (m.kind === "monthly") {
      if (m.monthly === "lastday") {
        out.push("BYMONTHDAY=-1");
      } else if (m.monthly === "lastweekday") {
        out.push("BYDAY=-1" + weekdayOf(dueDate));
      } else {
        out.push("BYMONTHDAY=" + parseInt(dueDate.slice(8), 10));
      }
    }
    if (m.after) {
      out.push(AFTER_COMPLETION);
    }
    return out.join(";");
  }

  // "Every week on Mon, Thu", in the interface language.
  function summary(value, dueDate) {
    if (!value) {
      return "";
    }
    var m = model(value, dueDate);
    if (m.custom || ["daily", "weekdays", "weekly", "monthly", "yearly"].indexOf(m.kind) === -1) {
      return i18n.t("repeat.summaryCustom", { rule: value });
    }
    var text;
    if (m.kind === "weekdays") {
      text = i18n.t("repeat.summaryWeekdays");
    } else {
      text = i18n.t(FREQUENCY_KEYS[m.kind][m.interval > 1 ? 1 : 0], { count: m.interval });
    }
    if (m.kind === "weekly") {
      text += i18n.t("repeat.onDays", { days: m.days.map(weekdayName).join(", ") });
    } else if (m.kind === "monthly") {
      if (m.monthly === "lastday") {
        text += i18n.t("repeat.onLastDay");
      } else if (m.monthly === "lastweekday") {
        text += i18n.t("repeat.onLastWeekday", { weekday: weekdayName(m.days[0]) });
      } else {
        text += i18n.t("repeat.onDay", { day: m.day });
      }
    }
    return m.after ? text + i18n.t("repeat.afterSuffix") : text;
  }

  // The list row's marker: the repeat icon for the eye, the summary for a screen reader and a tooltip.
  function marker($marker, task) {
    var text = task.recurrence ? summary(task.recurrence, task.due_date) : "";
    $marker.empty().attr("title", text || null);
    if (text) {
      $marker.append(
        TT.ui.icon("arrow-repeat"),
        $("<span>", { "class": "visually-hidden" }).text(i18n.t("repeat.marker", { summary: text }))
      );
    }
  }

  // --- the editor's controls ---

  // Built when the controls are first shown, not at start: the first weekday name sets up the
  // browser's date formatting, a slow step the page's start need not wait for.
  var dayBoxesBuilt = false;

  function renderControls(dueDate) {
    if (!dayBoxesBuilt) {
      buildDayBoxes();
    }
    var m = model(shown.rule, dueDate);
    var repeating = m.kind !== "none";
    $("#task-repeat-freq").val(repeating ? m.kind : "none");
    $("#task-repeat-interval").val(m.interval);
    $("#task-repeat-every-group").prop("hidden", !repeating || m.kind === "weekdays");
    $("#task-repeat-days").prop("hidden", m.kind !== "weekly");
    $("#task-repeat-days input").each(function () {
      $(this).prop("checked", m.days.indexOf($(this).val()) !== -1);
    });
    $("#task-repeat-monthly-group").prop("hidden", m.kind !== "monthly");
    var date = dueDate || due.now().date;
    $("#task-repeat-monthly option[value='day']").text(
      i18n.t("repeat.monthlyDay", { day: parseInt(date.slice(8), 10) })
    );
    $("#task-repeat-monthly option[value='lastweekday']").text(
      i18n.t("repeat.monthlyLastWeekday", { weekday: weekdayName(weekdayOf(date)) })
    );
    $("#task-repeat-monthly option[value='lastday']").text(i18n.t("repeat.monthlyLastDay"));
    $("#task-repeat-monthly").val(m.monthly);
    $("#task-repeat-after").prop("checked", m.after).closest(".form-check").prop("hidden", !repeating);
    $("#task-repeat-actions").prop("hidden", !repeating);
    $("#task-repeat-summary").text(summary(shown.rule, dueDate));
  }

  function buildDayBoxes() {
    dayBoxesBuilt = true;
    var $days = $("#task-repeat-days .repeat-days").empty();
    WEEKDAYS.forEach(function (day) {
      var id = "task-repeat-day-" + day;
      $days.append(
        $("<div>", { "class": "form-check form-check-inline" }).append(
          $("<input>", { "class": "form-check-input", type: "checkbox", id: id, value: day }),
          $("<label>", { "class": "form-check-label", "for": id }).text(weekdayName(day))
        )
      );
    });
  }

  // Shows a task's rule in the controls (when the editor opens, or after the server moved it).
  function show(value, dueDate) {
    shown.rule = value || null;
    $("#task-repeat-error").prop("hidden", true).text("");
    renderControls(dueDate);
  }

  // The rule the controls stand for now, on a due date.
  function fromControls(dueDate) {
    var kind = $("#task-repeat-freq").val();
    var interval = parseInt($("#task-repeat-interval").val(), 10);
    var days = $("#task-repeat-days input:checked").map(function () {
      return $(this).val();
    }).get();
    return buildRule(
      {
        kind: kind,
        interval: isNaN(interval) || interval < 1 ? 1 : Math.min(interval, MAX_INTERVAL),
        days: days,
        monthly: $("#task-repeat-monthly").val(),
        after: $("#task-repeat-after").prop("checked")
      },
      dueDate
    );
  }

  // The rule for a new due date: the day of the month or the weekday may come from the date,
  // so a schedule keeps meaning what the controls say. A custom rule stays as it is.
  function ruleOn(dueDate) {
    if (!shown.rule || model(shown.rule, dueDate).custom) {
      return shown.rule;
    }
    var m = model(shown.rule, dueDate);
    if (m.kind === "monthly" && m.monthly === "day") {
      return buildRule(m, dueDate);
    }
    return shown.rule;
  }

  function showError(message) {
    $("#task-repeat-error").prop("hidden", !message).text(message || "");
  }

  // "Next: Thu, 10 Dec", briefly, after an occurrence was skipped.
  function announceNext(task) {
    var $notice = $("#repeat-notice");
    $notice.text(i18n.t("repeat.next", { title: task.title, date: due.dayName(task.due_date, due.now()) }));
    $notice.prop("hidden", false);
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(function () {
      $notice.prop("hidden", true).text("");
    }, 6000);
  }

  /*
   * handlers:
   *   changed(rule)   the user picked a schedule (null: none)
   *   skip()          "Skip this one"
   *   stop()          "Stop repeating"
   */
  function init(handlers) {
    $("#task-repeat")
      .on("change", "#task-repeat-freq, #task-repeat-monthly, #task-repeat-after, #task-repeat-days input", function () {
        handlers.changed();
      })
      .on("change", "#task-repeat-interval", function () {
        handlers.changed();
      })
      .on("click", "#task-repeat-skip", handlers.skip)
      .on("click", "#task-repeat-stop", handlers.stop);
    $(window.document).on("tt:languagechange", function () {
      dayBoxesBuilt = false;
      renderControls($("#task-due-date").val() || null);
    });
  }

  TT.tasks.repeat = {
    init: init,
    show: show,
    fromControls: fromControls,
    ruleOn: ruleOn,
    current: function () {
      return shown.rule;
    },
    showError: showError,
    summary: summary,
    marker: marker,
    announceNext: announceNext
  };
})(window, window.jQuery);
