"""Organisation search with 100,000 organisations: text plus two filters, timed (one request
at a time) through the gateway, straight at the directory service, and as the bare SQL the
service runs (same statements, straight on asyncpg). Prints p50/p95 and the ratios.

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

from bench.servers import SECRET, database, directory_and_gateway, percentiles  # noqa: E402
from hub.migrate import load_demo  # noqa: E402
from services.directory.demo.generate import generate  # noqa: E402
from services.directory.search import repository as search  # noqa: E402
from shared.db import asyncpg_dsn  # noqa: E402
from shared.identity import Identity, sign  # noqa: E402

PARAMS = {"q": "freedom", "country": "NPL", "form": "forced_labour", "limit": "20"}
PATH = "/v1/directory/organisations"


async def timed(call: Callable[[], Awaitable[None]], requests: int) -> list[float]:
    for _ in range(20):  # warm caches and pools
        await call()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return samples


async def bare_sql(database_url: str, requests: int) -> list[float]:
    """The statements the service runs for PARAMS, on a plain asyncpg connection."""
    filters = search.Filters(q=PARAMS["q"], countries=[PARAMS["country"]], forms=[PARAMS["form"]])
    statements = [search.search_sql(search.build(filters), by_relevance=True, after=None, limit=20)]
    conn = await asyncpg.connect(**asyncpg_dsn(database_url), server_settings={"search_path": "directory"})
    try:

        async def run() -> None:
            for sql, args in statements:
                row = await conn.fetchrow(sql, *args)
                await conn.fetch("SELECT * FROM organisations WHERE id = ANY($1)", (row["ids"] or [])[:20])

        return await timed(run, requests)
    finally:
        await conn.close()


async def http(url: str, requests: int, *, signed: bool) -> list[float]:
    async with aiohttp.ClientSession() as session:

        async def run() -> None:
            query = urlencode(PARAMS)
            headers = sign(Identity.anonymous(), secret=SECRET, method="GET", path=PATH, query=query) if signed else {}
            async with session.get(url, params=PARAMS, headers=headers) as response:
                assert response.status == 200, await response.text()
                await response.read()

        return await timed(run, requests)


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
    args = parser.parse_args()

    with database() as infra:
        asyncio.run(ensure_demo(infra.database_url, args.organisations))
        # Facets computed on every request: the full work, not the cache.
        with directory_and_gateway(infra, DIRECTORY_FACET_CACHE_SECONDS="0") as servers:
            bare = asyncio.run(bare_sql(infra.database_url, args.requests))
            service = asyncio.run(http(f"{servers.directory}{PATH}", args.requests, signed=True))
            gateway = asyncio.run(http(f"{servers.gateway}{PATH}", args.requests, signed=False))

    base50, base95 = percentiles(bare)
    print(
        f"search q={PARAMS['q']!r} country={PARAMS['country']} form={PARAMS['form']}, "
        f"{args.organisations} organisations, {args.requests} sequential requests"
    )
    print(f"{'path':<26}{'p50 ms':>9}{'p95 ms':>9}{'p50/bare':>10}{'p95/bare':>10}")
    for label, samples in (
        ("bare SQL", bare),
        ("directory service", service),
        ("through the gateway", gateway),
    ):
        p50, p95 = percentiles(samples)
        print(f"{label:<26}{p50:>9.1f}{p95:>9.1f}{p50 / base50:>10.2f}{p95 / base95:>10.2f}")


if __name__ == "__main__":
    main()
