"""The whole system under load from a generator in its own process (wrk): keyed clients on a
read mix (search, organisation reads, aggregates, coverage) and writers creating organisations
at the same time, through the gateway to every service, each a real process. Prints, for the
readers and the writers, throughput, p50/p95/p99 latency and every non-2xx answer by status.

    .venv/bin/python bench/load.py [--readers 500] [--writers 50] [--seconds 60] [--organisations 3000] [--warmup 5]

Loads the demo data set (with its figures) first, replacing earlier demo data: give it a
database of its own. Uses DATABASE_URL / REDIS_URL when set, embedded servers under var/bench
otherwise. The gateway's rate limits are lifted: this measures capacity, not the limits."""

import argparse
import asyncio
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import backend_cpu_seconds, cpu_seconds, database, serve  # noqa: E402
from hub.migrate import load_demo, load_demo_figures  # noqa: E402
from services.directory.demo.generate import generate  # noqa: E402
from services.directory.models import SCHEMA as DIRECTORY_SCHEMA  # noqa: E402
from services.directory.onboarding.service import bootstrap_platform_admin  # noqa: E402
from shared.db import in_session  # noqa: E402

INDICATOR = "people_identified"  # a starter indicator the demo figures report
COUNTRIES = ["NPL", "IND", "BGD", "KEN", "BRA", "GHA"]

# wrk's Lua: requests from a list (each thread starts at its own place), and at the end the
# latency percentiles and every status counted across threads.
SCRIPT = """
local requests = {REQUESTS}
local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  statuses = {}
  next_request = id * 7
end
function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests_)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
  end
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for status, n in pairs(counts) do io.write(string.format("STATUS %d %d\\n", status, n)) end
end
"""


@dataclass
class Load:
    name: str
    clients: int
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    socket_errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def not_2xx(self) -> dict[int, int]:
        return {s: n for s, n in sorted(self.statuses.items()) if not 200 <= s < 300}


def lua(requests: list[tuple[str, str, dict[str, str], str]]) -> str:
    """A wrk script sending `requests` (method, path, headers, body) in turn."""
    formatted = ", ".join(
        f"wrk.format({json.dumps(m)}, {json.dumps(p)}, {{{', '.join(f'[{json.dumps(k)}] = {json.dumps(v)}' for k, v in h.items())}}}, {json.dumps(b) if b else 'nil'})"
        for m, p, h, b in requests
    )
    return SCRIPT.replace("{REQUESTS}", "{" + formatted + "}")


