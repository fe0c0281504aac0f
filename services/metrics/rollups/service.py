"""Keeping roll-ups fresh: refresh the changed keys in small transactions until none is left."""

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.metrics.jobs import ROLLUPS_PER_TRANSACTION
from services.metrics.rollups import repository as rollups
from shared.db import session_scope
from shared.errors import is_unavailable

log = logging.getLogger("hub.metrics.rollups")


async def refresh_all(
    sessionmaker: async_sessionmaker[AsyncSession], per_transaction: int = ROLLUPS_PER_TRANSACTION
) -> int:
    """A transaction whose refresh fails on an error of its own (not an outage) is rolled back
    and its keys are taken one at a time, so one key that cannot be refreshed holds back no
    other: it stays marked (its figures read from the observations, exact), goes to the back of
    the queue and is logged; the next refresh tries it again."""
    total = 0
    while True:
        try:
            async with session_scope(sessionmaker) as session:
                refreshed = await rollups.refresh(session, per_transaction)
            more = refreshed == per_transaction
        except Exception as exc:
            if is_unavailable(exc):
                raise
            log.exception("a refresh of roll-ups failed; its keys are refreshed one at a time")
            refreshed = await _one_at_a_time(sessionmaker, per_transaction)
            more = refreshed > 0
        total += refreshed
        if not more:
            break
    if total:
        log.info("roll-ups refreshed", extra={"keys": total})
    return total


async def _one_at_a_time(sessionmaker: async_sessionmaker[AsyncSession], limit: int) -> int:
    """Refresh the `limit` oldest keys each in its own transaction; a key that fails is deferred.
    Returns how many were refreshed."""
    async with session_scope(sessionmaker) as session:
        keys = await rollups.oldest(session, limit)
    refreshed = 0
    for key in keys:
        try:
            async with session_scope(sessionmaker) as session:
                refreshed += await rollups.refresh_keys(session, [key])
        except Exception as exc:
            if is_unavailable(exc):
                raise
            log.error(
                "roll-ups of a key cannot be refreshed; it stays marked",
                extra={"key": "/".join(key), "error": type(exc).__name__},
            )
            async with session_scope(sessionmaker) as session:
                await rollups.defer(session, key)
    return refreshed
