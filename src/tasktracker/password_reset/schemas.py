from pydantic import BaseModel, ConfigDict, Field

from tasktracker.notifications.schemas import DEFAULT_LANGUAGE, Language
from tasktracker.users.schemas import MAX_EMAIL_LENGTH, Password

# Something at something: anything else is refused (422) as no email address at all. An address
# of that shape that no account could have (the rules of registration refuse it) gets the same
# 202 as an unknown one: the answer never says more than "if an account exists".
# ASCII whitespace spelled out, not \s, which means more in Python and Rust (U+0085) than in the
# ECMAScript regexes of JSON Schema: the description and the check must agree.
EMAIL_SHAPE = r"^[ \t\n\r\f\v]*[^@ \t\n\r\f\v]+@[^@ \t\n\r\f\v]+[ \t\n\r\f\v]*$"

# The tokens are 43 characters (32 random bytes, URL-safe base64); anything much longer is not one.
MAX_TOKEN_LENGTH = 128

REQUESTED_MESSAGE = "If an account exists for this email, we sent it a link to reset the password"


class PasswordResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=MAX_EMAIL_LENGTH, pattern=EMAIL_SHAPE)
    locale: Language = Field(default=DEFAULT_LANGUAGE, description="The language of the email")


class PasswordResetRequested(BaseModel):
    """The same whether or not the account exists."""

    message: str = REQUESTED_MESSAGE


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=MAX_TOKEN_LENGTH)
    new_password: Password
