"""Positions: text keys that sort tasks (and lists) in the user's own order.

A key is a string over DIGITS compared byte by byte (the column is COLLATE "C" on PostgreSQL,
BINARY on SQLite). A new item goes to the end with `end_key(now)`: its creation instant in
fixed-width base 36, so appending needs no read of the list (an INSERT stays one statement).
A moved item takes `between(before, after)`: a key strictly between its new neighbours, found
without touching any other row, so a list is never renumbered. No key ends in the lowest digit,
so there is always room below any key.
"""

from datetime import datetime

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_BASE = len(DIGITS)
_VALUE = {digit: value for value, digit in enumerate(DIGITS)}
# Microseconds since 1970 fit 11 base-36 digits until the year 6429.
_INSTANT_WIDTH = 11
# The end keys' last digit: the middle one, so keys sort before and after a new item alike.
_END_SUFFIX = DIGITS[_BASE // 2]
MAX_KEY_LENGTH = 64


def end_key(now: datetime) -> str:
    """The key of an item put at the end now: later than every end key made earlier."""
    micros = int(now.timestamp() * 1_000_000)
    digits = []
    for _ in range(_INSTANT_WIDTH):
        micros, digit = divmod(micros, _BASE)
        digits.append(DIGITS[digit])
    return "".join(reversed(digits)) + _END_SUFFIX


def is_key(value: str) -> bool:
    return 0 < len(value) <= MAX_KEY_LENGTH and value[-1] != DIGITS[0] and all(c in _VALUE for c in value)


def between(before: str | None, after: str | None) -> str:
    """A key sorting after `before` and before `after` (None: no neighbour on that side)."""
    if before is not None and after is not None and not before < after:
        raise ValueError(f"{before!r} does not sort before {after!r}")
    low = before or ""
    key = []
    for index in range(MAX_KEY_LENGTH):
        low_digit = _VALUE[low[index]] if index < len(low) else 0
        if after is None:
            high_digit = _BASE
        elif index < len(after):
            high_digit = _VALUE[after[index]]
        else:  # `after` is a prefix of what is built so far: impossible, as keys sort below it
            high_digit = 0
        if high_digit - low_digit > 1:
            key.append(DIGITS[(low_digit + high_digit) // 2])
            return "".join(key)
        # No digit strictly between: keep the low digit and look one place further. Once the key
        # is below `after` at this place, nothing further right is bounded by it.
        key.append(DIGITS[low_digit])
        if after is not None and low_digit < high_digit:
            after = None
    raise ValueError("no room between these keys")


def spread(before: str | None, after: str | None, count: int) -> list[str]:
    """`count` keys in order, evenly spaced strictly between `before` and `after` (None: no
    neighbour on that side): for respacing a run of items whose keys tie or have no room left.
    A key is a base-36 fraction (no trailing lowest digit), so the keys of one width between
    the two bounds are consecutive integers: the shortest width with room for all is used."""
    if before is not None and after is not None and not before < after:
        raise ValueError(f"{before!r} does not sort before {after!r}")
    for width in range(1, MAX_KEY_LENGTH + 1):
        low = _scaled(before, width, round_up=False) if before is not None else 0
        high = _scaled(after, width, round_up=True) if after is not None else _BASE**width
        if high - low > count:
            return [_key(low + (high - low) * step // (count + 1), width) for step in range(1, count + 1)]
    raise ValueError("no room between these keys")


def _scaled(key: str, width: int, *, round_up: bool) -> int:
    """The key as a fraction times BASE**width, rounded down (or up)."""
    value = 0
    for digit in key[:width].ljust(width, DIGITS[0]):
        value = value * _BASE + _VALUE[digit]
    return value + 1 if round_up and len(key) > width else value


def _key(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        value, digit = divmod(value, _BASE)
        digits.append(DIGITS[digit])
    return "".join(reversed(digits)).rstrip(DIGITS[0])
