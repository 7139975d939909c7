"""The one rule for user text (tasktracker.text): what it refuses, what real text it never trips."""

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from tasktracker.text import first_refused_character, refuse_non_text

REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
TEXT_FORMAT_CHARACTERS = {
    "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u0600", "\u06dd", *map(chr, range(0xE0020, 0xE0080))
}  # fmt: skip
# Every character of the refused categories but the few format characters real text needs.
REFUSED = [
    character
    for character in map(chr, range(sys.maxunicode + 1))
    if unicodedata.category(character) in REFUSED_CATEGORIES
    and character not in TEXT_FORMAT_CHARACTERS
    and not 0x0600 <= ord(character) <= 0x0605
    and ord(character) not in {0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD}
]
# Letters, marks, digits, punctuation, symbols and spaces: what people type.
ordinary_text = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]))


@pytest.mark.parametrize(
    "character",
    [
        "\x00", "\x07", "\x1b", "\t", "\n", "\r", "\x0b", "\x0c", "\x7f",  # C0 and DEL
        "\x80", "\x85", "\x9b", "\x9f",  # C1 (NEL, CSI)
        "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
        "\u2066", "\u2067", "\u2068", "\u2069",  # bidi isolates
        "\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e",  # invisible: zero width, BOM, soft hyphen
        "\u2028", "\u2029",  # line and paragraph separators
        "\ud800",  # an unpaired surrogate
    ],
)  # fmt: skip
def test_single_line_text_refuses_controls_format_characters_and_separators(character: str) -> None:
    value = f"Pay rent{character} now"

    assert first_refused_character(value, multiline=False) == character
    with pytest.raises(PydanticCustomError) as refused:
        refuse_non_text(value, "title")
    assert refused.value.type == "title"
    assert f"U+{ord(character):04X}" in refused.value.message()
    assert refused.value.message().startswith("The title contains a character that is not allowed")


def test_multi_line_text_allows_tab_and_line_feed_and_nothing_else() -> None:
    value = "Groceries:\n\t- milk\n\t- bread\n"
    assert refuse_non_text(value, "description", multiline=True) is value
    for character in ["\r", "\x0b", "\x0c", "\x1b", "\x85", "\u2028", "\u202e"]:
        assert first_refused_character(f"a\n{character}b", multiline=True) == character


@pytest.mark.parametrize(
    "value",
    [
        "Ünïcödé and CJK 漢字 and 한국어",
        "👨\u200d👩\u200d👧 family emoji (zero width joiners)",
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f flag of Scotland (tag characters)",
        "می\u200cخواهم (Persian with a zero width non-joiner)",
        "مرحبا بالعالم and שלום עולם (right-to-left scripts without any control)",
        "\u05e9\u05dc\u05d5\u05dd!\u200f (a right-to-left mark placing the punctuation)",
        "\u0600\u0661\u0662 (Arabic number sign)",
        "e\u0301 decomposed accent, \u00a0no-break space, \u3000ideographic space",
        "\ue000 private use",
    ],
)
def test_real_text_is_never_refused(value: str) -> None:
    assert refuse_non_text(value, "title") is value


def test_the_first_refused_character_is_named() -> None:
    assert first_refused_character("a\u202eb\x1bc\u202e", multiline=False) == "\u202e"
    with pytest.raises(PydanticCustomError) as refused:
        refuse_non_text("ok\x1b[31mred", "title")
    assert refused.value.message() == (
        "The title contains a character that is not allowed: U+001B (a control character)"
    )
    with pytest.raises(PydanticCustomError) as refused:
        refuse_non_text("ok\u202eevil", "description", multiline=True)
    assert refused.value.message() == (
        "The description contains a character that is not allowed:"
        " U+202E RIGHT-TO-LEFT OVERRIDE (an invisible formatting character)"
    )


@given(ordinary_text, st.booleans())
def test_ordinary_text_passes_unchanged(value: str, multiline: bool) -> None:
    assert refuse_non_text(value, "title", multiline=multiline) is value


@given(ordinary_text, ordinary_text, st.sampled_from(REFUSED), st.booleans())
def test_one_refused_character_anywhere_is_found(
    before: str, after: str, character: str, multiline: bool
) -> None:
    value = before + character + after
    if multiline and character in "\t\n":
        assert first_refused_character(value, multiline=True) is None
    else:
        assert first_refused_character(value, multiline=multiline) == character


def test_no_printable_character_is_refused_so_printable_text_needs_no_lookup() -> None:
    """The fast path of first_refused_character: str.isprintable true means nothing refused."""
    assert [f"U+{ord(character):04X}" for character in REFUSED if character.isprintable()] == []
    assert first_refused_character("tab\tand\nline", multiline=True) is None
    assert first_refused_character("tab\tand\nline", multiline=False) == "\t"
    assert first_refused_character("no\u00a0break\u202espace", multiline=False) == "\u202e"
