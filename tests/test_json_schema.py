"""The JSON Schema of the task text fields says exactly what their validators accept, read as
JSON Schema validators read it (jsonschema-rs, ECMA-262 semantics: `$` is the very end)."""

from typing import Any

import jsonschema_rs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from tasktracker.json_schema import without_null
from tasktracker.tasks.schemas import MAX_TITLE_LENGTH, TaskCreate
from tasktracker.text import first_refused_character

TITLE = jsonschema_rs.validator_for(TaskCreate.model_json_schema()["properties"]["title"])
DESCRIPTION = jsonschema_rs.validator_for(TaskCreate.model_json_schema()["properties"]["description"])


def accepted(model: type[BaseModel], data: dict[str, Any]) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


# Surrogates are left out: JSON text cannot carry one (see tasktracker.json_schema).
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=MAX_TITLE_LENGTH + 5)


@given(texts)
@example("Water the plants")
@example("  padded\u3000")
@example("")
@example(" \u00a0 ")
@example("title\n")  # Python's `$` would let the newline through
@example("\tindented")
@example("x" * MAX_TITLE_LENGTH)
@example(" " + "x" * MAX_TITLE_LENGTH + " ")
@example("x" * (MAX_TITLE_LENGTH + 1))
@example("a\u202eb")
@example("flag \U0001f3f4\U000e0067\U000e0062\U000e007f")
def test_the_title_schema_accepts_what_the_title_rule_accepts(title: str) -> None:
    assert TITLE.is_valid(title) == accepted(TaskCreate, {"title": title})


@given(texts)
@example("two\nlines\twith a tab")
@example("carriage\r\nreturn")
@example("\u200b")
def test_the_description_schema_accepts_what_the_description_rule_accepts(description: str) -> None:
    data = {"title": "t", "description": description}
    assert DESCRIPTION.is_valid(description) == accepted(TaskCreate, data)


def test_every_refused_character_is_refused_by_the_schema() -> None:
    refused = [
        chr(code_point)
        for code_point in range(0x110000)
        if not 0xD800 <= code_point < 0xE000 and first_refused_character(chr(code_point), multiline=False)
    ]
    assert len(refused) > 100
    assert [character for character in refused if TITLE.is_valid(f"a{character}b")] == []


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}, {"type": "string"}),
        (
            {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
            {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        ),
        ({"type": "boolean"}, {"type": "boolean"}),
    ],
)
def test_without_null(schema: dict[str, Any], expected: dict[str, Any]) -> None:
    without_null(schema)
    assert schema == expected
