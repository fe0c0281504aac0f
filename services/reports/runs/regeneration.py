"""Consent withdrawn or narrowed: published editions that quote the testimony must be regenerated."""

import uuid

from sqlalchemy import any_, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.reports.runs import events
from services.reports.runs.models import ReportRun
from services.reports.webhooks import service as webhooks


async def mark_editions_using(session: AsyncSession, testimony_id: uuid.UUID, reason: str) -> list[uuid.UUID]:
    """Mark the published report editions that quote the testimony for regeneration, giving
    `reason`, and announce each as `report.regeneration_needed`; runs in the caller's transaction
    and returns the webhook deliveries for `webhooks.enqueue()` after commit. A marked edition is
    no longer served at its public address (it quotes someone who no longer consents)."""
    marked = await session.scalars(
        update(ReportRun)
        .where(ReportRun.workflow == "published", testimony_id == any_(ReportRun.testimony_ids))
        .values(needs_regeneration=True, regeneration_reason=reason)
        .returning(ReportRun)
    )
    deliveries: list[uuid.UUID] = []
    for run in marked.all():
        # The edition was public, so every subscriber may learn that it is withdrawn (not why in detail).
        deliveries += await webhooks.emit(session, "report.regeneration_needed", events.payload(run), None)
    return deliveries
