"""Requests per second straight to the directory service against the same requests through
the gateway, measured in one run on this machine. Prints the ratio (gateway / direct).

    .venv/bin/python bench/gateway_overhead.py [--seconds 5] [--concurrency 32]

Uses DATABASE_URL / REDIS_URL when set, embedded servers under var/bench otherwise.
The load generator is aiohttp in this process; on 2 cores it competes with the servers,
so compare the ratio, not the absolute figures."""

import argparse
import asyncio
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import SECRET, database, directory_and_gateway  # noqa: E402
from shared.identity import Identity, sign  # noqa: E402

ANONYMOUS = Identity.anonymous()

DEFAULT_PATH = "/v1/directory/countries?limit=20"


async def load(url: str, seconds: float, concurrency: int, *, signed: bool = False) -> tuple[float, float]:
    """Returns (requests per second, p50 latency in ms). `signed`: add the identity headers the
    gateway would add (a service accepts nothing else), as a direct caller must."""
    path = url.split("127.0.0.1", 1)[1].split("/", 1)[1].split("?")[0]
    query = url.split("?", 1)[1] if "?" in url else ""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def user() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                headers = sign(ANONYMOUS, secret=SECRET, method="GET", path=f"/{path}", query=query) if signed else {}
                async with session.get(url, headers=headers) as r:
                    await r.read()
                    assert r.status == 200, r.status
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return len(latencies) / elapsed, latencies[len(latencies) // 2] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--path", default=DEFAULT_PATH)
    args = parser.parse_args()

    with database() as infra, directory_and_gateway(infra) as servers:
        direct, through = f"{servers.directory}{args.path}", f"{servers.gateway}{args.path}"
        warmup = min(1.0, args.seconds)  # warm both paths
        asyncio.run(load(direct, warmup, args.concurrency, signed=True))
        asyncio.run(load(through, warmup, args.concurrency))
        direct_rps, direct_p50 = asyncio.run(load(direct, args.seconds, args.concurrency, signed=True))
        gateway_rps, gateway_p50 = asyncio.run(load(through, args.seconds, args.concurrency))

    print(f"GET {args.path}, {args.concurrency} concurrent, {args.seconds:.0f}s each")
    print(f"{'path':<28}{'req/s':>10}{'p50 ms':>10}{'vs direct':>12}")
    print(f"{'direct to directory':<28}{direct_rps:>10.0f}{direct_p50:>10.1f}{1:>12.2f}")
    print(f"{'through the gateway':<28}{gateway_rps:>10.0f}{gateway_p50:>10.1f}{gateway_rps / direct_rps:>12.2f}")


if __name__ == "__main__":
    main()
