"""Sign-in with external OpenID Connect providers, and the identities linked to accounts."""
