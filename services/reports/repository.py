import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.reports.models import CountryBriefRun, RunStatus


async def get_run(session: AsyncSession, run_id: uuid.UUID, *, for_update: bool = False) -> CountryBriefRun | None:
    return await session.get(CountryBriefRun, run_id, with_for_update=for_update)


async def unfinished_run_ids(
    session: AsyncSession, *, queued_before: datetime, running_before: datetime, limit: int = 1000
) -> Sequence[uuid.UUID]:
    query = (
        select(CountryBriefRun.id)
        .where(
            or_(
                and_(col(CountryBriefRun.status) == RunStatus.queued, col(CountryBriefRun.updated_at) < queued_before),
                and_(
                    col(CountryBriefRun.status) == RunStatus.running, col(CountryBriefRun.updated_at) < running_before
                ),
            )
        )
        .order_by(col(CountryBriefRun.updated_at))
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()
