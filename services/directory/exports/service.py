"""Exports of the directory: CSV and JSON in our own shape (a CSV export imports back as is; its
cells never run as spreadsheet formulas, see shared/spreadsheets.py),
and JSON in the shape of the Open Referral Human Services Data Specification (HSDS 3.0, hsds/service.py)."""

import io
import json
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.directory.hsds import service as hsds
from services.directory.organisations import profile, repository
from shared import spreadsheets

BATCH = 1000


async def organisations(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[dict[str, Any]]:
    """Every organisation in the directory, by id, in batches (one session for the stream)."""
    async with sessionmaker() as session:
        after = None
        while True:
            rows = await repository.listed_after(session, after, BATCH)
            for row in rows:
                yield row
            if len(rows) < BATCH:
                return
            after = rows[-1]["id"]


async def as_csv(rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = spreadsheets.DictWriter(buffer, fieldnames=profile.EXPORTED, extrasaction="ignore")
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
        yield ("" if first else ",\n") + json.dumps({k: row[k] for k in profile.EXPORTED}, default=str)
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
