"""Stable job names of the tasks: messages already in a queue keep working across deployments."""

REFRESH_SEARCH = "tasks.refresh_search"
