"""The one error type: a status and a human-readable message, rendered as {"message": ...}."""

from collections.abc import Mapping, Sequence


class AppError(Exception):
    status_code = 400
    message = "Bad request"
    # Most errors undo the request's transaction; a few must commit what they did (a revocation).
    keep_changes = False

    def __init__(
        self,
        message: str | None = None,
        *,
        status_code: int | None = None,
        headers: Mapping[str, str] | None = None,
        errors: Sequence[Mapping[str, str]] | None = None,
    ) -> None:
        self.message = message or self.message
        self.status_code = status_code or self.status_code
        self.headers = dict(headers or {})
        self.errors = list(errors or [])
        super().__init__(self.message)


class NotAuthenticated(AppError):
    status_code = 401
    message = "Not authenticated"


class NotFound(AppError):
    status_code = 404
    message = "Not found"


class Conflict(AppError):
    status_code = 409
    message = "Conflict"


class UnsupportedMediaType(AppError):
    status_code = 415
    message = "Unsupported content type"


class ValidationFailed(AppError):
    status_code = 422
    message = "Validation failed"


class TooManyRequests(AppError):
    status_code = 429
    message = "Too many attempts, try again later"

    def __init__(self, retry_after_seconds: int, message: str | None = None) -> None:
        super().__init__(message, headers={"Retry-After": str(max(1, retry_after_seconds))})


class ServiceUnavailable(AppError):
    """Something the API needs is down or did not answer in time: a 503 the client may retry."""

    status_code = 503
    message = "A service the API needs is unavailable, try again shortly"
    retry_after_seconds = 5

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, headers={"Retry-After": str(self.retry_after_seconds)})


class DatabaseUnavailable(ServiceUnavailable):
    """The database refused, dropped or did not answer within its timeout (tasktracker.db)."""

    message = "The database is unavailable, try again shortly"


class SharedStoreUnavailable(ServiceUnavailable):
    """Redis, where the replicas share the login limits, did not answer."""

    message = "The shared store (Redis) is unavailable, try again shortly"


class BrokerUnavailable(ServiceUnavailable):
    """The message broker did not accept a connection within /ready's budget."""

    message = "The message broker is unavailable"
