"""IANA time zone names, checked in one place (settings, registration, the digest)."""

from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo


@cache
def known_zone_names() -> frozenset[str]:
    """Every zone name of the tzdata package. A name is looked up in this list, never handed to
    ZoneInfo first: ZoneInfo reads files, so a folder name ("America"), an overlong name or odd
    characters failed with OS errors instead of "not found". The package's list, not the
    machine's zoneinfo folder, so that every deployment accepts the same names and a file of the
    machine such as "localtime" (a link to its own zone) is none."""
    listing = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in listing.splitlines() if line.strip())


def zone_or_none(name: str) -> ZoneInfo | None:
    """The zone `name` names, or None when it names none (unknown, empty or malformed)."""
    if name not in known_zone_names():
        return None
    return ZoneInfo(name)
