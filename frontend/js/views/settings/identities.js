/*
 * The settings card of sign-in providers (#settings-identities): the providers linked to the
 * account (GET /user/identities), each with Unlink, and "Link <name>" for each configured one not
 * linked yet, which goes through the provider and comes back to #settings. The server refuses to
 * unlink the last way in (409), and so the card says.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var ui = TT.ui;
  var $card;
  // Bumped on every show and reset: an answer for an earlier one is dropped.
  var generation = 0;

  function showError(message) {
    ui.setMessage($card.find(".identities-error").prop("hidden", false), message);
  }

  function hideError() {
    ui.clearMessage($card.find(".identities-error").prop("hidden", true));
  }

  function render(providers, identities) {
    var linked = {};
    var $list = $card.find(".identities-list").empty();
    $.each(identities, function (index, identity) {
      linked[identity.provider] = true;
      var $item = $('<li class="list-group-item d-flex align-items-center gap-2"></li>');
      var $label = $('<span class="flex-grow-1 text-break"></span>');
      ui.setMessage(
        $label,
        identity.email
          ? ui.translated("oidc.linkedAs", { name: identity.name, email: identity.email })
          : ui.literal(identity.name)
      );
      var $unlink = $('<button type="button" class="btn btn-outline-danger btn-sm" data-action="unlink-identity"></button>');
      $unlink.attr("data-provider", identity.provider);
      ui.setMessage($unlink, ui.translated("oidc.unlink", { name: identity.name }));
      $list.append($item.append($label, $unlink));
    });
    $list.prop("hidden", identities.length === 0);
    $card.find(".identities-none").prop("hidden", identities.length !== 0);

    var $link = $card.find(".identities-link").empty();
    $.each(providers, function (index, provider) {
      if (!linked[provider.id]) {
        var $button = $('<button type="button" class="btn btn-outline-primary btn-sm" data-action="link-identity"></button>');
        $button.attr("data-provider", provider.id);
        ui.setMessage($button, ui.translated("oidc.linkWith", { name: provider.name }));
        $link.append($button);
      }
    });
    // Nothing configured and nothing linked: the card has nothing to offer.
    $card.prop("hidden", providers.length === 0 && identities.length === 0);
  }

  function load() {
    var mine = (generation += 1);
    return Promise.all([TT.providersView.list(), api.listIdentities()])
      .then(function (results) {
        if (mine === generation) {
          render(results[0], results[1]);
        }
      })
      .catch(function (error) {
        if (mine === generation && !error.unauthenticated) {
          showError(ui.errorMessage(error));
        }
      });
  }

  function onUnlink() {
    var $button = $(this).prop("disabled", true);
    hideError();
    api
      .unlinkIdentity($button.attr("data-provider"))
      .then(load)
      .catch(function (error) {
        $button.prop("disabled", false);
        if (!error.unauthenticated) {
          showError(error.status === 409 ? ui.translated("oidc.lastWayIn") : ui.errorMessage(error));
        }
      });
  }

  function onLink() {
    var provider = $(this).attr("data-provider");
    var $button = $(this).prop("disabled", true);
    hideError();
    // The API links to the session the browser brings: renewed first if it is about to lapse.
    api
      .currentUser()
      .then(function () {
        TT.providersView.go(provider, "/#settings", true);
      })
      .catch(function (error) {
        $button.prop("disabled", false);
        if (!error.unauthenticated) {
          showError(ui.errorMessage(error));
        }
      });
  }

  // Registered once every script has run: settings.js, which defines the registry, comes later.
  $(function () {
    TT.settingsView.register({
      init: function () {
        $card = $("#settings-identities");
        $card.on("click", "[data-action='unlink-identity']", onUnlink);
        $card.on("click", "[data-action='link-identity']", onLink);
      },
      show: function () {
        hideError();
        return load();
      },
      reset: function () {
        generation += 1;
        hideError();
        $card.find(".identities-list, .identities-link").empty();
      }
    });
  });
})(window, window.jQuery);
