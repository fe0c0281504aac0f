"""What one request costs each process: one process of each service, loaded by wrk in its own
process (so the generator is not what is measured), 32 connections at a time. For every read it
prints requests per second, p50/p99 latency, the CPU time each request cost the service's
process, the gateway's (for proxied reads) and PostgreSQL (from /proc), and the ratio to the
floor measured in the same run: the gateway's own `/healthz` (the framework and its middleware
with no work). Then the idle memory of each service process and of the worker.

    .venv/bin/python bench/throughput.py [--seconds 5] [--concurrency 32] [--warmup 1] [--settle 8] [--organisations 3000]

Loads the demo data set (3,000 organisations by default, the target scale) and the starter indicators
first (replacing earlier demo data: give it a database of its own). Uses DATABASE_URL /
REDIS_URL when set, embedded servers under var/bench otherwise. Linux only (/proc); needs wrk
(Debian's package)."""

import argparse
import asyncio
import os
import re
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import SECRET, cpu_seconds, database, postgres_cpu_seconds, serve  # noqa: E402
from hub.migrate import load_demo, load_starter_indicators  # noqa: E402
from services.directory.demo.generate import generate  # noqa: E402
from shared.identity import Identity, sign  # noqa: E402

SEARCH = "/v1/directory/organisations?q=freedom&country=NPL&form=forced_labour&limit=20"
COUNTRIES = "/v1/directory/countries?limit=20"
FRESH = {"Cache-Control": "no-cache"}  # past the gateway's shared cache, to the service every time
# (label, service answering, path, through the gateway?, request headers)
READS: list[tuple[str, str, str, bool, dict[str, str]]] = [
    ("gateway /healthz (the floor)", "gateway", "/healthz", False, {}),
    ("directory /healthz", "directory", "/healthz", False, {}),
    ("countries page, direct", "directory", COUNTRIES, False, {}),
    ("countries page, via gateway", "directory", COUNTRIES, True, {}),
    ("countries page, via gateway, no-cache", "directory", COUNTRIES, True, FRESH),
    ("one organisation, via gateway", "directory", "/v1/directory/organisations/{organisation}", True, {}),
    ("one org, via gateway, no-cache", "directory", "/v1/directory/organisations/{organisation}", True, FRESH),
    ("search text+2 filters, direct", "directory", SEARCH, False, {}),
    ("search text+2 filters, via gateway", "directory", SEARCH, True, {}),
    ("search, via gateway, no-cache", "directory", SEARCH, True, FRESH),
    ("indicator catalogue, via gateway", "metrics", "/v1/metrics/indicators?limit=20", True, {}),
    ("NPL commitments, via gateway", "reports", "/v1/reports/countries/NPL/commitments", True, {}),
]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Row:
    what: str
    rps: float
    p50_ms: float
    p99_ms: float
    not_2xx: int
    service_cpu_ms: float
    gateway_cpu_ms: float
    pg_cpu_ms: float


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, seconds: float, concurrency: int, headers: dict[str, str]) -> tuple[int, float, float, float, int]:
    """(requests, req/s, p50 ms, p99 ms, non-2xx) from wrk in its own process, one thread."""
    args = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return requests, rps, p50, p99, int(bad.group(1)) if bad else 0


def signed(path: str) -> dict[str, str]:
    """The identity headers the gateway adds (anonymous). A read does not spend its nonce, so
    one signature serves every request of a measure (it stays valid for a minute)."""
    bare, _, query = path.partition("?")
    return sign(Identity.anonymous(), secret=SECRET, method="GET", path=bare, query=query)


def measure(
    what: str,
    url: str,
    path: str,
    pids: tuple[int, int | None],
    args: argparse.Namespace,
    direct: bool,
    sent: dict[str, str],
) -> Row:
    seconds, concurrency = args.seconds, args.concurrency
    headers = {**sent, **(signed(path) if direct and not path.endswith("/healthz") else {})}
    if args.warmup:
        wrk(f"{url}{path}", args.warmup, concurrency, headers)  # pools, caches, prepared statements
    service_pid, gateway_pid = pids

    def cpu() -> tuple[float, float, float]:
        return cpu_seconds(service_pid), cpu_seconds(gateway_pid) if gateway_pid else 0.0, postgres_cpu_seconds()

    before = cpu()
    requests, rps, p50, p99, bad = wrk(f"{url}{path}", seconds, concurrency, headers)
    per = [(a - b) * 1000 / max(1, requests) for a, b in zip(cpu(), before, strict=True)]
    return Row(what, rps, p50, p99, bad, per[0], per[1], per[2])


