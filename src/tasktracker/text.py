"""The one rule for user text (task titles, descriptions, and any later name or note): characters
that are not text but instructions to whatever displays it are refused, never stripped, so what is
stored is exactly what the user typed. Refused: control characters (C0, DEL and C1; a multi-line
field allows tab and line feed, nothing else, not even CR; NUL is among them, which PostgreSQL
text cannot hold anyway), invisible format characters (bidi embeddings, overrides and isolates,
zero-width spaces, BOM, ...), line and paragraph separators, and unpaired surrogates.
See docs/architecture.md, "Input rules"."""

import unicodedata

from pydantic_core import PydanticCustomError

MULTILINE_CONTROLS = frozenset("\t\n")

# Format characters that real text needs: the joiners (emoji sequences, Indic and Arabic
# scripts), the implicit direction marks (LRM, RLM, ALM: typed in right-to-left text to place
# punctuation; unlike embeddings, overrides and isolates they reorder nothing around them), the
# tag characters of flag emoji, and the prepended concatenation marks (Arabic and Syriac number
# signs), which are visible.
TEXT_FORMAT_CHARACTERS = frozenset(
    [
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\u061c",
        *map(chr, range(0xE0020, 0xE0080)),
        *map(chr, [*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD]),
    ]
)

_REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Cs": "an unpaired surrogate",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


def first_refused_character(value: str, *, multiline: bool) -> str | None:
    """The first character of `value` the rule refuses, or None when there is none."""
    # Most text is printable throughout, which str.isprintable tells at C speed: it is false for
    # every refused category (and for some allowed characters, such as a no-break space, whose
    # text takes the lookup below).
    if (value.replace("\t", "").replace("\n", "") if multiline else value).isprintable():
        return None
    # Distinct characters are few even in a long text: look each up once.
    refused = [
        character
        for character in set(value)
        if _refused_kind(character) is not None and not (multiline and character in MULTILINE_CONTROLS)
    ]
    return min(refused, key=value.index) if refused else None


def refuse_non_text(value: str, field: str, *, multiline: bool = False) -> str:
    """`value` unchanged, or a validation error naming `field` and the first refused character."""
    character = first_refused_character(value, multiline=multiline)
    if character is None:
        return value
    name = unicodedata.name(character, "")
    label = f"U+{ord(character):04X}" + (f" {name}" if name else "")
    raise PydanticCustomError(
        field,
        "The {field} contains a character that is not allowed: {label} ({kind})",
        {"field": field, "label": label, "kind": _refused_kind(character)},
    )


def _refused_kind(character: str) -> str | None:
    if character in TEXT_FORMAT_CHARACTERS:
        return None
    return _REFUSED_CATEGORIES.get(unicodedata.category(character))
