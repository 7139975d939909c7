"""The request id: accepted from `X-Request-ID` or made up, kept in a context variable for the
request's (or the job's) log lines, and carried to the jobs a request publishes."""

import itertools
import os
import re
import secrets
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
# The Celery message header that carries it from a publisher to the job.
JOB_HEADER = "request_id"

# Short and plain: the id lands in log lines and response headers as given.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def accepted_request_id(value: str | None) -> str | None:
    """The client's id when it is 1-64 letters, digits or `. _ : -`; else None."""
    if value is not None and _VALID_REQUEST_ID.fullmatch(value):
        return value
    return None


class _RequestIds:
    """Ids unique across processes without a random draw per request (a system call each): a
    random prefix per process, drawn again in a forked child, and a counter."""

    def __init__(self) -> None:
        self._restart()
        os.register_at_fork(after_in_child=self._restart)

    def _restart(self) -> None:
        self._prefix = secrets.token_hex(12)
        self._counter = itertools.count(1)

    def next(self) -> str:
        return f"{self._prefix}{next(self._counter):08x}"


_request_ids = _RequestIds()


def new_request_id() -> str:
    """32 hex digits, as a UUID's would be (more after 4 billion ids in one process)."""
    return _request_ids.next()


def job_headers() -> dict[str, str]:
    """Message headers for a job published now: the current request id, if there is one."""
    current = request_id.get()
    return {JOB_HEADER: current} if current else {}
