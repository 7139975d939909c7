from tasktracker.errors import AppError, Conflict, NotFound, ValidationFailed


class TaskNotFound(NotFound):
    message = "Task not found"


class VersionMismatch(AppError):
    status_code = 412
    message = "The task was changed by someone else; reload it and try again"


class InvalidIfMatch(AppError):
    """A malformed If-Match matches no version, so the precondition fails."""

    status_code = 412
    message = 'If-Match must be a task version, e.g. "3"'


class RecurringNeedsDate(ValidationFailed):
    """A recurring task's due date is its next occurrence: it cannot have none."""

    message = "A recurring task needs a due date: send due_date with recurrence"
    clearing = "A recurring task needs a due date: stop repeating it (recurrence: null) to clear its date"

    def __init__(self, message: str | None = None) -> None:
        text = message or self.message
        super().__init__(text, errors=[{"field": "due_date" if message else "recurrence", "message": text}])


class NotRecurring(Conflict):
    message = "The task does not repeat: there is no next occurrence to skip to"
