"""A session's device as a person reads it, from the user agent its browser sent."""

from functools import lru_cache

from ua_parser import parse


# Most users have a few sessions from the same few browsers: parsing (regular expressions over
# ua-parser's list) is done once per distinct string.
@lru_cache(maxsize=1024)
def describe_user_agent(user_agent: str | None) -> str | None:
    """ "Chrome 120 on Linux", "Mobile Safari 17 on iOS 17", "curl 8"; the string as sent when
    ua-parser recognises neither browser nor system in it; None without one."""
    if not user_agent:
        return None
    result = parse(user_agent)
    browser = _named(result.user_agent.family, result.user_agent.major) if result.user_agent else None
    system = _named(result.os.family, result.os.major) if result.os else None
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or user_agent


def _named(family: str, major: str | None) -> str:
    return f"{family} {major}" if major else family
