/*
 * Settings, "Export and import" (#settings-transfer). An export is fetched through the API module
 * like any call, then saved from a Blob with a temporary download link. An import uploads the
 * chosen file and shows the report: how many tasks and lists were made, and each row of the file
 * that was skipped or left partly out, with its line (the reasons are the server's words). The
 * task list is loaded again afterwards, so the new tasks are there on going back.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  // The size the API accepts (IMPORT_MAX_BYTES by default): a larger file is not even sent.
  var MAX_BYTES = 5 * 1024 * 1024;
  var user = null;
  var generation = 0;
  // The report shown, re-rendered when the interface language changes.
  var lastReport = null;

  function save(download) {
    var url = window.URL.createObjectURL(new window.Blob([download.text], { type: download.type }));
    var $link = $("<a>", { href: url, download: download.filename, hidden: true }).appendTo(window.document.body);
    $link[0].click();
    $link.remove();
    // Revoked later: the download reads the Blob after the click returns.
    window.setTimeout(function () {
      window.URL.revokeObjectURL(url);
    }, 10000);
  }

  function onExport() {
    var $button = $(this);
    var $status = $("#export-status");
    $("#settings-transfer [data-action='export']").prop("disabled", true);
    ui.setMessage($status, ui.translated("transfer.exporting"));
    api
      .exportTasks($button.attr("data-format"))
      .then(function (download) {
        save(download);
        ui.setMessage($status, ui.translated("transfer.exported", { name: download.filename }));
      })
      .catch(function (error) {
        if (error.unauthenticated) {
          ui.clearMessage($status);
        } else {
          ui.setMessage($status, ui.errorMessage(error));
        }
      })
      .then(function () {
        $("#settings-transfer [data-action='export']").prop("disabled", false);
      });
  }

  function hideReport() {
    lastReport = null;
    $("#import-report").prop("hidden", true);
    $("#import-summary").text("");
    $("#import-problems").empty();
  }

  function summaryText(report) {
    var parts = [i18n.t("transfer.created", { count: report.created })];
    if (report.lists_created) {
      parts.push(i18n.t("transfer.listsCreated", { count: report.lists_created }));
    }
    if (report.skipped) {
      parts.push(i18n.t("transfer.skipped", { count: report.skipped }));
    }
    return parts.join(" · ");
  }

  function showReport(report) {
    lastReport = report;
    $("#import-summary").text(summaryText(report));
    var $problems = $("#import-problems").empty();
    $.each(report.errors, function (index, problem) {
      var text = problem.line
        ? i18n.t("transfer.line", { line: problem.line, message: problem.message })
        : problem.message;
      $problems.append($("<li>", { text: text }));
    });
    $("#import-report").prop("hidden", false);
  }

  function onImport(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    errors.clear();
    hideReport();
    var file = $("#import-file")[0].files[0];
    if (!file) {
      errors.field("file", ui.translated("transfer.fileRequired"));
      errors.focusFirstInvalid();
      return;
    }
    if (file.size > MAX_BYTES) {
      errors.field("file", ui.translated("transfer.fileTooLarge"));
      errors.focusFirstInvalid();
      return;
    }
    var mine = generation;
    ui.setBusy($form, true);
    api
      .importTasks(file)
      .then(function (report) {
        ui.setBusy($form, false);
        if (mine !== generation) {
          return;
        }
        $form.trigger("reset");
        showReport(report);
        if (user && report.created) {
          TT.tasksView.show(user);
        }
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.unauthenticated || mine !== generation) {
          return;
        }
        var message = error.status === 413 ? ui.translated("transfer.fileTooLarge") : ui.errorMessage(error);
        errors.summary(message);
        $.each(error.fieldErrors, function (field, text) {
          if (field !== "file") {
            $form.find(".form-error-summary").append($("<div>", { "class": "small", text: field + ": " + text }));
          }
        });
      });
  }

  function init() {
    var $card = $("#settings-transfer");
    $card.on("click", "[data-action='export']", onExport);
    $card.on("submit", "#import-form", onImport);
    $(window.document).on("tt:languagechange", function () {
      if (lastReport) {
        showReport(lastReport);
      }
    });
  }

  function show(current) {
    user = current;
    ui.clearMessage($("#export-status"));
  }

  function reset() {
    generation += 1;
    user = null;
    hideReport();
    ui.clearMessage($("#export-status"));
    var $form = $("#import-form").trigger("reset");
    new ui.FormErrors($form).clear();
  }

  // settings.js loads after this file: the section registers once the page is ready.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
