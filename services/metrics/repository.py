from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.metrics.models import Indicator


async def list_indicators(session: AsyncSession, *, after: str | None, limit: int) -> Sequence[Indicator]:
    query = select(Indicator).order_by(col(Indicator.code)).limit(limit)
    if after:
        query = query.where(col(Indicator.code) > after)
    return (await session.execute(query)).scalars().all()
