from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics import repository
from services.metrics.models import Indicator


async def list_indicators(
    session: AsyncSession, *, cursor: str | None, limit: int
) -> tuple[Sequence[Indicator], str | None]:
    indicators = await repository.list_indicators(session, after=cursor, limit=limit + 1)
    next_cursor = indicators[limit - 1].code if len(indicators) > limit else None
    return indicators[:limit], next_cursor
