"""The API's HTTP server cuts clients off: an oversized request head is a 431, a head or a body
that does not arrive in time a 408, and each closes the connection. Against `tasktracker api`
itself, over real sockets."""

import asyncio
import contextlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.types import Message, Receive, Scope, Send

from tasktracker.server import BODY_COMPLETE, BodyDeadlineMiddleware, RequestTimeout
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.servers import Backend, start_backend, stop
from tests.ports import free_port

# Generous: these bound how long a test waits for the server to act, they assert nothing about
# how fast it does.
OUTER_TIMEOUT_SECONDS = 60.0
MAX_HEADER_BYTES = 16 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    workdir = tmp_path_factory.mktemp("server-limits")
    backend = start_backend(
        workdir,
        free_port(),
        {
            "ENVIRONMENT": "test",
            "DATA_DIR": str(workdir / "data"),
            "DATABASE_URL": f"sqlite:///{workdir / 'tasktracker.db'}",
            "JWT_SECRET": TEST_JWT_SECRET,
            "CELERY_BROKER_URL": "",
            "MAX_HEADER_BYTES": str(MAX_HEADER_BYTES),
            # Short, so the tests do not wait long for the server to cut them off.
            "HEADER_TIMEOUT_SECONDS": "1",
            "BODY_TIMEOUT_SECONDS": "1",
        },
    )
    yield backend
    stop(backend.process)


def connect(server: Backend) -> socket.socket:
    port = int(server.url.rsplit(":", 1)[1])
    return socket.create_connection(("127.0.0.1", port), timeout=OUTER_TIMEOUT_SECONDS)


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a reset counts as closed)."""
    received = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return received
        if not chunk:
            return received
        received += chunk


def read_response(sock: socket.socket) -> bytes:
    """One response with a Content-Length, on a connection that stays open."""

    def more() -> bytes:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        return chunk

    received = b""
    while b"\r\n\r\n" not in received:
        received += more()
    head, _, body = received.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.lower().split(b"\r\n")
        if line.startswith(b"content-length:")
    )
    while len(body) < length:
        body += more()
    return head + b"\r\n\r\n" + body


def status_and_body(response: bytes) -> tuple[int, bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def peak_memory_kib(server: Backend) -> int:
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])


def test_a_head_over_the_limit_is_431_and_ends_the_connection(server: Backend) -> None:
    with connect(server) as sock:
        sock.sendall(
            b"GET /health HTTP/1.1\r\nHost: api\r\nX-Big: " + b"a" * 2 * MAX_HEADER_BYTES + b"\r\n\r\n"
        )
        status, body = status_and_body(read_until_closed(sock))
    assert status == 431
    assert json.loads(body) == {"message": "The request headers are too large"}


def test_a_head_under_the_limit_and_a_large_body_are_served(server: Backend) -> None:
    with connect(server) as sock:
        sock.sendall(
            b"GET /health HTTP/1.1\r\nHost: api\r\nX-Pad: " + b"a" * (MAX_HEADER_BYTES - 1024) + b"\r\n\r\n"
        )
        assert status_and_body(read_response(sock))[0] == 200
        # A body far larger than the head limit, sent with its head in one write, is a body.
        body = json.dumps({"email": "ada@example.com", "password": "a" * 50_000}).encode()
        sock.sendall(
            b"POST /session HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
        )
        status, _ = status_and_body(read_until_closed(sock))
    assert status == 422  # the password is too long: the body was read and validated


def test_a_head_that_never_ends_is_cut_off_without_growing_memory(server: Backend) -> None:
    before = peak_memory_kib(server)
    for _ in range(4):
        with connect(server) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: api\r\nX-Big: ")
            sent, chunk = 0, b"a" * 65536
            try:
                while sent < 48 * 1024 * 1024:
                    sock.sendall(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server closed the connection: what this test waits for
        assert sent < 48 * 1024 * 1024, "the server read a 48 MB header to its end"
    # Four 48 MB headers once took the process from 111 MB to 392 MB.
    assert peak_memory_kib(server) - before < 32 * 1024


def test_a_head_that_stalls_is_cut_off_with_408(server: Backend) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: api\r\nX-Half: ab")
        status, body = status_and_body(read_until_closed(sock))
    assert status == 408
    assert json.loads(body) == {"message": "The request headers were not received in time"}


def test_a_connection_that_sends_nothing_is_closed(server: Backend) -> None:
    with connect(server) as sock:
        response = read_until_closed(sock)
    assert response == b"" or response.startswith(b"HTTP/1.1 408 ")


def test_a_body_that_stalls_is_cut_off_with_408(server: Backend) -> None:
    with connect(server) as sock:
        sock.sendall(
            b"POST /session HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"email": '
        )
        response = read_until_closed(sock)
    status, body = status_and_body(response)
    assert status == 408
    assert json.loads(body) == {"message": "The request body was not received in time"}
    assert b"\r\nconnection: close\r\n" in response.lower()


def test_a_response_that_did_not_wait_for_the_body_ends_the_connection(server: Backend) -> None:
    with connect(server) as sock:
        # /health reads no body: the rest of this one would otherwise keep the connection busy.
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: api\r\nContent-Length: 1000\r\n\r\nabc")
        assert status_and_body(read_response(sock))[0] == 200
        # More of the body (which kept a connection open as long as it came) finds it closed.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(b"def")
        assert read_until_closed(sock) == b""


def test_a_kept_alive_connection_serves_request_after_request(server: Backend) -> None:
    with connect(server) as sock:
        for _ in range(3):
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: api\r\n\r\n")
            assert status_and_body(read_response(sock)) == (200, b'{"status":"ok"}')


async def read_body_through_deadline(scope_extra: dict[str, object]) -> bytes:
    """The body as an app behind BodyDeadlineMiddleware (its deadline already past) reads it, from a
    server whose read yields to the loop once before answering."""
    read: list[bytes] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        message = await receive()
        read.append(message["body"])

    async def receive() -> Message:
        await asyncio.sleep(0)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: Message) -> None:
        raise AssertionError("nothing is sent")

    await BodyDeadlineMiddleware(app, seconds=0)({"type": "http", **scope_extra}, receive, send)
    return read[0]


async def test_a_body_read_after_the_deadline_is_a_timeout_unless_the_server_holds_it_all() -> None:
    with pytest.raises(RequestTimeout):
        await read_body_through_deadline({})
    # The protocol marks a request whose whole body has arrived: no read of it can wait.
    assert await read_body_through_deadline({BODY_COMPLETE: True}) == b"{}"
