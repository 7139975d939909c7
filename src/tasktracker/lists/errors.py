from tasktracker.errors import NotFound, ValidationFailed


class ListNotFound(NotFound):
    message = "List not found"


class UnknownList(ValidationFailed):
    """A task (or a reorder) names a list the caller does not have: another user's, a trashed
    one, or none at all. A 422 on the field, as for any other invalid value of the body."""

    message = "list_id: No such list"

    def __init__(self, field: str = "list_id") -> None:
        super().__init__(f"{field}: No such list", errors=[{"field": field, "message": "No such list"}])
