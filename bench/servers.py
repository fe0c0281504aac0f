"""What every benchmark needs: PostgreSQL and Redis (DATABASE_URL / REDIS_URL, or embedded ones
under var/bench), migrated, and the directory service and the gateway as real processes."""

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hub.infra import Infra, provide  # noqa: E402
from hub.migrate import migrate_all  # noqa: E402
from tests.support.ports import free_port  # noqa: E402  # the tests' picker: a worker's own block of ports

SECRET = "bench-secret-" + "b" * 32


async def wait_ready(url: str, seconds: float = 90.0) -> None:
    """Until `url` answers 200 (a service importing on a loaded machine can take half a minute)."""
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url) as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} never answered")


async def adopt_counts(connection: asyncpg.Connection, codes: list[str]) -> None:
    """Adopted indicators (counts of people, summed, by sex and age group) for the metrics
    benchmarks, written straight into the catalogue; existing ones are kept."""
    for code in codes:
        await connection.execute(
            "INSERT INTO metrics.indicators (code, status, current_version, starter, created_at, updated_at) "
            "VALUES ($1, 'adopted', 1, false, now(), now()) ON CONFLICT (code) DO NOTHING",
            code,
        )
        await connection.execute(
            "INSERT INTO metrics.indicator_versions (code, version, name, definition, method_note, unit, "
            "value_type, aggregation, disaggregations, sdg_target, proxy, sensitivity, change_note, created_at) "
            "VALUES ($1, 1, $1, 'People counted by the benchmark.', 'One row per person, as reported.', 'people', "
            "'count', 'sum', ARRAY['sex','age_group'], '8.7', false, 'normal', '', now()) "
            "ON CONFLICT (code, version) DO UPDATE SET definition = EXCLUDED.definition, "
            "method_note = EXCLUDED.method_note",
            code,
        )


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of durations in seconds, in milliseconds."""
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


@contextlib.contextmanager
def database() -> Iterator[Infra]:
    with provide(os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL"), ROOT / "var" / "bench") as infra:
        migrate_all(infra.database_url)
        yield infra


@dataclass
class Servers:
    directory: str
    gateway: str


@contextlib.contextmanager
def serve(infra: Infra, *names: str, pids: dict[str, int] | None = None, **settings: str) -> Iterator[dict[str, str]]:
    """The named services as real processes (name -> base URL), quiet, signing with SECRET, with
    no rate limit on anonymous callers; `settings` adds environment variables. `pids`, when
    given, is filled with each process id (name -> pid)."""
    ports = {name: free_port() for name in names}
    env = {
        **os.environ,
        "DATABASE_URL": infra.database_url,
        "REDIS_URL": infra.redis_url,
        "LOG_LEVEL": "WARNING",
        "SECRET_KEY": SECRET,
        "GATEWAY_ANONYMOUS_BURST": "1000000",
        "GATEWAY_ANONYMOUS_PER_SECOND": "1000000",
        **{("PORT" if n == "gateway" else f"{n.upper()}_PORT"): str(port) for n, port in ports.items()},
        **{f"{n.upper()}_URL": f"http://127.0.0.1:{port}" for n, port in ports.items() if n != "gateway"},
        **settings,
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
    if pids is not None:
        pids.update({name: p.pid for name, p in zip(ports, procs, strict=True)})
    try:
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for url in urls.values():
            asyncio.run(wait_ready(f"{url}/healthz"))
        yield urls
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)


@contextlib.contextmanager
def directory_and_gateway(infra: Infra, **settings: str) -> Iterator[Servers]:
    with serve(infra, "directory", "gateway", **settings) as urls:
        yield Servers(urls["directory"], urls["gateway"])


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


def backend_cpu_seconds(database_url: str) -> dict[int, float]:
    """CPU time of each PostgreSQL backend connected to this database (pid -> seconds): the
    services' pools keep their connections, so a run's SQL is what these backends spend."""

    async def pids() -> list[int]:
        connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            rows = await connection.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        finally:
            await connection.close()
        return [row["pid"] for row in rows]

    spent = {}
    for pid in asyncio.run(pids()):
        with contextlib.suppress(OSError):  # ended meanwhile
            spent[pid] = cpu_seconds(pid)
    return spent
