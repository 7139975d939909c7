"""Email addresses as the database stores them: one normal form for registration and login."""

from email_validator import EmailNotValidError, validate_email


def normalize_email(value: str) -> str | None:
    """The stored form of an address (IDNA and Unicode normalized, lower-cased), or None when it
    is not a valid address at all."""
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        return None
    return result.normalized.lower()
