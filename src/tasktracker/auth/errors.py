from tasktracker.errors import AppError, NotAuthenticated, NotFound


class InvalidCredentials(NotAuthenticated):
    message = "Invalid email or password"


class SessionExpired(NotAuthenticated):
    message = "Your session has expired, please log in again"


class RefreshTokenReused(NotAuthenticated):
    """A rotated refresh token came back: it was stolen or replayed, so the session is ended.
    The revocation is committed even though the request fails."""

    message = "This session was ended for your security, please log in again"
    keep_changes = True


class SessionNotFound(NotFound):
    """Not a live session of the caller's: another user's is not found either."""

    message = "No such session"


__all__ = ["AppError", "InvalidCredentials", "RefreshTokenReused", "SessionExpired", "SessionNotFound"]
