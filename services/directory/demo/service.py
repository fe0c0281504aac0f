"""Loading the generated demo data set (`hub seed demo`): replaces any earlier demo data, keeps
everything else."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.demo import repository
from services.directory.demo.generate import DemoSet


async def load_demo(session: AsyncSession, demo: DemoSet) -> list[uuid.UUID]:
    """Returns the ids of the demo organisations replaced (their figures go too, see hub/migrate.py)."""
    earlier = await repository.delete_demo(session)
    await repository.copy_demo(session, demo.organisations, demo.coalitions, demo.memberships)
    return earlier
