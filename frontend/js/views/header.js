/*
 * The header's account menu: below 992 px a dropdown behind one round button, wider shown inline
 * (css/header.css). The vendored Bootstrap has no Popper, which its dropdown needs even when
 * static, so the few dropdown behaviours live here: the button toggles the menu, Escape, Tab out,
 * a click outside or on an item close it, ArrowUp/ArrowDown move between the items; the selects
 * keep their own arrows.
 */
(function ($) {
  "use strict";

  var $toggle;
  var $menu;

  function isOpen() {
    return $menu.hasClass("show");
  }

  function items() {
    return $menu.find(".dropdown-item:visible, select:visible");
  }

  function open() {
    $menu.addClass("show");
    $toggle.attr("aria-expanded", "true");
  }

  function close(focusToggle) {
    if (!isOpen()) {
      return;
    }
    $menu.removeClass("show");
    $toggle.attr("aria-expanded", "false");
    if (focusToggle) {
      $toggle.trigger("focus");
    }
  }

  function move(step) {
    var $items = items();
    var index = $items.index(window.document.activeElement);
    var next = index === -1 ? (step > 0 ? 0 : $items.length - 1) : index + step;
    $items.eq(Math.max(0, Math.min($items.length - 1, next))).trigger("focus");
  }

  $(function () {
    $toggle = $("#account-toggle");
    $menu = $("#account-menu");

    $toggle.on("click", function () {
      if (isOpen()) {
        close(false);
      } else {
        open();
      }
    });
    $toggle.on("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        open();
        move(event.key === "ArrowDown" ? 1 : -1);
      }
    });
    // Capturing on window: Bootstrap's own dropdown key handler captures on document, and would
    // fail on a menu without its toggle.
    window.addEventListener(
      "keydown",
      function (event) {
        var isArrow = event.key === "ArrowDown" || event.key === "ArrowUp";
        var inMenu = $menu[0].contains(event.target);
        if (event.key === "Escape" && (inMenu || isOpen())) {
          event.stopPropagation();
          close(true);
        } else if (isArrow && inMenu) {
          event.stopPropagation();
          if (isOpen() && !$(event.target).is("select")) {
          event.preventDefault();
            move(event.key === "ArrowDown" ? 1 : -1);
          }
        }
      },
      true
    );
    $menu.on("click", ".dropdown-item", function () {
      close(false);
    });
    $(window.document).on("click focusin", function (event) {
      if (isOpen() && !$(event.target).closest(".tt-account").length) {
        close(false);
      }
    });
  });
})(window.jQuery);
