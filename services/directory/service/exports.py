"""Exports of the directory: CSV and JSON in our own shape (a CSV export imports back as is; its
cells never run as spreadsheet formulas, see shared/spreadsheets.py),
and JSON in the shape of the Open Referral Human Services Data Specification (HSDS 3.0)."""

import io
import json
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.directory import vocabularies
from services.directory.repository.search import COLUMNS
from shared import spreadsheets
from shared.db import raw_connection

FIELDS = [c.strip() for c in COLUMNS.split(",") if c.strip() not in {"id", "version", "created_at", "updated_at"}]
BATCH = 1000


async def organisations(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[dict[str, Any]]:
    """Every organisation in the directory, by id, in batches (one session for the stream)."""
    async with sessionmaker() as session:
        conn = await raw_connection(session)
        after = None
        while True:
            rows = await conn.fetch(
                f"SELECT {COLUMNS} FROM directory.organisations WHERE deleted_at IS NULL "
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


def hsds(row: dict[str, Any]) -> dict[str, Any]:
    """One organisation as an HSDS organization with its services and service areas."""
    org_id = str(row["id"])
    services = [
        {
            "id": f"{org_id}:{intervention}",
            "organization_id": org_id,
            "name": vocabularies.INTERVENTIONS[intervention],
            "description": "Against " + ", ".join(vocabularies.FORMS[f].lower() for f in row["forms"])
            if row["forms"]
            else "",
            "status": "active",
            "languages": [{"code": code} for code in row["languages"]],
            "service_areas": [{"extent_type": "country", "name": country} for country in row["countries"]],
        }
        for intervention in row["interventions"]
    ]
    return {
        "id": org_id,
        "name": row["name"],
        "alternate_name": row["acronym"],
        "description": row["description"],
        "email": row["contact_email"],
        "website": row["website"],
        "phones": [{"number": row["contact_phone"]}] if row["contact_phone"] else [],
        "identifiers": [{"identifier_scheme": "external_id", "identifier": row["external_id"]}]
        if row["external_id"]
        else [],
        "services": services,
    }


async def as_hsds(rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    yield '{"hsds_version": "3.0", "organizations": ['
    first = True
    async for row in rows:
        yield ("" if first else ",\n") + json.dumps(hsds(row))
        first = False
    yield "]}\n"
