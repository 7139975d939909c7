"""Email addresses as the database stores them: one normal form for registration and login.

A stored address is later written into a To header and handed to SMTP, so it must mean the same
thing to every piece of mail software that reads it: an address that the email library would
decode, split or unquote into something else is no address of ours (see docs/architecture.md,
"Input rules").
"""

from email.errors import NonASCIILocalPartDefect
from email.headerregistry import AddressHeader, HeaderRegistry
from email.utils import getaddresses
from typing import cast

from email_validator import EmailNotValidError, validate_email

_headers = HeaderRegistry()

# Opens an RFC 2047 encoded word. Such words are not allowed in an address, yet Python's header
# parser decodes some of them and other mail software others: refused wherever they appear.
ENCODED_WORD_OPENER = "=?"


def normalize_email(value: str) -> str | None:
    """The stored form of an address (IDNA and Unicode normalized, lower-cased), or None when it
    is not a valid address at all or would not read back as itself from a To header."""
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        return None
    normalized = result.normalized.lower()
    if ENCODED_WORD_OPENER in normalized or not reads_back_as_itself(normalized):
        return None
    return normalized


def reads_back_as_itself(address: str) -> bool:
    """Whether the email library, reading `address` as a To header (as the message builder and
    smtplib do), finds exactly this one address: nothing decoded, split, quoted or dropped."""
    header = _headers("To", address)
    # Non-ASCII local parts are fine: they are sent with SMTPUTF8.
    harmless = all(isinstance(defect, NonASCIILocalPartDefect) for defect in header.defects)
    parsed = [parsed_address.addr_spec for parsed_address in cast(AddressHeader, header).addresses]
    return harmless and parsed == [address] and getaddresses([address]) == [("", address)]
