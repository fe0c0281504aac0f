"""Objects of erased report forms, deleted from object storage for good. Their keys are written
in the transaction that erases the forms (`schedule`), the objects deleted once it commits
(`erase`), and whatever a failure leaves (object storage down, the process stopped between the
two) is deleted by the reports sweeper, which calls `erase` for every key still pending. Forms
kept in PostgreSQL need none of this: they go with their row's columns."""

import logging
from collections.abc import Collection

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from services.reports.models.runs import ObjectErasure
from services.reports.runs.artifacts import Artifacts
from shared.db import session_scope
from shared.errors import PEER_OUTAGES

log = logging.getLogger("hub.reports.erasures")
BATCH = 500


async def schedule(session: AsyncSession, keys: Collection[str]) -> None:
    """In the caller's transaction: these objects are to be deleted."""
    if keys:
        await session.execute(insert(ObjectErasure).values([{"key": k} for k in keys]).on_conflict_do_nothing())


async def erase(
    sessionmaker: async_sessionmaker[AsyncSession], artifacts: Artifacts, keys: Collection[str] | None = None
) -> int:
    """Deletes the pending objects among `keys` (every pending one when None, a batch at a time)
    and their rows; returns how many. While object storage is down, or with no bucket set, the
    rows stay for the next sweep."""
    if artifacts.s3 is None:
        return 0
    async with session_scope(sessionmaker) as session:
        query = select(ObjectErasure.key).order_by(col(ObjectErasure.requested_at)).limit(BATCH)
        if keys is not None:
            query = query.where(col(ObjectErasure.key).in_(list(keys)))
        pending = list(await session.scalars(query.with_for_update(skip_locked=True)))
        try:
            await artifacts.forget(pending)
        except PEER_OUTAGES as exc:
            log.warning("objects of erased forms not deleted yet; the sweeper retries", extra={"reason": exc.detail})
            return 0
        await session.execute(delete(ObjectErasure).where(col(ObjectErasure.key).in_(pending)))
    return len(pending)
