"""Stable job names of the trash: messages already in a queue keep working across deployments."""

PURGE_TRASH = "trash.purge"
