/*
 * The external OpenID Connect providers (GET /auth/providers): a "Sign in with <name>" button for
 * each in the log-in and sign-up dialogs, which sends the browser to the provider through the API
 * (api.providerLoginUrl); none configured, no buttons. The list is asked for once per page and
 * shared with the settings page (views/settings/identities.js).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var ui = TT.ui;
  var providers = null;

  function list() {
    if (!providers) {
      providers = api.listProviders().catch(function () {
        providers = null; // Asked again next time: a failure here must not hide them for good.
        return [];
      });
    }
    return providers;
  }

  // The browser leaves the page for the provider and comes back to `next` in the web app. A
  // sign-in may make an account: it gets the browser's timezone, as a sign-up does.
  function go(provider, next, link) {
    var params = { next: next };
    if (link) {
      params.link = "true";
    } else if (TT.authView.browserTimezone()) {
      params.timezone = TT.authView.browserTimezone();
    }
    window.location.assign(api.providerLoginUrl(provider, params));
  }

  function render(items) {
    $(".oidc-providers").each(function () {
      var $buttons = $(this).find(".oidc-buttons").empty();
      $.each(items, function (index, provider) {
        var $button = $('<button type="button" class="btn btn-outline-dark" data-action="sign-in-with"></button>');
        $button.attr("data-provider", provider.id);
        ui.setMessage($button, ui.translated("oidc.signInWith", { name: provider.name }));
        $buttons.append($button);
      });
      $(this).prop("hidden", items.length === 0);
    });
  }

  function init() {
    $("body").on("click", "[data-action='sign-in-with']", function () {
      go($(this).attr("data-provider"), "/", false);
    });
    list().then(render);
  }

  TT.providersView = { init: init, list: list, go: go };
})(window, window.jQuery);
