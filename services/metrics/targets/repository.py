from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.metrics.models.targets import Target


async def get(
    session: AsyncSession, indicator: str, country: str, *, for_update: bool = False, fresh: bool = False
) -> Target | None:
    """`fresh`: read the row again even if the session holds it (another transaction wrote it)."""
    return await session.get(Target, (indicator, country), with_for_update=for_update, populate_existing=fresh)


async def listing(session: AsyncSession, indicator: str | None, country: str | None) -> Sequence[Target]:
    query = select(Target).order_by(col(Target.indicator_code), col(Target.country))
    if indicator:
        query = query.where(col(Target.indicator_code) == indicator)
    if country:
        query = query.where(col(Target.country) == country)
    return (await session.execute(query)).scalars().all()


async def keys(session: AsyncSession) -> set[tuple[str, str]]:
    """(indicator, country) of every target."""
    rows = await session.execute(select(col(Target.indicator_code), col(Target.country)))
    return {(row[0], row[1]) for row in rows}
