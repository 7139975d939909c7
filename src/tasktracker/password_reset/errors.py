from tasktracker.errors import AppError


class InvalidResetToken(AppError):
    """Unknown, used or expired: one answer, since the user's next step is the same."""

    status_code = 400
    message = "This password reset link is invalid, used or expired; ask for a new one"
