import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.metrics.models.observations import Observation, ObservationRevision


async def get(session: AsyncSession, observation_id: uuid.UUID) -> Observation | None:
    return await session.get(Observation, observation_id)


async def by_natural_key(
    session: AsyncSession,
    *,
    indicator: str,
    organisation_id: uuid.UUID,
    country: str,
    subdivision: str,
    period: str,
    disaggregation_key: str,
) -> Observation | None:
    query = (
        select(Observation)
        .where(
            col(Observation.indicator_code) == indicator,
            col(Observation.organisation_id) == organisation_id,
            col(Observation.country) == country,
            col(Observation.subdivision) == subdivision,
            col(Observation.period) == period,
            col(Observation.disaggregation_key) == disaggregation_key,
        )
        .with_for_update()
    )
    return (await session.execute(query)).scalars().first()


async def of_organisation(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    *,
    indicator: str | None,
    country: str | None,
    after: uuid.UUID | None,
    limit: int,
) -> Sequence[Observation]:
    query = select(Observation).where(col(Observation.organisation_id) == organisation_id)
    if indicator:
        query = query.where(col(Observation.indicator_code) == indicator)
    if country:
        query = query.where(col(Observation.country) == country)
    if after:
        query = query.where(col(Observation.id) > after)
    return (await session.execute(query.order_by(col(Observation.id)).limit(limit))).scalars().all()


async def history(session: AsyncSession, observation_id: uuid.UUID) -> Sequence[ObservationRevision]:
    query = (
        select(ObservationRevision)
        .where(col(ObservationRevision.observation_id) == observation_id)
        .order_by(col(ObservationRevision.revision))
    )
    return (await session.execute(query)).scalars().all()
