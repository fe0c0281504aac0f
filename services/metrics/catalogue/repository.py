from collections.abc import Iterable, Sequence

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.metrics.models.catalogue import Indicator, IndicatorComment, IndicatorEndorsement, IndicatorVersion
from services.metrics.vocabularies import IndicatorStatus


async def get(session: AsyncSession, code: str, *, for_update: bool = False) -> Indicator | None:
    return await session.get(Indicator, code, with_for_update=for_update)


async def version(session: AsyncSession, code: str, number: int) -> IndicatorVersion | None:
    return await session.get(IndicatorVersion, (code, number))


async def with_current_version(session: AsyncSession, code: str) -> tuple[Indicator, IndicatorVersion] | None:
    """The indicator and its current version, in one round trip (figures and observations ask
    for both on every request)."""
    query = (
        select(Indicator, IndicatorVersion)
        .join(
            IndicatorVersion,
            (col(IndicatorVersion.code) == col(Indicator.code))
            & (col(IndicatorVersion.version) == col(Indicator.current_version)),
        )
        .where(col(Indicator.code) == code)
    )
    row = (await session.execute(query)).first()
    return None if row is None else (row[0], row[1])


async def versions(session: AsyncSession, code: str) -> Sequence[IndicatorVersion]:
    query = select(IndicatorVersion).where(col(IndicatorVersion.code) == code).order_by(col(IndicatorVersion.version))
    return (await session.execute(query)).scalars().all()


async def listing(
    session: AsyncSession, *, statuses: Sequence[str], after: str | None = None, limit: int = 1, code: str | None = None
) -> Sequence[tuple[Indicator, IndicatorVersion, int]]:
    """Indicators with their current version and endorsement count, by code."""
    endorsements = (
        select(func.count())
        .where(col(IndicatorEndorsement.code) == col(Indicator.code))
        .correlate(Indicator)
        .scalar_subquery()
    )
    query = (
        select(Indicator, IndicatorVersion, endorsements)
        .join(
            IndicatorVersion,
            (col(IndicatorVersion.code) == col(Indicator.code))
            & (col(IndicatorVersion.version) == col(Indicator.current_version)),
        )
        .where(col(Indicator.status).in_(statuses))
        .order_by(col(Indicator.code))
        .limit(limit)
    )
    if after:
        query = query.where(col(Indicator.code) > after)
    if code:
        query = query.where(col(Indicator.code) == code)
    return [(i, v, n) for i, v, n in (await session.execute(query)).all()]


async def endorsement(session: AsyncSession, code: str, organisation_id: object) -> IndicatorEndorsement | None:
    return await session.get(IndicatorEndorsement, (code, organisation_id))


async def comments(session: AsyncSession, code: str) -> Sequence[IndicatorComment]:
    query = (
        select(IndicatorComment).where(col(IndicatorComment.code) == code).order_by(col(IndicatorComment.created_at))
    )
    return (await session.execute(query)).scalars().all()


async def units(session: AsyncSession) -> list[str]:
    """Every unit any version of any indicator has had."""
    query = select(IndicatorVersion.unit).distinct()
    return list((await session.execute(query)).scalars().all())


async def adopted_versions(session: AsyncSession, codes: Iterable[str]) -> Sequence[IndicatorVersion]:
    """The current versions of those of `codes` that are adopted."""
    rows = await session.execute(
        select(IndicatorVersion)
        .join(Indicator, (col(Indicator.code) == col(IndicatorVersion.code)))
        .where(
            col(Indicator.code).in_(list(codes)),
            col(Indicator.status) == IndicatorStatus.ADOPTED,
            col(IndicatorVersion.version) == col(Indicator.current_version),
        )
    )
    return rows.scalars().all()
