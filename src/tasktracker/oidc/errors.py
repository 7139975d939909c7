from enum import StrEnum

from tasktracker.errors import AppError, Conflict, NotFound


class SignInFailure(StrEnum):
    """Why a sign-in with a provider failed: the code the web app shows a message for
    (`PUBLIC_URL/#signin-error=<code>`)."""

    UNKNOWN_PROVIDER = "unknown_provider"
    INVALID_NEXT = "invalid_next"
    NOT_SIGNED_IN = "not_signed_in"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    INVALID_STATE = "invalid_state"
    CANCELLED = "cancelled"
    PROVIDER_ERROR = "provider_error"
    CODE_REJECTED = "code_rejected"
    INVALID_ID_TOKEN = "invalid_id_token"
    EMAIL_MISSING = "email_missing"
    EMAIL_UNVERIFIED = "email_unverified"
    IDENTITY_TAKEN = "identity_taken"
    PROVIDER_ALREADY_LINKED = "provider_already_linked"


class SignInFailed(AppError):
    """Rendered as a redirect to the web app with the code, never as an error page (the
    browser is mid-navigation): see oidc/router.py. Raised through the request's transaction,
    so what the sign-in wrote before failing is rolled back."""

    status_code = 400

    def __init__(self, code: SignInFailure, detail: str = "") -> None:
        super().__init__(f"Sign-in failed: {code}")
        self.code = code
        self.detail = detail


class IdentityNotLinked(NotFound):
    message = "This provider is not linked to your account"


class LastWayIn(Conflict):
    message = "This is the only way into your account: set a password or link another provider first"
