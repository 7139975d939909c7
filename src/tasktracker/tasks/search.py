"""Search as you type: what the user typed, as each database's full-text query (tasks.queries
holds the SQL).

The text is cut into words (letters and decimal digits of any script); everything else — quotes, `*`,
`-`, parentheses, `NEAR`'s syntax, SQL — is a separator and never reaches a query parser as
syntax. Every word must match; the last one, still being typed, matches as a prefix too.

- PostgreSQL: each word becomes a tsquery operand quoted for `to_tsquery`, which the database
  stems in the russian and simple configurations (tasks.search holds both): russian matches
  "задачи" to "задача" and, with its English stemmer for Latin words, "running" to "run"; simple
  matches the word as written to a prefix being typed.
- SQLite (development): FTS5 has no Russian stemmer, so every word matches as a prefix of an
  indexed word (its phrase quoted, the closest FTS5 comes to a stem).
"""

from itertools import groupby

MAX_QUERY_LENGTH = 200


def _in_word(character: str) -> bool:
    # Letters and decimal digits of any script. Not "²" or "½", which PostgreSQL's parser drops
    # and FTS5 keeps: a word must mean the same to both databases.
    return character.isalpha() or character.isdecimal()


def words(q: str) -> list[str]:
    return ["".join(run) for inside, run in groupby(q.lower(), key=_in_word) if inside]


def _tsquery_operand(word: str, prefix: bool) -> str:
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + ":*" if prefix else quoted


def postgres_terms(found: list[str]) -> list[str]:
    """One `to_tsquery` operand per word, the last one a prefix."""
    return [_tsquery_operand(word, index == len(found) - 1) for index, word in enumerate(found)]


def fts5_query(found: list[str]) -> str:
    """An FTS5 query: every word a quoted phrase, matched as a prefix, all of them required."""
    return " ".join('"' + word.replace('"', '""') + '"*' for word in found)


# A last word shorter than this, being typed, is a prefix of too many words for the index.
SHORT_PREFIX = 3


def filter_name(q: str) -> str:
    """Which of tasks.queries.LIST_FILTERS searches for `q`: "q" through the index, or "q_scan"
    over the owner's rows when its last word is a prefix of one or two letters."""
    found = words(q)
    return "q_scan" if found and len(found[-1]) < SHORT_PREFIX else "q"


def parameter(dialect: str, q: str) -> list[str] | str:
    """The value of the `q` filter (tasks.queries.LIST_FILTERS) for `dialect`. Text without a
    word matches nothing: no operand on PostgreSQL, FTS5's empty phrase on SQLite."""
    found = words(q)
    return postgres_terms(found) if dialect == "postgresql" else fts5_query(found) or '""'