def start_wrk(load: Load, url: str, script: str, seconds: float, folder: Path) -> subprocess.Popen[str]:
    path = folder / f"{load.name}.lua"
    path.write_text(script)
    threads = max(1, min(2, load.clients))
    args = ["wrk", f"-t{threads}", f"-c{load.clients}", f"-d{seconds:g}s", "--timeout", "30s", "-s", str(path), url]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def read_wrk(load: Load, process: subprocess.Popen[str]) -> None:
    output, _ = process.communicate()
    result = re.search(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", output, re.M)
    if not result:
        raise RuntimeError(f"wrk gave no result:\n{output}")
    requests, micros, p50, p95, p99, errors = map(int, result.groups())
    load.requests, load.seconds, load.socket_errors = requests, micros / 1e6, errors
    load.p50_ms, load.p95_ms, load.p99_ms = p50 / 1000, p95 / 1000, p99 / 1000
    load.statuses = {int(s): int(n) for s, n in re.findall(r"^STATUS (\d+) (\d+)$", output, re.M)}


async def keys(database_url: str) -> tuple[str, str]:
    """A key for the readers and one for the writers (platform admins: they may create)."""

    async def create(name: str) -> str:
        _, key = await in_session(
            database_url, DIRECTORY_SCHEMA, lambda s: bootstrap_platform_admin(s, "Load Bench", name, None)
        )
        return key

    return await create("bench reader"), await create("bench writer")


def read_mix(organisation_ids: list[str], key: str) -> list[tuple[str, str, dict[str, str], str]]:
    auth = {"Authorization": f"Bearer {key}"}
    paths = []
    for i, country in enumerate(COUNTRIES):
        paths += [
            f"/v1/directory/organisations?country={country}&limit=20",
            f"/v1/directory/organisations?q=labour&country={country}&limit=20",
            f"/v1/directory/organisations/{organisation_ids[i % len(organisation_ids)]}",
            f"/v1/directory/organisations/{organisation_ids[(i * 13 + 5) % len(organisation_ids)]}",
            f"/v1/metrics/aggregates?indicator={INDICATOR}&country={country}",
            f"/v1/directory/coverage?country={country}",
        ]
    return [("GET", p, auth, "") for p in paths]


def writes(key: str) -> list[tuple[str, str, dict[str, str], str]]:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    return [
        ("POST", "/v1/directory/organisations", headers, json.dumps({"name": f"Load bench {i}", "countries": [c]}))
        for i, c in enumerate(COUNTRIES)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=500)
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--organisations", type=int, default=3000)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of the same load first, not counted")
    args = parser.parse_args()

    with database() as infra:
        demo = generate(args.organisations, 60)
        asyncio.run(load_demo(infra.database_url, demo))
        asyncio.run(load_demo_figures(infra.database_url, demo))
        reader_key, writer_key = asyncio.run(keys(infra.database_url))
        organisation_ids = [str(o["id"]) for o in demo.organisations[:50]]
        unlimited = {"GATEWAY_RATE_LIMIT_BURST": "1000000", "GATEWAY_RATE_LIMIT_PER_SECOND": "1000000"}
        pids: dict[str, int] = {}
        with serve(infra, "directory", "metrics", "reports", "gateway", pids=pids, **unlimited) as urls:
            scripts = {"readers": lua(read_mix(organisation_ids, reader_key)), "writers": lua(writes(writer_key))}
            with tempfile.TemporaryDirectory() as folder:
                for seconds in (args.warmup, args.seconds):  # the warm-up's figures are dropped
                    before = cpu_now(pids, infra.database_url)
                    loads = [Load("readers", args.readers), Load("writers", args.writers)]
                    running = [
                        (load, start_wrk(load, urls["gateway"], scripts[load.name], seconds, Path(folder)))
                        for load in loads
                        if load.clients
                    ]
                    for load, process in running:
                        read_wrk(load, process)
                    spent = spent_since(before, cpu_now(pids, infra.database_url))

    print(
        f"{args.readers} keyed readers (search, organisation reads, aggregates, coverage) and {args.writers} writers "
        f"(organisation creates) for {args.seconds:g} s, {args.organisations} organisations, one process per service"
    )
    print(
        f"{'load':<9}{'clients':>8}{'requests':>10}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  non-2xx by status"
    )
    for load, _ in running:
        rate = load.requests / load.seconds if load.seconds else 0.0
        other = ", ".join(f"{s}: {n}" for s, n in load.not_2xx.items()) or "none"
        if load.socket_errors:
            other += f"; socket errors: {load.socket_errors}"
        print(
            f"{load.name:<9}{load.clients:>8}{load.requests:>10}{rate:>8.0f}"
            f"{load.p50_ms:>9.1f}{load.p95_ms:>9.1f}{load.p99_ms:>9.1f}  {other}"
        )
    cost(spent, sum(load.requests for load, _ in running), args.readers + args.writers)


def cpu_now(pids: dict[str, int], database_url: str) -> dict[str, float | dict[int, float]]:
    return {**{name: cpu_seconds(pid) for name, pid in pids.items()}, "postgresql": backend_cpu_seconds(database_url)}


def spent_since(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """CPU seconds per process between two samples; PostgreSQL's over the backends in both."""
    spent = {name: after[name] - before[name] for name in after if name != "postgresql"}
    backends = before["postgresql"].keys() & after["postgresql"].keys()
    spent["postgresql"] = sum(after["postgresql"][pid] - before["postgresql"][pid] for pid in backends)
    return spent


def cost(spent: dict[str, float], requests: int, clients: int) -> None:
    """CPU per request in each process, and what it allows: clients that send their next request
    when the answer comes wait, on average, clients / throughput (Little's law), so a p99 under
    1 s needs at least `clients` requests a second, and two cores give at most 2 s of CPU a second."""
    per = {name: seconds * 1000 / max(1, requests) for name, seconds in spent.items()}
    total = sum(per.values())
    print("CPU per request (ms): " + ", ".join(f"{name} {ms:.2f}" for name, ms in per.items()) + f"; total {total:.2f}")
    print(
        f"{clients} clients in a closed loop wait under 1 s only above {clients} req/s, {2000 / clients:.1f} ms of CPU "
        f"per request on 2 cores; this mix allows at most {2000 / total:.0f} req/s (wrk aside), and its SQL alone "
        f"(the PostgreSQL backends' CPU) {2000 / per['postgresql']:.0f} req/s"
    )


if __name__ == "__main__":
    main()
