from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.models import SCHEMA
from services.directory.models.reference import ActionGroup, Country
from shared.db import raw_connection

# A public page every visitor's first screen asks for: SQL on the session's connection, as
# the search does, because building ORM objects cost more than the query (docs/performance.md).
COUNTRY_PAGE = f"""
SELECT iso3, iso2, m49, name, region, subregion, pathfinder, pathfinder_workshop_date,
       pathfinder_workshop_note, roadmap_adopted_on
FROM {SCHEMA}.countries
WHERE ($1::boolean IS NULL OR pathfinder = $1)
  AND ($2::text IS NULL OR region = $2)
  AND ($3::text IS NULL OR iso3 > $3)
ORDER BY iso3
LIMIT $4
"""


async def list_countries(
    session: AsyncSession,
    *,
    pathfinder: bool | None,
    region: str | None,
    after: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    connection = await raw_connection(session)
    return [dict(row) for row in await connection.fetch(COUNTRY_PAGE, pathfinder, region or None, after, limit)]


async def get_country(session: AsyncSession, iso3: str) -> Country | None:
    return await session.get(Country, iso3)


async def list_action_groups(session: AsyncSession) -> Sequence[ActionGroup]:
    return (await session.execute(select(ActionGroup).order_by(col(ActionGroup.name)))).scalars().all()


async def upsert(session: AsyncSession, model: type[Any], key: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert or update reference rows by their key, so loading twice changes nothing."""
    if not rows:
        return
    stmt = insert(model).values(rows)
    updates = {name: stmt.excluded[name] for name in rows[0] if name != key}
    await session.execute(stmt.on_conflict_do_update(index_elements=[key], set_=updates))
