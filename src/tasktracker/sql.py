"""SQL statements with named parameters (`:user_id`), compiled once for each driver.

Each statement is written once. At import it becomes asyncpg's `$n` text and SQLite's `?n` text
(SQLite understands numbered parameters natively) with the order of its names, so a call passes
values by name and no caller counts placeholders. A `::cast` is PostgreSQL syntax, not a name.
"""

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_POSITIONAL = re.compile(r"\$\d")


class Query:
    __slots__ = ("names", "postgres", "sqlite")

    def __init__(self, text: str) -> None:
        if _POSITIONAL.search(text):
            raise ValueError("write parameters by name (:name), not by position ($n)")
        names: list[str] = []

        def number(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in names:
                names.append(name)
            return str(names.index(name) + 1)

        numbered = _NAMED.sub(lambda match: "\0" + number(match), text)
        self.names = tuple(names)
        self.postgres = numbered.replace("\0", "$")
        self.sqlite = numbered.replace("\0", "?")

    def args(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        """The values in placeholder order; every name given, no other."""
        if len(params) != len(self.names) or not all(name in params for name in self.names):
            missing = sorted(set(self.names) - set(params))
            unknown = sorted(set(params) - set(self.names))
            raise TypeError(f"query parameters: missing {missing}, unknown {unknown}")
        return tuple(params[name] for name in self.names)

    def __repr__(self) -> str:
        return f"Query({self.postgres!r})"


@lru_cache(maxsize=256)
def query(text: str) -> Query:
    """A Query for text composed at run time (tests, one-off statements), compiled once."""
    return Query(text)
