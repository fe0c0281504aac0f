"""Collective figures over 10,000,000 observations reported by breakdown: two tables a reader
asks for, of one indicator counted by sex and age group, each timed at the metrics service
(roll-ups, normalisation of breakdowns, disclosure control, coverage from the directory),
through the gateway, and as the naive GROUP BY on the raw observations that gives the same
figures, one request at a time from this process (the services run as processes of their own):

- country by year: `by=country,period`, every country, every year;
- sex by year: `by=period,sex` over every country, the global series by sex a dashboard shows.

Prints p50/p95 and the ratios to the naive query of the same run; also the naive query with the
index forced (the planner reads the whole table instead), the service's own roll-up read alone
(SQL only), the service answering the first request after each change (the figures computed
again, not kept), and how long refreshing every roll-up takes.

    .venv/bin/python bench/aggregates.py [--observations 10000000] [--requests 100]

Uses DATABASE_URL / REDIS_URL when set, embedded servers under var/bench otherwise. The data set
is generated in SQL and kept between runs (generated again when its shape changes): organisations
in 50 countries report 20 indicators for 10 years in 3 subdivisions, by breakdown: 30% by sex,
20% by age group, 20% by sex and age group crossed, 10% by sex and by age group separately, 10% a
total and by sex, 10% a total and by sex and age group (totals exceed their breakdowns by 0 to 2,
so remainders exist); 60% of organisations report publicly, 25% to a coalition, 15% privately."""

import argparse
import asyncio
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import asyncpg
from yarl import URL

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import SECRET, adopt_counts, database, percentiles, serve  # noqa: E402
from services.metrics.aggregates.repository import PUBLIC  # noqa: E402
from services.metrics.jobs import BATCH_STATEMENT_SECONDS  # noqa: E402
from services.metrics.models import SCHEMA  # noqa: E402
from services.metrics.privacy import Rules  # noqa: E402
from services.metrics.rollups import service as rollups  # noqa: E402
from shared.db import asyncpg_dsn, create_engine, create_sessionmaker  # noqa: E402
from shared.identity import Identity, sign  # noqa: E402

INDICATORS = 20
# Every country has public figures, so a country-by-year table asks the directory for the
# coverage of each (its `/coverage` takes at most 300 countries a request).
COUNTRIES = 50
YEARS = range(2015, 2025)
SUBDIVISIONS = 3
SEXES = ["sex=female", "sex=male"]
AGES = ["age_group=adult", "age_group=child"]
CROSSED = [f"{a};{s}" for a in AGES for s in SEXES]
# How organisations report: (tenths of the organisations, the breakdowns each reports; '' a total).
PATTERNS = [
    (3, SEXES),
    (2, AGES),
    (2, CROSSED),
    (1, SEXES + AGES),
    (1, ["", *SEXES]),
    (1, ["", *CROSSED]),
]
PER_UNIT = sum(tenths * len(b) for tenths, b in PATTERNS) / 10  # observations per organisation, year, ...
CODE = "bench_agg_0"
PATH = "/v1/metrics/aggregates"
DATASET = "aggregates"
NO_JIT = "SET jit = off"  # as the service runs its statements

GENERATE = r"""
WITH breakdowns AS (
    SELECT p, key, ord,
           coalesce((SELECT jsonb_object_agg(split_part(t, '=', 1), split_part(t, '=', 2))
                     FROM unnest(string_to_array(key, ';')) t), '{}'::jsonb) AS disaggregation
    FROM unnest($6::int[], $7::text[]) WITH ORDINALITY AS b(p, key, ord)
),
orgs AS (
    SELECT o, ($2::text[])[1 + o % $8] AS country, md5('org' || o)::uuid AS organisation_id,
           ($9::int[])[1 + mod(hashtext('pattern' || o)::bigint + 2147483648, 10)::int] AS p,
           mod(hashtext('visibility' || o)::bigint + 2147483648, 20) AS v
    FROM generate_series(0, $3 - 1) AS o
),
cells AS (
    SELECT g.*, y, s, b.key, b.disaggregation, 1 + (o * 7 + y * 3 + s * 5 + b.ord * 11 + $10 * 13) % 40 AS v1
    FROM orgs g JOIN breakdowns b USING (p), generate_series($4::int, $5::int) AS y, generate_series(1, $11) AS s
)
INSERT INTO metrics.observations (
    id, indicator_code, indicator_version, organisation_id, country, subdivision, period,
    period_start, period_end, disaggregation, disaggregation_key, value, weight, method_note,
    source, visibility, coalition_id, status, revision, created_at, updated_at)
SELECT gen_random_uuid(), $1, 1, organisation_id, country, 'S' || s, y::text, make_date(y, 1, 1), make_date(y, 12, 31),
       disaggregation, key,
       CASE WHEN key = '' THEN sum(v1) FILTER (WHERE key <> '') OVER (PARTITION BY o, y, s) + o % 3 ELSE v1 END,
       NULL, '', '',
       CASE WHEN v < 12 THEN 'public' WHEN v < 17 THEN 'coalition' ELSE 'private' END,
       CASE WHEN v BETWEEN 12 AND 16 THEN md5('coalition' || (o % 180))::uuid END,
       'final', 1, now(), now()
FROM cells
"""

