"""`#Name` in a quick-add line: the task goes to the user's list of that name (any case). A name
may hold spaces ("#Home repairs"), so the longest name that follows the `#` wins; the tag must
start at a word's start and end at a word's end. It is taken out of the text, unless nothing
else would be left (then the text is the title, as written)."""

import re
from collections.abc import Iterable


def take_list_tag(text: str, lists: Iterable[tuple[int, str]]) -> tuple[str, int | None]:
    """(the text without the tag, the list's id), or (text, None) when it names none of `lists`."""
    for list_id, name in sorted(lists, key=lambda item: -len(item[1])):
        found = re.search(rf"(?<!\S)#{re.escape(name)}(?!\w)", text, re.IGNORECASE)
        if found is None:
            continue
        rest = " ".join(f"{text[: found.start()]} {text[found.end() :]}".split())
        if rest:
            return rest, list_id
    return text, None
