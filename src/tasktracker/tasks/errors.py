from tasktracker.errors import AppError, NotFound


class TaskNotFound(NotFound):
    message = "Task not found"


class VersionMismatch(AppError):
    status_code = 412
    message = "The task was changed by someone else; reload it and try again"


class InvalidIfMatch(AppError):
    """A malformed If-Match matches no version, so the precondition fails."""

    status_code = 412
    message = 'If-Match must be a task version, e.g. "3"'
