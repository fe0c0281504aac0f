"""Requests per second straight to the directory service against the same requests through
the gateway, measured in one run on this machine. Prints the ratio (gateway / direct).

    .venv/bin/python bench/gateway_overhead.py [--seconds 5] [--concurrency 32]

Uses DATABASE_URL / REDIS_URL when set, embedded servers under var/bench otherwise.
The load generator is aiohttp in this process; on 2 cores it competes with the servers,
so compare the ratio, not the absolute figures."""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.infra import provide  # noqa: E402
from hub.migrate import migrate_all  # noqa: E402
from shared.identity import Identity, sign  # noqa: E402

SECRET = "bench-secret-" + "b" * 32
ANONYMOUS = Identity.anonymous()

DEFAULT_PATH = "/v1/directory/countries?limit=20"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_ready(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.get(url) as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} never answered")


async def load(url: str, seconds: float, concurrency: int, *, signed: bool = False) -> tuple[float, float]:
    """Returns (requests per second, p50 latency in ms). `signed`: add the identity headers the
    gateway would add (a service accepts nothing else), as a direct caller must."""
    path = url.split("127.0.0.1", 1)[1].split("/", 1)[1].split("?")[0]
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def user() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                headers = sign(ANONYMOUS, secret=SECRET, method="GET", path=f"/{path}") if signed else {}
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

    with provide(os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL"), ROOT / "var" / "bench") as infra:
        migrate_all(infra.database_url)
        ports = {"gateway": free_port(), "directory": free_port()}
        env = {
            **os.environ,
            "DATABASE_URL": infra.database_url,
            "REDIS_URL": infra.redis_url,
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": SECRET,
            "GATEWAY_ANONYMOUS_BURST": "1000000",
            "GATEWAY_ANONYMOUS_PER_SECOND": "1000000",
            "PORT": str(ports["gateway"]),
            "DIRECTORY_PORT": str(ports["directory"]),
            "DIRECTORY_URL": f"http://127.0.0.1:{ports['directory']}",
        }
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "hub", "serve", name],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for name in ports
        ]
        try:
            direct = f"http://127.0.0.1:{ports['directory']}{args.path}"
            through = f"http://127.0.0.1:{ports['gateway']}{args.path}"
            asyncio.run(wait_ready(f"http://127.0.0.1:{ports['directory']}/healthz"))
            asyncio.run(wait_ready(through))
            asyncio.run(load(direct, 1, args.concurrency, signed=True))  # warm both paths
            asyncio.run(load(through, 1, args.concurrency))
            direct_rps, direct_p50 = asyncio.run(load(direct, args.seconds, args.concurrency, signed=True))
            gateway_rps, gateway_p50 = asyncio.run(load(through, args.seconds, args.concurrency))
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(10)

    print(f"GET {args.path}, {args.concurrency} concurrent, {args.seconds:.0f}s each")
    print(f"{'path':<28}{'req/s':>10}{'p50 ms':>10}{'vs direct':>12}")
    print(f"{'direct to directory':<28}{direct_rps:>10.0f}{direct_p50:>10.1f}{1:>12.2f}")
    print(f"{'through the gateway':<28}{gateway_rps:>10.0f}{gateway_p50:>10.1f}{gateway_rps / direct_rps:>12.2f}")


if __name__ == "__main__":
    main()
