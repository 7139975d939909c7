"""Task Tracker: a multi-user TODO list with email digests."""
