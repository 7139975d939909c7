/*
 * The header's account menu (a Bootstrap dropdown below 992 px, inline wider; see css/header.css).
 * Bootstrap's dropdown moves focus on ArrowUp/ArrowDown anywhere in its menu, which would stop
 * the language and theme selects from changing with the arrow keys: their keys stay theirs.
 */
(function ($) {
  "use strict";

  $(function () {
    $(".tt-account-menu").on("keydown", "select", function (event) {
      if (event.key === "ArrowUp" || event.key === "ArrowDown") {
        event.stopPropagation();
      }
    });
  });
})(window.jQuery);
