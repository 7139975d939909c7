"""A session's device as a person reads it, from the user agent its browser sent."""

import asyncio
from collections.abc import Sequence
from functools import lru_cache


async def describe_user_agents(user_agents: Sequence[str | None]) -> list[str | None]:
    """`describe_user_agent` of each, off the event loop: a process's first parse builds
    ua-parser's matchers from its thousand regular expressions, a second or so of CPU."""
    return await asyncio.to_thread(lambda: [describe_user_agent(user_agent) for user_agent in user_agents])


# A user has a few sessions from the same few browsers: each distinct string is parsed once.
@lru_cache(maxsize=1024)
def describe_user_agent(user_agent: str | None) -> str | None:
    """ "Chrome 120 on Linux", "Mobile Safari 17 on iOS 17", "curl 8"; the string as sent when
    ua-parser recognises neither browser nor system in it; None without one."""
    if not user_agent:
        return None
    # Imported on first use, not with the API: loading its regular expressions takes a second
    # that neither the API's start nor the worker should pay.
    import ua_parser

    browser = ua_parser.parse_user_agent(user_agent)
    system = ua_parser.parse_os(user_agent)
    browser_name = _named(browser.family, browser.major) if browser else None
    system_name = _named(system.family, system.major) if system else None
    if browser_name and system_name:
        return f"{browser_name} on {system_name}"
    return browser_name or system_name or user_agent


def _named(family: str, major: str | None) -> str:
    return f"{family} {major}" if major else family
