"""Free TCP ports for the servers tests and benchmarks start, picked so that two pickers never
race for one: below the kernel's ephemeral range (a port the kernel hands out could be taken,
between the pick and the server's bind, as the local end of any outgoing connection; the
services' pools open dozens as they start), in a block of that range of this worker's own (a
parallel run's workers, `pytest -n N`, split it: two `hub run`s on two workers never pick the same
port), and in turn within the block (a process never hands out one port twice before it wraps).
No pytest here: bench/servers.py uses it too."""

import functools
import itertools
import os
import random
import socket
from collections.abc import Iterator
from pathlib import Path

SPAN = 12000  # ports below the ephemeral range that the run's workers share


@functools.cache
def _block() -> range:
    """This worker's ports: its share of the SPAN ports below the ephemeral range."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    base = max(1024, low - SPAN)
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    number = int(name[2:]) if name.startswith("gw") else 0
    workers = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), number + 1)
    size = (low - base) // workers
    return range(base + number * size, base + (number + 1) * size)


@functools.cache
def _turns() -> Iterator[int]:
    """The block's ports in turn, endlessly, from a random one (another run of the same worker
    number starts elsewhere)."""
    block = _block()
    start = random.randrange(len(block))
    return itertools.cycle([*block[start:], *block[:start]])


def free_port() -> int:
    """The next port of this worker's block that is free now."""
    turns = _turns()
    for _ in range(len(_block())):
        port = next(turns)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {_block()}")
