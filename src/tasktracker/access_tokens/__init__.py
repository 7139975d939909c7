"""Personal access tokens: long-lived, scoped secrets a user makes for their scripts.

A token is a bearer credential of its own kind, beside sessions and Basic: it is looked up by its
hash on every request (auth.dependencies), carries scopes (`tasks:read`, `tasks:write`) and
cannot manage the account it belongs to.
"""
