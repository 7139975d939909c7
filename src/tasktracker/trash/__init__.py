"""The trash: deleted tasks wait here, for TRASH_RETENTION_DAYS, to be restored or deleted for good."""