# The naive queries: the same figures from the raw public observations of the indicator, each
# organisation counted once per country and year, at the largest sum of any family of breakdowns
# it reported (its total when it gave one; a family is which of the indicator's two dimensions
# it states), as the service's normalisation does; what its breakdown by sex leaves out is `_U`.
# A plain sum of every observation would count an organisation's total and its breakdowns both.
# (Every value of the data set is in a subdivision, so no country-level value replaces any.)
UNITS = r"""
WITH families AS (
    SELECT organisation_id, country, period, disaggregation ? 'sex' AS by_sex, disaggregation ? 'age_group' AS by_age, sum(value) AS fsum,
           sum(value) FILTER (WHERE disaggregation->>'sex' = 'female') AS female,
           sum(value) FILTER (WHERE disaggregation->>'sex' = 'male') AS male
    FROM metrics.observations
    WHERE indicator_code = $1 AND visibility = 'public' AND period ~ '^\d{4}$'
    GROUP BY organisation_id, country, period, by_sex, by_age
),
units AS (
    SELECT organisation_id, country, period, max(fsum) AS total, sum(female) AS female, sum(male) AS male
    FROM families GROUP BY organisation_id, country, period
)
"""
NAIVE_COUNTRY_YEAR = (
    f"{UNITS} SELECT country, period, sum(total) AS value, count(*) AS contributors FROM units GROUP BY country, period"
)
NAIVE_SEX_YEAR = f"""{UNITS}
SELECT period, sum(female) AS female, sum(male) AS male,
       sum(total - coalesce(female, 0) - coalesce(male, 0)) AS "_U"
FROM units GROUP BY period
"""


@dataclass
class Query:
    name: str
    params: dict[str, str]
    naive: str
    shape: str  # the roll-ups the service reads

    def expected(self, rows: list[Any]) -> dict[tuple[str, ...], Decimal]:
        """The naive figures by the service's cell key."""
        if self.shape == "":
            return {(r["country"], r["period"]): r["value"] for r in rows}
        return {(r["period"], sex): r[sex] for r in rows for sex in ("female", "male", "_U") if r[sex]}


QUERIES = [
    Query(
        "country by year (by=country,period, every country, every year)",
        {"indicator": CODE, "by": "country,period", "granularity": "year"},
        NAIVE_COUNTRY_YEAR,
        "",
    ),
    Query(
        "sex by year (by=period,sex, every country)",
        {"indicator": CODE, "by": "period,sex", "granularity": "year"},
        NAIVE_SEX_YEAR,
        "sex",
    ),
]


def organisations_for(observations: int) -> int:
    return max(1, round(observations / (INDICATORS * len(YEARS) * SUBDIVISIONS * PER_UNIT)))


def shape(organisations: int, countries: list[str]) -> str:
    """What the data set is made of: a new value means generating it again."""
    description = [GENERATE, organisations, countries, INDICATORS, list(YEARS), SUBDIVISIONS, PATTERNS]
    return hashlib.sha256(json.dumps(description).encode()).hexdigest()


async def _generate_indicators(connection: asyncpg.Connection, countries: list[str], organisations: int) -> None:
    slots = [i for i, (tenths, _) in enumerate(PATTERNS) for _ in range(tenths)]
    pattern_of = [i for i, (_, breakdowns) in enumerate(PATTERNS) for _ in breakdowns]
    keys = [key for _, breakdowns in PATTERNS for key in breakdowns]
    for i in range(INDICATORS):
        code = f"bench_agg_{i}"
        await adopt_counts(connection, [code])
        started = time.perf_counter()
        await connection.execute(
            GENERATE,
            code,
            countries,
            organisations,
            YEARS.start,
            YEARS.stop - 1,
            pattern_of,
            keys,
            len(countries),
            slots,
            i,
            SUBDIVISIONS,
        )
        print(f"  {code}: {time.perf_counter() - started:.0f} s", flush=True)


