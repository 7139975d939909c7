/*
 * The task editor's frame (#task-modal, panel.css). From 992 px it is a side panel beside the
 * list, which stays usable: a non-modal dialog, and a click on another row switches the panel to
 * that task. Below 992 px it is a sheet over the page (the whole screen on phones): a modal dialog,
 * the page behind it inert, sized to the visual viewport so that the on-screen keyboard does not
 * hide the field being typed in. One close button and Escape close it. Same interface and hooks as
 * ui.Modal (show, hide, isOpen; initialFocus, onHide, onHidden, fallbackFocus).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var WIDE = "(min-width: 992px)";

  function Panel(element, hooks) {
    var self = this;
    this.$element = $(element);
    this.hooks = hooks || {};
    this.returnFocusTo = null;
    this.wide = window.matchMedia(WIDE);
    // Escape in the panel, or beside it on the list (but not in the list's own fields, where
    // Escape means something else: quick add, search).
    $(window.document).on("keydown", function (event) {
      var inPanel = $.contains(element, event.target);
      if (
        event.key === "Escape" &&
        !event.isDefaultPrevented() &&
        self.isOpen() &&
        (inPanel || !$(event.target).is("input:not([type='checkbox']), textarea, select"))
      ) {
        event.preventDefault();
        self.hide();
      }
    });
    this.$element.on("click", "[data-action='close-editor']", function () {
      self.hide();
    });
    $(this.wide).on("change", function () {
      if (self.isOpen()) {
        self.applyMode();
      }
    });
    if (window.visualViewport) {
      $(window.visualViewport).on("resize scroll", function () {
        if (self.isOpen()) {
          self.fitViewport();
        }
      });
    }
  }

  Panel.prototype.isOpen = function () {
    return !this.$element.prop("hidden");
  };

  // Modal below 992 px only: there the sheet covers the list, so the page behind is inert.
  Panel.prototype.applyMode = function () {
    var modal = this.isOpen() && !this.wide.matches;
    this.$element.attr("aria-modal", modal ? "true" : null);
    $("body > header, #main").prop("inert", modal);
    $(window.document.body)
      .toggleClass("task-panel-open", this.isOpen())
      .toggleClass("task-panel-modal", modal);
    this.fitViewport();
  };

  // With the on-screen keyboard open the visual viewport is smaller than 100dvh in some browsers
  // (Safari): the sheet takes the visible part, and the focused field is scrolled back into it.
  Panel.prototype.fitViewport = function () {
    var element = this.$element[0];
    var viewport = window.visualViewport;
    if (!viewport || this.wide.matches || !this.isOpen()) {
      element.style.height = "";
      element.style.top = "";
      return;
    }
    element.style.height = viewport.height + "px";
    element.style.top = viewport.offsetTop + "px";
    var focused = window.document.activeElement;
    if (focused && $.contains(element, focused) && $(focused).is("input, textarea, select")) {
      focused.scrollIntoView({ block: "nearest" });
    }
  };

  // Shown again while open (another row): the new trigger is where focus goes back to.
  Panel.prototype.show = function (returnFocusTo) {
    this.returnFocusTo = returnFocusTo || window.document.activeElement;
    this.$element.prop("hidden", false);
    this.applyMode();
    var target = this.hooks.initialFocus && this.hooks.initialFocus();
    if (target && target.length) {
      target.trigger("focus");
    }
  };

  Panel.prototype.hide = function () {
    if (!this.isOpen()) {
      return;
    }
    if (this.hooks.onHide) {
      this.hooks.onHide();
    }
    this.$element.prop("hidden", true);
    this.applyMode();
    var $target = $(this.returnFocusTo);
    this.returnFocusTo = null;
    if (this.hooks.onHidden) {
      this.hooks.onHidden();
    }
    if (!$target.length || !$.contains(window.document, $target[0]) || !$target.is(":visible")) {
      $target = this.hooks.fallbackFocus ? this.hooks.fallbackFocus() : $();
    }
    if ($target && $target.length) {
      $target.trigger("focus");
    }
  };

  TT.tasks.Panel = Panel;
})(window, window.jQuery);
