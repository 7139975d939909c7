from tasktracker.errors import AppError, NotAuthenticated, NotFound


class InvalidAccessToken(NotAuthenticated):
    """Unknown, revoked or expired: one answer, since the script's next step is the same."""

    message = "This access token is invalid, revoked or expired"


class MissingScope(AppError):
    status_code = 403
    message = "This access token does not allow this"

    def __init__(self, scope: str) -> None:
        super().__init__(f"This access token lacks the {scope} scope")


class TokenNotAccepted(AppError):
    """Tokens are for scripts that work on tasks: the account (and the tokens) are managed by
    signing in."""

    status_code = 403
    message = "An access token cannot do this; sign in to do it"


class AccessTokenNotFound(NotFound):
    message = "Access token not found"
