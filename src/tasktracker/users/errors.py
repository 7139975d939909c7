from tasktracker.errors import Conflict


class EmailTaken(Conflict):
    message = "This email is already taken"
