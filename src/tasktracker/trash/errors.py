from tasktracker.errors import NotFound


class NotInTrash(NotFound):
    message = "Task not found in the trash"
