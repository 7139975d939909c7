from tasktracker.errors import NotFound


class FeedNotFound(NotFound):
    """An unknown, replaced or turned-off feed address: all alike, so none can be told apart."""

    message = "No calendar feed at this address: make a new one in the settings"
