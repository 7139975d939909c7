from tasktracker.errors import AppError


class InvalidUnsubscribeToken(AppError):
    """Not signed by this server for unsubscribing: forged, altered, cut short or made for
    another purpose."""

    status_code = 400
    message = "This unsubscribe link is invalid; turn the digest off in Settings instead"
