import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.reports.models import CountryBriefRun


async def get_run(session: AsyncSession, run_id: uuid.UUID, *, for_update: bool = False) -> CountryBriefRun | None:
    return await session.get(CountryBriefRun, run_id, with_for_update=for_update)
