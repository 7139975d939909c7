"""Network faults between the code under test and a real server: a TCP proxy in the test process
(asyncio) that passes traffic, refuses connections, or blackholes them.

- pass: bytes go both ways, as if the proxy were not there;
- refuse: the server is down: its open connections are reset and nothing listens on the port, so
  a new connection is refused (ECONNREFUSED), as from a stopped server;
- blackhole: a network partition or a stuck server: connections, open and new, are kept (a new
  one is accepted) but no byte goes through, either way, until the proxy passes traffic again.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

BUFFER = 64 * 1024


class FaultProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._passing = asyncio.Event()
        self._passing.set()
        self._transports: set[asyncio.BaseTransport] = set()
        self._handlers: set[asyncio.Task[None]] = set()
        self.port = 0
        # Connections clients opened to the proxy, in any mode (the server sees at most these).
        self.connections_accepted = 0

    def url(self, url: str) -> str:
        """`url` (a database or broker URL for the target) pointed at the proxy instead."""
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@127.0.0.1:{self.port}" if credentials else f"127.0.0.1:{self.port}"
        return urlunsplit(parts._replace(netloc=netloc))

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def pass_traffic(self) -> None:
        if self._server is None:
            await self.start()
        self._passing.set()

    def blackhole(self) -> None:
        self._passing.clear()

    async def refuse(self) -> None:
        self._passing.set()
        if self._server is not None:
            self._server.close()
            self._server = None
        for transport in list(self._transports):
            transport.abort()

    async def close(self) -> None:
        await self.refuse()  # every connection reset: each handler ends on its own
        await asyncio.gather(*self._handlers)

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.connections_accepted += 1
        handler = asyncio.current_task()
        assert handler is not None
        self._handlers.add(handler)
        self._transports.add(client_writer.transport)
        try:
            await self._passing.wait()  # a connection accepted in a blackhole goes nowhere
            if client_writer.transport.is_closing():
                return
            try:
                server_reader, server_writer = await asyncio.open_connection(*self._target)
            except OSError:
                return
            self._transports.add(server_writer.transport)
            try:
                await asyncio.gather(
                    self._pump(client_reader, server_writer), self._pump(server_reader, client_writer)
                )
            finally:
                self._transports.discard(server_writer.transport)
                server_writer.transport.abort()
        finally:
            self._transports.discard(client_writer.transport)
            client_writer.transport.abort()
            self._handlers.discard(handler)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Copy one direction until either side closes; in a blackhole, bytes wait here (as
        they would in the network) and go on only if the proxy passes traffic again."""
        with contextlib.suppress(ConnectionError):
            while data := await reader.read(BUFFER):
                await self._passing.wait()
                writer.write(data)
                await writer.drain()
        writer.transport.abort()


@asynccontextmanager
async def fault_proxy(url: str) -> AsyncIterator[FaultProxy]:
    """A proxy passing traffic to the server `url` names, closed afterwards."""
    parts = urlsplit(url)
    assert parts.port, f"{url}: the proxy needs the server's port"
    proxy = FaultProxy(parts.hostname or "127.0.0.1", parts.port)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.close()
