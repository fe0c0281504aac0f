"""Collective figures over 10,000,000 observations: a country-by-year aggregate of one indicator
(every country, every year), timed through the metrics service (roll-ups, privacy layer,
coverage from the directory) and as the naive GROUP BY on the raw observations, one request at a
time. Prints p50/p95 and the ratio; also how long refreshing every roll-up takes.

    .venv/bin/python bench/aggregates.py [--observations 10000000] [--requests 100]

Uses DATABASE_URL / REDIS_URL when set, embedded servers under var/bench otherwise. The data set
(3,000 organisations in 60 countries, 20 indicators, 10 years, 5 breakdowns, 3 subdivisions;
60% public, 25% coalition, 15% private) is generated in SQL and kept between runs."""

import argparse
import asyncio
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import SECRET, adopt_counts, database, percentiles, serve  # noqa: E402
from services.metrics.jobs import BATCH_STATEMENT_SECONDS  # noqa: E402
from services.metrics.models import SCHEMA  # noqa: E402
from services.metrics.service import rollups  # noqa: E402
from shared.db import create_engine, create_sessionmaker  # noqa: E402
from shared.identity import Identity, sign  # noqa: E402
from shared.testing import asyncpg_dsn  # noqa: E402

INDICATORS = 20
YEARS = range(2015, 2025)
BREAKDOWNS = ["", "sex=female", "sex=male", "age_group=child", "age_group=adult"]
SUBDIVISIONS = 3
CODE = "bench_agg_0"
PATH = "/v1/metrics/aggregates"
NAIVE = r"""
SELECT country, period, sum(value) AS value, count(DISTINCT organisation_id) AS contributors
FROM metrics.observations
WHERE indicator_code = $1 AND period ~ '^\d{4}$' AND disaggregation = '{}'::jsonb AND visibility = 'public'
GROUP BY country, period
"""


def per_organisation() -> int:
    return INDICATORS * len(YEARS) * len(BREAKDOWNS) * SUBDIVISIONS


async def generate(dsn: dict, observations: int) -> None:
    connection = await asyncpg.connect(**dsn, command_timeout=BATCH_STATEMENT_SECONDS)
    try:
        have = await connection.fetchval(
            "SELECT count(*) FROM metrics.observations WHERE indicator_code LIKE 'bench_agg_%'"
        )
        organisations = observations // per_organisation()
        if have == organisations * per_organisation():
            return
        print(f"generating {organisations * per_organisation():,} observations ...", flush=True)
        await connection.execute(
            "DELETE FROM metrics.observations WHERE indicator_code LIKE 'bench_agg_%';"
            "DELETE FROM metrics.rollups WHERE indicator_code LIKE 'bench_agg_%'"
        )
        countries = [r["iso3"] for r in await connection.fetch("SELECT iso3 FROM directory.countries ORDER BY iso3")]
        for i in range(INDICATORS):
            code = f"bench_agg_{i}"
            await adopt_counts(connection, [code])
            started = time.perf_counter()
            await connection.execute(
                """
                INSERT INTO metrics.observations (
                    id, indicator_code, indicator_version, organisation_id, country, subdivision, period,
                    period_start, period_end, disaggregation, disaggregation_key, value, weight, method_note,
                    source, visibility, coalition_id, status, revision, created_at, updated_at)
                SELECT gen_random_uuid(), $1, 1, md5('org' || o)::uuid, ($2::text[])[1 + o % 60], 'S' || s, y::text,
                       make_date(y, 1, 1), make_date(y, 12, 31),
                       CASE WHEN b = '' THEN '{}'::jsonb
                            ELSE jsonb_build_object(split_part(b, '=', 1), split_part(b, '=', 2)) END,
                       b, (o * 7 + y + s) % 50, NULL, '', '',
                       CASE WHEN o % 20 < 12 THEN 'public' WHEN o % 20 < 17 THEN 'coalition' ELSE 'private' END,
                       CASE WHEN o % 20 BETWEEN 12 AND 16 THEN md5('coalition' || (o % 180))::uuid END,
                       'final', 1, now(), now()
                FROM generate_series(0, $3 - 1) AS o, generate_series($4::int, $5::int) AS y,
                     unnest($6::text[]) AS b, generate_series(1, $7) AS s
                """,
                code,
                countries[:60],
                organisations,
                YEARS.start,
                YEARS.stop - 1,
                BREAKDOWNS,
                SUBDIVISIONS,
            )
            print(f"  {code}: {time.perf_counter() - started:.0f} s", flush=True)
        await connection.execute("ANALYZE metrics.observations")
    finally:
        await connection.close()


async def refresh_everything(database_url: str, dsn: dict) -> tuple[float, int]:
    connection = await asyncpg.connect(**dsn)
    await connection.execute(
        "INSERT INTO metrics.rollup_changes (indicator_code, period, country) "
        "SELECT DISTINCT indicator_code, period, country FROM metrics.observations "
        "WHERE indicator_code LIKE 'bench_agg_%' ON CONFLICT DO NOTHING"
    )
    await connection.close()
    engine = create_engine(database_url, SCHEMA, command_timeout=BATCH_STATEMENT_SECONDS)
    started = time.perf_counter()
    keys = await rollups.refresh_all(create_sessionmaker(engine))
    elapsed = time.perf_counter() - started
    await engine.dispose()
    return elapsed, keys


async def time_naive(dsn: dict, requests: int) -> list[float]:
    connection = await asyncpg.connect(**dsn)
    samples = []
    for i in range(requests + 5):
        started = time.perf_counter()
        await connection.fetch(NAIVE, CODE)
        if i >= 5:
            samples.append(time.perf_counter() - started)
    await connection.close()
    return samples


async def time_service(url: str, requests: int, *, signed: bool) -> tuple[list[float], dict]:
    """`signed`: straight at the service, with the identity the gateway would assert."""
    params = {"indicator": CODE, "by": "country,period", "granularity": "year"}
    samples, body = [], {}
    async with aiohttp.ClientSession() as session:
        for i in range(requests + 5):
            started = time.perf_counter()
            query = urlencode(params)
            headers = sign(Identity.anonymous(), secret=SECRET, method="GET", path=PATH, query=query) if signed else {}
            async with session.get(f"{url}{PATH}", params=params, headers=headers) as response:
                body = await response.json()
                assert response.status == 200, body
            if i >= 5:
                samples.append(time.perf_counter() - started)
    return samples, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--observations", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with database() as infra:
        dsn = asyncpg_dsn(infra.database_url)
        asyncio.run(generate(dsn, args.observations))
        refresh_seconds, keys = asyncio.run(refresh_everything(infra.database_url, dsn))
        with serve(infra, "directory", "metrics", "gateway") as urls:
            naive = asyncio.run(time_naive(dsn, args.requests))
            service, body = asyncio.run(time_service(urls["metrics"], args.requests, signed=True))
            gateway, _ = asyncio.run(time_service(urls["gateway"], args.requests, signed=False))
    total = (args.observations // per_organisation()) * per_organisation()
    print(f"{total:,} observations; refreshing all roll-ups ({keys:,} keys): {refresh_seconds:.1f} s")
    print(f"country-by-year, one indicator, {len(body['cells'])} cells, {args.requests} requests:")
    _, n95 = percentiles(naive)
    for name, samples in (
        ("naive GROUP BY (SQL only)", naive),
        ("metrics service", service),
        ("through gateway", gateway),
    ):
        p50, p95 = percentiles(samples)
        print(f"  {name:28s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({p95 / n95:.2f}x naive at p95)")


if __name__ == "__main__":
    main()
