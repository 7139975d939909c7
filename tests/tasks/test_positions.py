import random
from datetime import UTC, datetime, timedelta

import pytest

from tasktracker.tasks.positions import DIGITS, MAX_KEY_LENGTH, between, end_key, is_key, spread


def test_end_keys_sort_in_time_order_and_are_keys() -> None:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    keys = [end_key(start + timedelta(microseconds=step * 997)) for step in range(500)]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert all(is_key(key) for key in keys)


def test_backfilled_keys_sort_before_new_ones_in_id_order() -> None:
    # Migration 0010's backfill: "0", the id in 19 digits, "i".
    backfilled = [f"0{task_id:019d}i" for task_id in (1, 9, 10, 123_456_789)]
    assert backfilled == sorted(backfilled)
    assert max(backfilled) < end_key(datetime(2026, 1, 1, tzinfo=UTC))
    assert all(is_key(key) for key in backfilled)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, None),
        (None, "1"),
        ("zzz", None),
        ("a", "b"),
        ("a", "a1"),
        ("a", "a01"),
        ("0001", "001"),
        ("y", "z"),
    ],
)
def test_between_sorts_strictly_between(before: str | None, after: str | None) -> None:
    key = between(before, after)
    assert is_key(key)
    assert before is None or before < key
    assert after is None or key < after


def test_between_refuses_neighbours_out_of_order() -> None:
    with pytest.raises(ValueError, match="does not sort before"):
        between("b", "a")
    with pytest.raises(ValueError, match="does not sort before"):
        between("a", "a")


def test_random_moves_keep_a_total_order_without_renumbering() -> None:
    rng = random.Random(7)
    order = [end_key(datetime(2026, 12, 1, tzinfo=UTC) + timedelta(seconds=n)) for n in range(20)]
    for _ in range(2_000):
        order.pop(rng.randrange(len(order)))
        slot = rng.randrange(len(order) + 1)
        before = order[slot - 1] if slot > 0 else None
        after = order[slot] if slot < len(order) else None
        key = between(before, after)
        order.insert(slot, key)
        assert order == sorted(order)
    assert len(set(order)) == len(order)


def test_keys_grow_slowly_when_always_inserting_at_the_same_place() -> None:
    # Repeatedly putting a task first: each key is a few digits longer at most.
    first = end_key(datetime(2026, 12, 1, tzinfo=UTC))
    for _ in range(40):
        first = between(None, first)
    assert len(first) <= 12
    assert set(first) <= set(DIGITS)


def test_between_runs_out_of_room_only_past_the_key_length() -> None:
    low = "0" * (MAX_KEY_LENGTH - 1) + "1"
    with pytest.raises(ValueError, match="no room"):
        between(None, low)


@pytest.mark.parametrize(
    ("before", "after", "count"),
    [
        (None, None, 3),
        ("a", "b", 40),
        ("a", "a1", 5),
        (None, "01", 100),
        ("zzzz", None, 7),
        ("1" * 63 + "1", "2", 2),
    ],
)
def test_spread_gives_distinct_keys_strictly_between(
    before: str | None, after: str | None, count: int
) -> None:
    keys = spread(before, after, count)
    assert len(keys) == count and keys == sorted(set(keys))
    assert all(is_key(key) for key in keys)
    assert before is None or before < keys[0]
    assert after is None or keys[-1] < after


def test_spread_uses_the_shortest_width_with_room() -> None:
    assert spread(None, None, 3) == ["9", "i", "r"]
    assert max(map(len, spread("a", "b", 30))) == 2


def test_spread_refuses_neighbours_out_of_order_or_without_room() -> None:
    with pytest.raises(ValueError, match="does not sort before"):
        spread("b", "a", 1)
    with pytest.raises(ValueError, match="no room"):
        spread("1" * 63 + "1", "1" * 63 + "2", 1)
