"""Stable job names of the auth domain: messages already in a queue keep working across deployments."""

PURGE_SESSIONS = "auth.purge_sessions"
