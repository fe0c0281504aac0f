"""Keeping roll-ups fresh: refresh the changed keys in small transactions until none is left."""

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.metrics.jobs import ROLLUPS_PER_TRANSACTION
from services.metrics.rollups import repository as rollups
from shared.db import session_scope

log = logging.getLogger("hub.metrics.rollups")


async def refresh_all(
    sessionmaker: async_sessionmaker[AsyncSession], per_transaction: int = ROLLUPS_PER_TRANSACTION
) -> int:
    total = 0
    while True:
        async with session_scope(sessionmaker) as session:
            refreshed = await rollups.refresh(session, per_transaction)
        total += refreshed
        if refreshed < per_transaction:
            break
    if total:
        log.info("roll-ups refreshed", extra={"keys": total})
    return total
