"""Bulk ingest of 1,000,000 observations (one CSV file, as the batch job applies it: COPY into
staging, every row checked, one upsert with revisions and roll-up marks) against a bare COPY of
the same file into an empty table, in the same run. Prints rows per second and the ratio.

More baselines show what storing alone costs, for the same rows already checked and typed: a
bare COPY of them into a table with the columns and indexes of `metrics.observations` (the
floor the goal is stated against), one plain INSERT into `metrics.observations` itself (no
checks, revisions or roll-up marks; rolled back), and into a table with no index at all.

    .venv/bin/python bench/ingest.py [--rows 1000000]

Uses DATABASE_URL / REDIS_URL when set, embedded servers under var/bench otherwise. The
directory runs as a real process (the batch asks it for countries and memberships)."""

import argparse
import asyncio
import io
import sys
import time
import uuid
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import SECRET, adopt_counts, database, serve  # noqa: E402
from services.metrics.batches import files, repository  # noqa: E402
from services.metrics.batches import service as batches  # noqa: E402
from services.metrics.clients import DirectoryClient  # noqa: E402
from services.metrics.jobs import BATCH_STATEMENT_SECONDS  # noqa: E402
from services.metrics.models import SCHEMA  # noqa: E402
from services.metrics.models.batches import Batch  # noqa: E402
from shared.db import asyncpg_dsn, create_engine, create_sessionmaker, session_scope  # noqa: E402
from shared.http import IdentitySigner, create_client  # noqa: E402

# Each country's alpha-2 code, which begins its subdivisions' codes (`NP-S0`).
COUNTRIES = {
    "NPL": "NP",
    "BGD": "BD",
    "IND": "IN",
    "PAK": "PK",
    "LKA": "LK",
    "NGA": "NG",
    "GHA": "GH",
    "UGA": "UG",
    "TZA": "TZ",
    "KEN": "KE",
}
BREAKDOWNS = ["", "sex=female", "sex=male", "age_group=child", "age_group=adult"]
INDICATORS = [f"bench_ingest_{i}" for i in range(10)]
# Periods an observation may be of (from 2000 to next year): each year, its quarters and its months.
YEARS = range(2000, 2025)
PERIODS = [
    *(str(y) for y in YEARS),
    *(f"{y}-Q{q}" for y in YEARS for q in range(1, 5)),
    *(f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)),
]


def make_csv(rows: int) -> bytes:
    """Distinct natural keys: indicator x country x period x subdivision x breakdown."""
    out = io.StringIO()
    out.write("indicator,country,subdivision,period,value,disaggregation,visibility,status\n")
    n = 0
    for code in INDICATORS:
        for country, alpha2 in COUNTRIES.items():
            for period in PERIODS:
                for sub in range(20):
                    for breakdown in BREAKDOWNS:
                        value = (n * 7) % 1000
                        out.write(f"{code},{country},{alpha2}-S{sub},{period},{value},{breakdown},public,final\n")
                        n += 1
                        if n == rows:
                            return out.getvalue().encode()
    raise ValueError("too many rows for the key space")


async def prepare(dsn: dict) -> None:
    connection = await asyncpg.connect(**dsn)
    try:
        await adopt_counts(connection, INDICATORS)
        await connection.execute(
            "DELETE FROM metrics.observation_revisions r USING metrics.observations o "
            "WHERE r.observation_id = o.id AND o.indicator_code LIKE 'bench_ingest_%'"
        )
        await connection.execute("DELETE FROM metrics.observations WHERE indicator_code LIKE 'bench_ingest_%'")
        await connection.execute("DELETE FROM metrics.batches WHERE format = 'csv' AND rows > 10000")
    finally:
        await connection.close()


async def settle(dsn: dict) -> None:
    """Every measure starts from the same state: dead rows of earlier runs (deleted or rolled
    back) vacuumed away, and dirty pages written out by a checkpoint rather than during the run."""
    connection = await asyncpg.connect(**dsn)
    try:
        await connection.execute("VACUUM ANALYZE metrics.observations, metrics.observation_revisions")
        await connection.execute("CHECKPOINT")
    finally:
        await connection.close()


async def bare_copy(dsn: dict, content: bytes) -> float:
    connection = await asyncpg.connect(**dsn)
    try:
        columns = ", ".join(f"{c} text" for c in files.csv_header(content))
        await connection.execute(f"DROP TABLE IF EXISTS public.bench_copy; CREATE TABLE public.bench_copy ({columns})")
        started = time.perf_counter()
        await connection.copy_to_table("bench_copy", source=io.BytesIO(content), format="csv", header=True)
        elapsed = time.perf_counter() - started
        await connection.execute("DROP TABLE public.bench_copy")
        return elapsed
    finally:
        await connection.close()


ORGANISATION = uuid.UUID("00000000-0000-4000-8000-00000000be9c")


STORED = [
    *("id indicator_code indicator_version organisation_id country subdivision period period_start period_end").split(),
    *("disaggregation disaggregation_key value weight method_note source visibility coalition_id status").split(),
    *("revision created_at updated_at").split(),
]
# The rows as a batch stores them, from the staged and cleaned file.
STORED_ROWS = f"""
SELECT {repository.NEW_ID}, indicator, version, $1::uuid, country, subdivision, period, period_start, period_end, pairs,
       key, value_n, weight_n, method_note, source, visibility, coalition_n, status, 1, now(), now()
FROM batch_clean c
"""