async def generate(dsn: dict, observations: int) -> tuple[int, int]:
    """The data set (kept while its shape is the same); returns (observations, organisations)."""
    connection = await asyncpg.connect(**dsn, command_timeout=BATCH_STATEMENT_SECONDS)
    try:
        organisations = organisations_for(observations)
        countries = [r["iso3"] for r in await connection.fetch("SELECT iso3 FROM directory.countries ORDER BY iso3")]
        countries = countries[:COUNTRIES]
        signature = shape(organisations, countries)
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS public.bench_datasets (name text PRIMARY KEY, shape text NOT NULL, "
            "observations bigint NOT NULL)"
        )
        kept = await connection.fetchrow(
            "SELECT shape, observations FROM public.bench_datasets WHERE name = $1", DATASET
        )
        have = await connection.fetchval(
            "SELECT count(*) FROM metrics.observations WHERE indicator_code LIKE 'bench_agg_%'"
        )
        if kept is not None and kept["shape"] == signature and kept["observations"] == have:
            return have, organisations
        print(f"generating about {observations:,} observations ({organisations:,} organisations) ...", flush=True)
        await connection.execute(
            "DELETE FROM metrics.rollup_changes WHERE indicator_code LIKE 'bench_agg_%';"
            "DELETE FROM metrics.rollups WHERE indicator_code LIKE 'bench_agg_%';"
            "DELETE FROM metrics.observations WHERE indicator_code LIKE 'bench_agg_%';"
            "DELETE FROM public.bench_datasets WHERE name = 'aggregates'"
        )
        await _generate_indicators(connection, countries, organisations)
        have = await connection.fetchval(
            "SELECT count(*) FROM metrics.observations WHERE indicator_code LIKE 'bench_agg_%'"
        )
        await connection.execute(
            "INSERT INTO public.bench_datasets (name, shape, observations) VALUES ($1, $2, $3)",
            DATASET,
            signature,
            have,
        )
        await connection.execute("VACUUM ANALYZE metrics.observations")
        return have, organisations
    finally:
        await connection.close()


async def refresh_everything(database_url: str, dsn: dict, again: bool) -> tuple[float | None, int, int]:
    """Every key of the data set marked, then refreshed as the worker does; returns the seconds
    (None when the roll-ups of an earlier run were current and `again` is false), the keys and
    the roll-ups made."""
    connection = await asyncpg.connect(**dsn)
    current = await connection.fetchval(
        "SELECT EXISTS (SELECT 1 FROM metrics.rollups WHERE indicator_code LIKE 'bench_agg_%') "
        "AND NOT EXISTS (SELECT 1 FROM metrics.rollup_changes WHERE indicator_code LIKE 'bench_agg_%')"
    )
    if current and not again:  # kept from an earlier run of the same data set
        made = await connection.fetchval("SELECT count(*) FROM metrics.rollups WHERE indicator_code LIKE 'bench_agg_%'")
        await connection.close()
        return None, 0, made
    await connection.execute(
        "INSERT INTO metrics.rollup_changes (indicator_code, period, country) "
        "SELECT DISTINCT indicator_code, period, country FROM metrics.observations "
        "WHERE indicator_code LIKE 'bench_agg_%' ON CONFLICT DO NOTHING"
    )
    engine = create_engine(database_url, SCHEMA, command_timeout=BATCH_STATEMENT_SECONDS)
    started = time.perf_counter()
    keys = await rollups.refresh_all(create_sessionmaker(engine))
    elapsed = time.perf_counter() - started
    await engine.dispose()
    made = await connection.fetchval("SELECT count(*) FROM metrics.rollups WHERE indicator_code LIKE 'bench_agg_%'")
    await connection.execute("VACUUM ANALYZE metrics.rollups")
    await connection.close()
    return elapsed, keys, made


async def time_sql(
    dsn: dict, requests: int, statement: str, *args: Any, settings: tuple[str, ...] = ()
) -> tuple[list[float], list[Any]]:
    connection = await asyncpg.connect(**dsn)
    for setting in settings:
        await connection.execute(setting)
    samples, rows = [], []
    for i in range(requests + 5):
        started = time.perf_counter()
        rows = await connection.fetch(statement, *args)
        if i >= 5:
            samples.append(time.perf_counter() - started)
    await connection.close()
    return samples, rows


# As a refresh does: the indicator's kept answers no longer match what the figures come from.
MOVE_ON = (
    "INSERT INTO metrics.rollup_generations (indicator_code, seq) VALUES ($1, nextval('metrics.rollup_change_seq')) "
    "ON CONFLICT (indicator_code) DO UPDATE SET seq = EXCLUDED.seq"
)


