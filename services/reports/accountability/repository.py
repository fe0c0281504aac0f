import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, literal, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.reports.document import MILESTONES
from services.reports.models.accountability import Assessment, Commitment, Consolidation

RANK = {milestone: rank for rank, milestone in enumerate(MILESTONES)}


def _order() -> tuple[Any, ...]:
    """Milestone order, then created order (the id breaks ties): the report's order."""
    return (case(RANK, value=col(Commitment.milestone)), col(Commitment.created_at), col(Commitment.id))


async def get_commitment(
    session: AsyncSession, commitment_id: uuid.UUID, *, for_update: bool = False
) -> Commitment | None:
    # A lock reads the row again: the route's access rule may have loaded it unlocked.
    return await session.get(Commitment, commitment_id, with_for_update=for_update, populate_existing=for_update)


async def commitments(
    session: AsyncSession,
    country: str,
    *,
    milestones: Sequence[str] = (),
    after: Commitment | None = None,
    limit: int | None = None,
) -> Sequence[Commitment]:
    """A country's commitments in report order, not deleted, after `after` when given."""
    query = select(Commitment).where(col(Commitment.country) == country, col(Commitment.deleted_at).is_(None))
    if milestones:
        query = query.where(col(Commitment.milestone).in_(milestones))
    if after is not None:
        position = (literal(RANK[after.milestone]), literal(after.created_at), literal(after.id))
        query = query.where(tuple_(*_order()) > tuple_(*position))
    query = query.order_by(*_order()).limit(limit)
    return (await session.execute(query)).scalars().all()


async def get_assessment(
    session: AsyncSession, commitment_id: uuid.UUID, organisation_id: uuid.UUID
) -> Assessment | None:
    return await session.get(Assessment, (commitment_id, organisation_id))


async def assessments(session: AsyncSession, commitment_ids: Sequence[uuid.UUID]) -> Sequence[Assessment]:
    if not commitment_ids:
        return []
    query = (
        select(Assessment)
        .where(col(Assessment.commitment_id).in_(commitment_ids))
        .order_by(col(Assessment.created_at), col(Assessment.organisation_id))
    )
    return (await session.execute(query)).scalars().all()


async def get_consolidation(
    session: AsyncSession, commitment_id: uuid.UUID, coalition_id: uuid.UUID
) -> Consolidation | None:
    return await session.get(Consolidation, (commitment_id, coalition_id))


async def consolidations(
    session: AsyncSession, coalition_id: uuid.UUID, commitment_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Consolidation]:
    if not commitment_ids:
        return {}
    query = select(Consolidation).where(
        col(Consolidation.coalition_id) == coalition_id, col(Consolidation.commitment_id).in_(commitment_ids)
    )
    return {c.commitment_id: c for c in (await session.execute(query)).scalars().all()}


async def assessing_organisations(session: AsyncSession, country: str) -> list[uuid.UUID]:
    query = (
        select(Assessment.organisation_id)
        .join(Commitment, col(Commitment.id) == col(Assessment.commitment_id))
        .where(col(Commitment.country) == country, col(Commitment.deleted_at).is_(None))
        .distinct()
        .order_by(col(Assessment.organisation_id))
    )
    return list((await session.execute(query)).scalars().all())