def store_statement(table: str) -> str:
    return f"INSERT INTO {table} ({', '.join(STORED)}) {STORED_ROWS}"


async def indexed_copy(dsn: dict, content: bytes) -> float:
    """A bare COPY of the checked, typed rows into a table with the columns and indexes of
    `metrics.observations` (no triggers, checks, revisions or roll-up marks; rolled back)."""
    connection = await asyncpg.connect(**dsn)
    transaction = connection.transaction()
    await transaction.start()
    try:
        await repository.stage(connection, "csv", content)
        await connection.execute(repository.CLEAN)
        rows = io.BytesIO()
        await connection.copy_from_query(STORED_ROWS, uuid.uuid4(), output=rows, format="binary")
        rows.seek(0)
        await connection.execute("CREATE TABLE public.bench_indexed (LIKE metrics.observations INCLUDING ALL)")
        await connection.execute("CHECKPOINT")
        started = time.perf_counter()
        await connection.copy_to_table(
            "bench_indexed", schema_name="public", source=rows, columns=STORED, format="binary"
        )
        return time.perf_counter() - started
    finally:
        await transaction.rollback()
        await connection.close()


async def store_only(dsn: dict, content: bytes, *, indexed: bool) -> float:
    connection = await asyncpg.connect(**dsn)
    transaction = connection.transaction()
    await transaction.start()
    try:
        table = "metrics.observations"
        if not indexed:
            table = "public.bench_unindexed"
            await connection.execute(f"CREATE TABLE {table} (LIKE metrics.observations INCLUDING DEFAULTS)")
        await repository.stage(connection, "csv", content)
        await connection.execute(repository.CLEAN)
        await connection.execute("CHECKPOINT")
        started = time.perf_counter()
        await connection.execute(store_statement(table), uuid.uuid4())
        return time.perf_counter() - started
    finally:
        await transaction.rollback()
        await connection.close()


async def ingest(database_url: str, directory_url: str, content: bytes) -> tuple[float, Batch]:
    engine = create_engine(database_url, SCHEMA, command_timeout=BATCH_STATEMENT_SECONDS)
    sessionmaker = create_sessionmaker(engine)
    http = create_client(directory_url, signer=IdentitySigner.for_service(SECRET, "metrics"), timeout=30)
    try:
        async with session_scope(sessionmaker) as session:
            batch = Batch(organisation_id=ORGANISATION, content_sha256=uuid.uuid4().hex, format="csv", content=content)
            session.add(batch)
        started = time.perf_counter()
        status = await batches.run(sessionmaker, DirectoryClient(http), batch.id, heartbeat_seconds=30)
        elapsed = time.perf_counter() - started
        async with session_scope(sessionmaker) as session:
            done = await session.get(Batch, batch.id)
        assert status == "applied" and done is not None, (status, done and done.errors[:3])
        return elapsed, done
    finally:
        await http.aclose()
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    content = make_csv(args.rows)
    print(f"{args.rows:,} rows, {len(content) / 1e6:.1f} MB of CSV")
    with database() as infra, serve(infra, "directory") as urls:
        dsn = asyncpg_dsn(infra.database_url)
        asyncio.run(prepare(dsn))
        asyncio.run(settle(dsn))
        copy_seconds = asyncio.run(bare_copy(dsn, content))
        asyncio.run(settle(dsn))
        indexed_copy_seconds = asyncio.run(indexed_copy(dsn, content))
        unindexed_seconds = asyncio.run(store_only(dsn, content, indexed=False))
        store_seconds = asyncio.run(store_only(dsn, content, indexed=True))
        asyncio.run(settle(dsn))
        first, batch = asyncio.run(ingest(infra.database_url, urls["directory"], content))
        asyncio.run(settle(dsn))
        again, repeat = asyncio.run(ingest(infra.database_url, urls["directory"], content))
    print(f"bare COPY into an empty table: {copy_seconds:6.2f} s  {args.rows / copy_seconds:10,.0f} rows/s")
    print(
        f"COPY, typed rows, 4 indexes:   {indexed_copy_seconds:6.2f} s  {args.rows / indexed_copy_seconds:10,.0f} rows/s  "
        f"{indexed_copy_seconds / copy_seconds:.2f}x COPY"
    )
    print(
        f"INSERT, no index (no checks):  {unindexed_seconds:6.2f} s  {args.rows / unindexed_seconds:10,.0f} rows/s  "
        f"{unindexed_seconds / copy_seconds:.2f}x COPY"
    )
    print(
        f"INSERT, with its 4 indexes:    {store_seconds:6.2f} s  {args.rows / store_seconds:10,.0f} rows/s  "
        f"{store_seconds / copy_seconds:.2f}x COPY"
    )
    print(
        f"batch, new observations:       {first:6.2f} s  {args.rows / first:10,.0f} rows/s  "
        f"{first / copy_seconds:.2f}x COPY  {first / indexed_copy_seconds:.2f}x indexed COPY  (created {batch.created:,})"
    )
    print(
        f"batch, same file again:        {again:6.2f} s  {args.rows / again:10,.0f} rows/s  "
        f"{again / copy_seconds:.2f}x COPY  (unchanged {repeat.unchanged:,})"
    )


if __name__ == "__main__":
    main()
