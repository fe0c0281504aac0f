"""Deliveries whose audience waits for the directory. `report.completed` and `report.failed` name
a draft, so they reach an organisation only if it may read the run when they are delivered: an
active member of the run's coalition. The delivery's job asks the directory before the first
attempt; while the directory cannot say, the delivery waits, hidden from the organisation, and
is given up (deleted, nothing sent) once its event is older than the service's peer patience."""

import logging
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.reports.clients import DirectoryClient
from services.reports.webhooks import repository
from shared.db import session_scope, utcnow
from shared.errors import PEER_OUTAGES

log = logging.getLogger("hub.reports.webhooks")


async def settle(
    sessionmaker: async_sessionmaker[AsyncSession],
    directory: DirectoryClient,
    delivery_id: uuid.UUID,
    *,
    patience_seconds: int,
) -> bool:
    """Whether the delivery may be attempted: any delivery without a condition, or one whose
    organisation is an active member of its coalition now (the condition is then cleared). One
    whose organisation is not is deleted. Raises the directory's outage while the event is
    younger than `patience_seconds`; after that, the delivery is deleted too."""
    async with session_scope(sessionmaker) as session:
        found = await repository.held(session, delivery_id)
    if found is None:
        return True
    coalition_id, organisation_id, occurred_at = found
    try:
        send = coalition_id in await directory.active_coalitions(organisation_id)
    except PEER_OUTAGES:
        if utcnow() - occurred_at <= timedelta(seconds=patience_seconds):
            raise
        log.warning(
            "webhook delivery given up: the directory did not say in time whether its organisation may receive it",
            extra={"delivery_id": str(delivery_id), "patience_seconds": patience_seconds},
        )
        send = False
    async with session_scope(sessionmaker) as session:
        await repository.decide(session, delivery_id, send=send)
    return send
