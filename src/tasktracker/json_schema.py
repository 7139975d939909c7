"""JSON Schema for rules Pydantic's generated schema cannot see, so that the OpenAPI description
states them (and a client, or Schemathesis, can know in advance what the API refuses).

Each pattern is derived from the rule itself (`tasktracker.text`), not written out, so the two
cannot drift apart. Deriving means testing every code point once (most of a second), so it is
done the first time a schema is asked for, never at import. Lone surrogates are left out: JSON text
cannot carry them (an escaped one makes the body invalid JSON).
"""

from collections.abc import Iterable
from functools import cache
from typing import Any

from tasktracker.text import first_refused_character

_SURROGATES = range(0xD800, 0xE000)


def _code_points(predicate: Any) -> list[int]:
    return [
        code_point
        for code_point in range(0x110000)
        if code_point not in _SURROGATES and predicate(chr(code_point))
    ]


def _character_class(code_points: Iterable[int]) -> str:
    """The inside of a `[...]` listing `code_points`, as runs: \\uXXXX escapes in the Basic
    Multilingual Plane (read alike by ECMA-262, Python and Rust regexes), the characters
    themselves beyond it (where the three spell escapes differently)."""
    runs: list[tuple[int, int]] = []
    for code_point in sorted(code_points):
        if runs and runs[-1][1] == code_point - 1:
            runs[-1] = (runs[-1][0], code_point)
        else:
            runs.append((code_point, code_point))

    def spelled(code_point: int) -> str:
        return f"\\u{code_point:04X}" if code_point <= 0xFFFF else chr(code_point)

    return "".join(spelled(first) + ("" if first == last else f"-{spelled(last)}") for first, last in runs)


@cache
def _refused(multiline: bool) -> frozenset[int]:
    if multiline:  # allows more than one line does, so it is looked for among those only
        return frozenset(
            code_point
            for code_point in _refused(False)
            if first_refused_character(chr(code_point), multiline=True) is not None
        )
    return frozenset(_code_points(lambda character: first_refused_character(character, multiline=False)))


@cache
def _spaces() -> frozenset[int]:
    return frozenset(_code_points(str.isspace))


@cache
def text_pattern(*, multiline: bool) -> str:
    """Any number of characters the text rule allows."""
    return f"^[^{_character_class(_refused(multiline))}]*$"


@cache
def trimmed_text_pattern(max_length: int) -> str:
    """One line the text rule allows, 1 to `max_length` characters once trimmed (as str.strip
    does) of the spaces it may start or end with."""
    refused = _refused(False)
    spaces = _character_class(_spaces() - refused)
    allowed = f"[^{_character_class(refused)}]"
    edge = f"[^{_character_class(refused | _spaces())}]"
    return f"^[{spaces}]*{edge}(?:{allowed}{{0,{max_length - 2}}}{edge})?[{spaces}]*$"


def without_null(schema: dict[str, Any]) -> None:
    """In place: `schema` no longer admits null (Pydantic writes `X | None` as anyOf [X, null])."""
    alternatives = [option for option in schema.pop("anyOf", []) if option != {"type": "null"}]
    if len(alternatives) == 1:
        schema.update(alternatives[0])
    elif alternatives:
        schema["anyOf"] = alternatives
    if schema.get("default", ...) is None:
        del schema["default"]
