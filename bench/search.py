"""Organisation search with 100,000 organisations: text plus two filters, timed (one request
at a time, the three paths in turn) through the gateway, straight at the directory service, and
as the bare SQL the service runs (same statements, straight on asyncpg). Prints p50/p95 and the
ratios.

    .venv/bin/python bench/search.py [--organisations 100000] [--requests 300]

Uses DATABASE_URL / REDIS_URL when set, embedded servers under var/bench otherwise; the demo
data set is (re)loaded when the count differs."""

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import SECRET, Servers, database, directory_and_gateway, percentiles  # noqa: E402
from hub.migrate import load_demo  # noqa: E402
from services.directory.demo.generate import generate  # noqa: E402
from services.directory.search import repository as search  # noqa: E402
from shared.db import asyncpg_dsn  # noqa: E402
from shared.identity import Identity, sign  # noqa: E402

PARAMS = {"q": "freedom", "country": "NPL", "form": "forced_labour", "limit": "20"}
PATH = "/v1/directory/organisations"


Call = Callable[[], Awaitable[None]]


async def bare_sql(conn: asyncpg.Connection) -> Call:
    """The statements the service runs for PARAMS, on a plain asyncpg connection."""
    filters = search.Filters(q=PARAMS["q"], countries=[PARAMS["country"]], forms=[PARAMS["form"]])
    query = search.build(filters, await search.gram_frequencies(conn))
    sql, args = search.search_sql(query, by_relevance=True, after=None, limit=20)

    async def run() -> None:
        row = await conn.fetchrow(sql, *args)
        await conn.fetch(search.PAGE_ROWS, (row["ids"] or [])[:20])

    return run


def http(session: aiohttp.ClientSession, url: str, *, signed: bool) -> Call:
    async def run() -> None:
        query = urlencode(PARAMS)
        # Through the gateway, past its shared cache: what a search nobody else just asked costs.
        headers = (
            sign(Identity.anonymous(), secret=SECRET, method="GET", path=PATH, query=query)
            if signed
            else {"Cache-Control": "no-cache"}
        )
        async with session.get(url, params=PARAMS, headers=headers) as response:
            assert response.status == 200, await response.text()
            await response.read()

    return run


async def interleaved(database_url: str, servers: Servers, requests: int) -> dict[str, list[float]]:
    """One request on each path in turn (their order rotating), so that the three see the same
    load of a shared machine and their ratios hold even when its absolute figures do not."""
    # Planned for its arguments each time, as the directory's connections are (shared.db).
    settings = {"search_path": "directory", "plan_cache_mode": "force_custom_plan"}
    conn = await asyncpg.connect(**asyncpg_dsn(database_url), server_settings=settings)
    try:
        async with aiohttp.ClientSession() as session:
            calls = {
                "bare SQL": await bare_sql(conn),
                "directory service": http(session, f"{servers.directory}{PATH}", signed=True),
                "through the gateway": http(session, f"{servers.gateway}{PATH}", signed=False),
            }
            samples: dict[str, list[float]] = {label: [] for label in calls}
            order = list(calls)
            for i in range(20 + requests):  # the first 20 warm caches and pools
                for label in order[i % 3 :] + order[: i % 3]:
                    started = time.perf_counter()
                    await calls[label]()
                    if i >= 20:
                        samples[label].append(time.perf_counter() - started)
            return samples
    finally:
        await conn.close()


async def ensure_demo(database_url: str, organisations: int) -> None:
    conn = await asyncpg.connect(**asyncpg_dsn(database_url))
    try:
        count = await conn.fetchval("SELECT count(*) FROM directory.organisations WHERE demo")
    finally:
        await conn.close()
    if count != organisations:
        print(f"loading {organisations} demo organisations…", flush=True)
        await load_demo(database_url, generate(organisations, 60))
        conn = await asyncpg.connect(**asyncpg_dsn(database_url))
        await conn.execute("VACUUM ANALYZE directory.organisations")
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--q", default=PARAMS["q"], help="the text searched, with the same two filters")
    args = parser.parse_args()
    PARAMS["q"] = args.q

    with database() as infra:
        asyncio.run(ensure_demo(infra.database_url, args.organisations))
        # Facets computed on every request: the full work, not the cache.
        with directory_and_gateway(infra, DIRECTORY_FACET_CACHE_SECONDS="0") as servers:
            samples = asyncio.run(interleaved(infra.database_url, servers, args.requests))

    base50, base95 = percentiles(samples["bare SQL"])
    print(
        f"search q={PARAMS['q']!r} country={PARAMS['country']} form={PARAMS['form']}, "
        f"{args.organisations} organisations, {args.requests} sequential requests"
    )
    print(f"{'path':<26}{'p50 ms':>9}{'p95 ms':>9}{'p50/bare':>10}{'p95/bare':>10}")
    for label, durations in samples.items():
        p50, p95 = percentiles(durations)
        print(f"{label:<26}{p50:>9.1f}{p95:>9.1f}{p50 / base50:>10.2f}{p95 / base95:>10.2f}")


if __name__ == "__main__":
    main()
