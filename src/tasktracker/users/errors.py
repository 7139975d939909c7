from tasktracker.errors import AppError, Conflict


class EmailTaken(Conflict):
    message = "This email is already taken"


class WrongPassword(AppError):
    """A 403, not a 401: the session is alive, only the password given to confirm was wrong. It
    is also told under its field, for the form."""

    status_code = 403
    message = "The password is wrong"

    def __init__(self, field: str) -> None:
        super().__init__(errors=[{"field": field, "message": self.message}])


class PasswordRequired(WrongPassword):
    """The password that confirms the change was not sent: the same 403."""

    message = "Enter your password to confirm"


class RecentSignInRequired(AppError):
    """An account without a password confirms who is asking by a fresh sign-in instead."""

    status_code = 403
    message = "Sign in again, then delete the account within 10 minutes"