async def client_cost(url: str, requests: int = 2000) -> float:
    """CPU ms one aiohttp GET of `url` costs its caller: with the floor's /healthz, the least a
    Python process that receives and forwards a request can spend."""
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            async with session.get(url) as r:
                await r.read()
        started = time.process_time()
        for _ in range(requests):
            async with session.get(url) as r:
                await r.read()
        return (time.process_time() - started) * 1000 / requests


def idle_worker_rss(infra_env: dict[str, str], settle: float) -> float:
    worker = subprocess.Popen(
        [sys.executable, "-m", "hub", "worker"],
        cwd=ROOT,
        env={**os.environ, **infra_env, "SECRET_KEY": SECRET, "LOG_LEVEL": "WARNING", "WORKER_METRICS_PORT": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(settle)  # imports and first crons settle
        return rss_mib(worker.pid)
    finally:
        worker.terminate()
        worker.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=1, help="seconds of wrk before each measure (0: none)")
    parser.add_argument(
        "--settle", type=float, default=8, help="seconds the idle worker runs before its memory is read"
    )
    parser.add_argument("--organisations", type=int, default=3000)
    args = parser.parse_args()

    with database() as infra:
        organisations = generate(args.organisations, 60)
        asyncio.run(load_demo(infra.database_url, organisations))
        asyncio.run(load_starter_indicators(infra.database_url))
        pids: dict[str, int] = {}
        names = ("directory", "metrics", "reports", "gateway")
        with serve(infra, *names, pids=pids) as urls:
            idle = {name: rss_mib(pids[name]) for name in names}
            organisation = urllib.parse.quote(str(organisations.organisations[0]["id"]))
            rows = []
            for what, service, path, proxied, sent in READS:
                path = path.format(organisation=organisation)
                url = urls["gateway"] if proxied or service == "gateway" else urls[service]
                owner = (pids[service], pids["gateway"] if proxied else None)
                rows.append(measure(what, url, path, owner, args, not proxied, sent))
            loaded = {name: rss_mib(pids[name]) for name in names}
            forward_ms = asyncio.run(client_cost(f"{urls['directory']}/healthz"))
        idle["worker"] = idle_worker_rss(
            {"DATABASE_URL": infra.database_url, "REDIS_URL": infra.redis_url}, args.settle
        )

    floor = rows[0]
    print(
        f"wrk in its own process, {args.concurrency} connections, {args.seconds:g}s per measure, one process per service"
    )
    print(
        f"{'read':<37}{'req/s':>8}{'x floor':>9}{'p50 ms':>8}{'p99 ms':>8}{'non-2xx':>8}"
        f"{'service CPU ms':>15}{'gateway CPU ms':>15}{'PG CPU ms':>10}"
    )
    for r in rows:
        print(
            f"{r.what:<37}{r.rps:>8.0f}{r.rps / floor.rps:>9.3f}{r.p50_ms:>8.1f}{r.p99_ms:>8.1f}{r.not_2xx:>8}"
            f"{r.service_cpu_ms:>15.3f}{r.gateway_cpu_ms if r.gateway_cpu_ms else float('nan'):>15.3f}{r.pg_cpu_ms:>10.3f}"
        )
    print(
        f"floor of a forward in Python: the gateway's /healthz {floor.service_cpu_ms:.3f} ms + one aiohttp "
        f"GET {forward_ms:.3f} ms = {floor.service_cpu_ms + forward_ms:.3f} ms of CPU"
    )
    print("memory per process, MiB (idle after start / after the run):")
    for name, mib in idle.items():
        print(f"  {name:<10}{mib:>6.0f}" + (f" / {loaded[name]:.0f}" if name in loaded else ""))


if __name__ == "__main__":
    main()