async def time_service(
    url: str, query: Query, requests: int, *, signed: bool, cold: dict | None = None
) -> tuple[list[float], dict]:
    """`signed`: straight at the service, with the identity the gateway would assert; `cold`
    (a DSN): every request is the first after a change, computed again rather than kept."""
    samples, body = [], {}
    raw = urlencode(query.params)  # the signature covers the query
    changer = await asyncpg.connect(**cold) if cold else None
    async with aiohttp.ClientSession() as session:
        for i in range(requests + 5):
            if changer is not None:
                await changer.execute(MOVE_ON, CODE)
            started = time.perf_counter()
            headers = sign(Identity.anonymous(), secret=SECRET, method="GET", path=PATH, query=raw) if signed else {}
            async with session.get(URL(f"{url}{PATH}?{raw}", encoded=True), headers=headers) as response:
                body = await response.json()
                assert response.status == 200, body
            if i >= 5:
                samples.append(time.perf_counter() - started)
    if changer is not None:
        await changer.close()
    return samples, body


def agreement(query: Query, body: dict, naive: list[Any]) -> str:
    """Whether the service answered the naive figures: the same cells, each published one within
    the noise disclosure control adds (at most `relative` times the figure, at least the floor)."""
    expected = query.expected(naive)
    by = body["by"]
    cells = {tuple(c[b] for b in by): c for c in body["cells"]}
    rules = Rules()
    published = [(k, c) for k, c in cells.items() if c["status"] == "F"]
    close = sum(
        1
        for k, c in published
        if k in expected and abs(Decimal(c["value"]) - expected[k]) <= rules.relative * expected[k] + rules.floor + 1
    )
    same = "same cells" if set(cells) == set(expected) else f"DIFFERENT CELLS ({len(cells)} vs {len(expected)} naive)"
    return f"{same}; {close} of {len(published)} published within the noise of the naive figure"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--observations", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--refresh", action="store_true", help="refresh every roll-up even when an earlier run left them current"
    )
    args = parser.parse_args()
    results = []
    with database() as infra:
        dsn = asyncpg_dsn(infra.database_url)
        total, organisations = asyncio.run(generate(dsn, args.observations))
        print(f"roll-ups of {total:,} observations ...", flush=True)
        refresh_seconds, keys, made = asyncio.run(refresh_everything(infra.database_url, dsn, args.refresh))
        with serve(infra, "directory", "metrics", "gateway") as urls:
            for query in QUERIES:
                naive, naive_rows = asyncio.run(time_sql(dsn, args.requests, query.naive, CODE))
                timings = {
                    "naive GROUP BY (SQL only)": naive,
                    # The planner reads the whole table in parallel for the naive query; the index
                    # on (indicator, period, country) is much faster here (each indicator's rows
                    # were generated together): the naive query at its best, for comparison.
                    "naive, index scan forced": asyncio.run(
                        time_sql(dsn, args.requests, query.naive, CODE, settings=(NO_JIT, "SET enable_seqscan = off"))
                    )[0],
                    "service's roll-up read (SQL only)": asyncio.run(
                        time_sql(dsn, args.requests, PUBLIC, CODE, query.shape, 2, None, None, settings=(NO_JIT,))
                    )[0],
                }
                timings["metrics service, after a change"] = asyncio.run(
                    time_service(urls["metrics"], query, args.requests, signed=True, cold=dsn)
                )[0]
                timings["metrics service"], body = asyncio.run(
                    time_service(urls["metrics"], query, args.requests, signed=True)
                )
                timings["through gateway"] = asyncio.run(
                    time_service(urls["gateway"], query, args.requests, signed=False)
                )[0]
                results.append((query, timings, body, agreement(query, body, naive_rows)))
    refreshed = (
        f"refreshing every roll-up ({keys:,} keys, {made:,} roll-ups): {refresh_seconds:.1f} s "
        f"({total / refresh_seconds:,.0f} observations/s)"
        if refresh_seconds is not None
        else f"{made:,} roll-ups kept from an earlier run (--refresh times refreshing them)"
    )
    print(
        f"{total:,} observations by breakdown ({organisations:,} organisations, {INDICATORS} indicators); {refreshed}"
    )
    for query, timings, body, agreed in results:
        print(
            f"{query.name}: {len(body['cells'])} cells and {len(body['totals'])} totals, "
            f"{args.requests} requests one at a time ({agreed}):"
        )
        n50, n95 = percentiles(timings["naive GROUP BY (SQL only)"])
        for name, samples in timings.items():
            p50, p95 = percentiles(samples)
            print(
                f"  {name:36s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                f"({p50 / n50:.2f}x naive at p50, {p95 / n95:.2f}x naive at p95)"
            )


if __name__ == "__main__":
    main()
