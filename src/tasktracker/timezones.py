"""IANA time zone names, checked in one place (settings, registration, the digest)."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_or_none(name: str) -> ZoneInfo | None:
    """The zone `name` names, or None when it names none (unknown, empty or malformed)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
