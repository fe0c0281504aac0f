"""Removing earlier demo data: observations by source and organisation, targets by note."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import raw_connection

DELETE_REVISIONS = """
DELETE FROM metrics.observation_revisions r USING metrics.observations o
WHERE r.observation_id = o.id AND o.source = $1 AND o.organisation_id = ANY($2::uuid[])
"""
DELETE_OBSERVATIONS = """
DELETE FROM metrics.observations WHERE source = $1 AND organisation_id = ANY($2::uuid[])
RETURNING indicator_code, period, country
"""
DELETE_TARGETS = "DELETE FROM metrics.targets WHERE starts_with(note, $1)"


async def remove_observations(
    session: AsyncSession, source: str, organisations: Sequence[uuid.UUID]
) -> list[tuple[str, str, str]]:
    """Remove the observations (and their revisions) of these organisations with this source;
    returns their (indicator, period, country)."""
    connection = await raw_connection(session)
    await connection.execute(DELETE_REVISIONS, source, organisations)
    removed = await connection.fetch(DELETE_OBSERVATIONS, source, organisations)
    return [(r["indicator_code"], r["period"], r["country"]) for r in removed]


async def remove_targets(session: AsyncSession, note_prefix: str) -> None:
    await (await raw_connection(session)).execute(DELETE_TARGETS, note_prefix)
