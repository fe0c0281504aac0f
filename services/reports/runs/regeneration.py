"""Consent withdrawn: published editions that quote the testimony must be regenerated."""

import uuid

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from services.reports.runs.models import ReportRun


async def mark_editions_using(session: AsyncSession, testimony_id: uuid.UUID, reason: str) -> int:
    """Mark the published report editions that quote the testimony for regeneration, giving
    `reason`; returns how many were marked. Runs in the caller's transaction. A marked edition
    is no longer served at its public address (it quotes someone who no longer consents)."""
    result = await session.execute(
        update(ReportRun)
        .where(ReportRun.workflow == "published", ReportRun.testimony_ids.any(testimony_id))  # type: ignore[attr-defined]
        .values(needs_regeneration=True, regeneration_reason=reason)
    )
    return result.rowcount or 0
