"""Ports for the servers tests start, safe when several test runs (and pytest-xdist workers) share
a machine.

A port found free is free only until someone binds it, and the kernel's choice for `bind(0)`
comes from the range outgoing connections take their source ports from. So a port is drawn at
random from below that range, and a server is only believed to be the test's own once its
process is seen listening on the port (`listens_on`): a server of another run that won the same
port would otherwise answer in its place."""

import os
import random
import socket
from pathlib import Path

# Below Linux's default ephemeral range (32768-60999), above the well-known services here.
TEST_PORTS = range(20000, 32768)


def free_port() -> int:
    while True:
        port = random.choice(TEST_PORTS)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def listens_on(pid: int, port: int) -> bool:
    """Whether process `pid` holds a socket listening on `port` (Linux: /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as sockets:
            for line in list(sockets)[1:]:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "0A":  # 0A: LISTEN
                    inodes.add(f"socket:[{fields[9]}]")
    descriptors = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(descriptor) in inodes for descriptor in descriptors.iterdir())
    except (FileNotFoundError, PermissionError):
        return False
