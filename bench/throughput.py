"""Requests per second one replica (one process) of each service serves, for the capacity
model in docs/operations.md. For each service, in one run: its own `/healthz` (the baseline:
the framework and middleware with no work), then a typical read, 32 clients at a time. Prints
the ratio to the baseline, the CPU time each request cost the service's process and the
PostgreSQL server (from /proc, so independent of the load generator sharing the cores; the
gateway's PostgreSQL time is the directory's queries behind it) and the process's memory.

    .venv/bin/python bench/throughput.py [--seconds 4] [--concurrency 32]

Loads the demo data set (3,000 organisations, the target scale) and the starter indicators
first (replacing earlier demo data: give it a database of its own). Uses DATABASE_URL /
REDIS_URL when set, embedded servers under var/bench otherwise. Linux only (/proc)."""

import argparse
import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gateway_overhead import load  # noqa: E402
from bench.servers import database, serve  # noqa: E402
from hub.migrate import load_demo, load_starter_indicators  # noqa: E402
from services.directory.seed.demo import generate  # noqa: E402

# service -> (what a typical request does, path); the gateway's is proxied to the directory.
READS = {
    "directory": (
        "search, country and form filters",
        "/v1/directory/organisations?country=NPL&form=forced_labour&limit=20",
    ),
    "metrics": ("indicator catalogue page", "/v1/metrics/indicators?limit=20"),
    "reports": ("a country's commitments", "/v1/reports/countries/NPL/commitments"),
    "gateway": ("proxied countries page", "/v1/directory/countries?limit=20"),
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process on this machine, with that of the backends that
    have exited (the server's reaped children: pools close connections beyond their size)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        if text.split("(", 1)[1].startswith("postgres)"):
            fields = text.rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15]) / CLOCK_TICKS  # utime stime cutime cstime
    return total


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Row:
    service: str
    what: str
    healthz_rps: float
    rps: float
    p50_ms: float
    cpu_ms: float
    pg_cpu_ms: float
    rss: float


def measure(service: str, url: str, pid: int, seconds: float, concurrency: int) -> Row:
    what, path = READS[service]
    signed = service != "gateway"  # a service accepts only signed requests; the gateway signs
    asyncio.run(load(f"{url}{path}", 1, concurrency, signed=signed))  # warm up
    healthz_rps, _ = asyncio.run(load(f"{url}/healthz", seconds, concurrency))
    before, pg_before = cpu_seconds(pid), postgres_cpu_seconds()
    rps, p50 = asyncio.run(load(f"{url}{path}", seconds, concurrency, signed=signed))
    requests = max(1.0, rps * seconds)
    cpu_ms = (cpu_seconds(pid) - before) * 1000 / requests
    pg_cpu_ms = (postgres_cpu_seconds() - pg_before) * 1000 / requests
    return Row(service, what, healthz_rps, rps, p50, cpu_ms, pg_cpu_ms, rss_mib(pid))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()

    with database() as infra:
        asyncio.run(load_demo(infra.database_url, generate(3000, 60)))
        asyncio.run(load_starter_indicators(infra.database_url))
        pids: dict[str, int] = {}
        with serve(infra, "directory", "metrics", "reports", "gateway", pids=pids) as urls:
            rows = [measure(s, urls[s], pids[s], args.seconds, args.concurrency) for s in READS]

    print(f"one process per service, {args.concurrency} concurrent clients, {args.seconds:.0f}s per measure")
    print(
        f"{'service':<11}{'request':<36}{'healthz/s':>10}{'req/s':>8}{'vs healthz':>12}{'p50 ms':>8}{'CPU ms/req':>12}{'PG ms/req':>11}{'RSS MiB':>9}"
    )
    for r in rows:
        print(
            f"{r.service:<11}{r.what:<36}{r.healthz_rps:>10.0f}{r.rps:>8.0f}{r.rps / r.healthz_rps:>12.2f}"
            f"{r.p50_ms:>8.1f}{r.cpu_ms:>12.2f}{r.pg_cpu_ms:>11.2f}{r.rss:>9.0f}"
        )


if __name__ == "__main__":
    main()
