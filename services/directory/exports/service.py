"""Exports of the directory: CSV and JSON in our own shape (a CSV export imports back as is; its
cells never run as spreadsheet formulas, see shared/spreadsheets.py),
and JSON in the shape of the Open Referral Human Services Data Specification (HSDS 3.0, service/hsds.py)."""

import io
import json
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.directory.hsds import service as hsds
from services.directory.search.repository import COLUMNS, LISTED
from shared import spreadsheets
from shared.db import raw_connection

FIELDS = [
    c.strip() for c in COLUMNS.split(",") if c.strip() not in {"id", "status", "version", "created_at", "updated_at"}
]
BATCH = 1000


async def organisations(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[dict[str, Any]]:
    """Every organisation in the directory, by id, in batches (one session for the stream)."""
    async with sessionmaker() as session:
        conn = await raw_connection(session)
        after = None
        while True:
            rows = await conn.fetch(
                f"SELECT {COLUMNS} FROM directory.organisations o WHERE {LISTED} "
                "AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2",
                after,
                BATCH,
            )
            for row in rows:
                yield dict(row)
            if len(rows) < BATCH:
                return
            after = rows[-1]["id"]


async def as_csv(rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = spreadsheets.DictWriter(buffer, fieldnames=["id", *FIELDS], extrasaction="ignore")
    writer.writeheader()
    async for row in rows:
        writer.writerow({k: ";".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()})
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


async def as_json(rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    yield "["
    first = True
    async for row in rows:
        yield ("" if first else ",\n") + json.dumps({k: row[k] for k in ["id", *FIELDS]}, default=str)
        first = False
    yield "]\n"


async def as_hsds(rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    """Every organisation as one HSDS API page (fully nested organizations); the counts come
    after the contents, once they are known."""
    yield '{"contents": ['
    count = 0
    async for row in rows:
        yield ("" if not count else ",\n") + json.dumps(hsds.organization(row))
        count += 1
    counts = hsds.page_counts(total=count, number=1, per_page=max(count, 1), size=count)
    yield "],\n" + json.dumps(counts)[1:] + "\n"
