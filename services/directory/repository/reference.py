from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.models import ActionGroup, Country


async def list_countries(
    session: AsyncSession,
    *,
    pathfinder: bool | None,
    region: str | None,
    after: str | None,
    limit: int,
) -> Sequence[Country]:
    query = select(Country).order_by(col(Country.iso3)).limit(limit)
    if pathfinder is not None:
        query = query.where(col(Country.pathfinder).is_(pathfinder))
    if region:
        query = query.where(col(Country.region) == region)
    if after:
        query = query.where(col(Country.iso3) > after)
    return (await session.execute(query)).scalars().all()


async def get_country(session: AsyncSession, iso3: str) -> Country | None:
    return await session.get(Country, iso3)


async def list_action_groups(session: AsyncSession) -> Sequence[ActionGroup]:
    return (await session.execute(select(ActionGroup).order_by(col(ActionGroup.name)))).scalars().all()


async def upsert(session: AsyncSession, model: type[Any], key: str, rows: list[dict[str, Any]]) -> None:
    """Insert or update reference rows by their key, so loading twice changes nothing."""
    if not rows:
        return
    stmt = insert(model).values(rows)
    updates = {name: stmt.excluded[name] for name in rows[0] if name != key}
    await session.execute(stmt.on_conflict_do_update(index_elements=[key], set_=updates))
