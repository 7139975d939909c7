from tasktracker.errors import AppError, ValidationFailed


class ImportTooLarge(AppError):
    status_code = 413
    message = "The file is too large to import"


class NotAnImport(ValidationFailed):
    """The file is of no format the import reads."""

    message = (
        "The file is neither a Task Tracker JSON export nor a Todoist CSV export "
        "(a CSV whose first row names the columns TYPE and CONTENT)"
    )


class TooManyItems(ValidationFailed):
    message = "The file holds too many tasks to import at once"
