"""Named SQL parameters compile to each driver's numbered placeholders."""

import pytest

from tasktracker.sql import Query


def test_names_become_numbers_in_order_of_first_use() -> None:
    statement = Query("SELECT :b, :a, :b::text, CAST(:c AS INTEGER) WHERE x = '10:30'")
    assert statement.names == ("b", "a", "c")
    assert statement.postgres == "SELECT $1, $2, $1::text, CAST($3 AS INTEGER) WHERE x = '10:30'"
    assert statement.sqlite == "SELECT ?1, ?2, ?1::text, CAST(?3 AS INTEGER) WHERE x = '10:30'"
    assert statement.args({"a": 1, "b": 2, "c": 3}) == (2, 1, 3)


def test_a_cast_is_not_a_parameter() -> None:
    assert Query("SELECT '[]'::json").names == ()


def test_missing_and_unknown_parameters_are_refused() -> None:
    statement = Query("SELECT :a")
    with pytest.raises(TypeError, match=r"missing \['a'\]"):
        statement.args({})
    with pytest.raises(TypeError, match=r"unknown \['b'\]"):
        statement.args({"a": 1, "b": 2})


def test_positional_parameters_are_refused_at_definition() -> None:
    with pytest.raises(ValueError, match="by name"):
        Query("SELECT $1")
