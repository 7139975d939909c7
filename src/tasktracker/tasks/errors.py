from tasktracker.errors import AppError, Conflict, NotFound


class TaskNotFound(NotFound):
    message = "Task not found"


class VersionMismatch(AppError):
    status_code = 412
    message = "The task was changed by someone else; reload it and try again"


class InvalidIfMatch(AppError):
    """A malformed If-Match matches no version, so the precondition fails."""

    status_code = 412
    message = 'If-Match must be a task version, e.g. "3"'


class RecurringNeedsDate(Conflict):
    """A recurring task's due date is its next occurrence: it cannot have none. A 409: the body
    is valid, the task as stored contradicts it (a 422 is for a body invalid on its own)."""

    message = "A recurring task needs a due date: send due_date with recurrence"
    clearing = "A recurring task needs a due date: stop repeating it (recurrence: null) to clear its date"


class NotRecurring(Conflict):
    message = "The task does not repeat: there is no next occurrence to skip to"


class NoNextOccurrence(Conflict):
    message = "The task's schedule has no date after this one"
