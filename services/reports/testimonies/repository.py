import uuid
from collections.abc import Collection, Mapping, Sequence

from sqlalchemy import and_, false, literal, or_, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.reports.models import IdempotencyRecords
from services.reports.models.testimonies import Consent, Testimony


async def get(session: AsyncSession, testimony_id: uuid.UUID, *, for_update: bool = False) -> Testimony | None:
    return await session.get(Testimony, testimony_id, with_for_update=for_update)


def _page(query, after: Testimony | None, limit: int | None):
    if after is not None:
        query = query.where(
            tuple_(col(Testimony.created_at), col(Testimony.id)) > tuple_(literal(after.created_at), literal(after.id))
        )
    return query.order_by(col(Testimony.created_at), col(Testimony.id)).limit(limit)


async def of_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, *, after: Testimony | None, limit: int
) -> Sequence[Testimony]:
    query = select(Testimony).where(col(Testimony.organisation_id) == organisation_id)
    return (await session.execute(_page(query, after, limit))).scalars().all()


async def visible_in(
    session: AsyncSession,
    country: str,
    *,
    organisation_id: uuid.UUID | None,
    coalitions: Mapping[uuid.UUID, Collection[uuid.UUID]],
    after: Testimony | None = None,
    limit: int | None = None,
) -> Sequence[Testimony]:
    """A country's testimonies a reader may see: public ones, coalition ones shared with the
    coalitions given (those the reader's organisation is active in) by their members given, and
    the reader organisation's own. Never a withdrawn one."""
    allowed = [col(Testimony.consent) == Consent.public]
    for coalition_id, members in coalitions.items():
        allowed.append(
            and_(
                col(Testimony.consent) == Consent.coalition,
                col(Testimony.coalition_id) == coalition_id,
                col(Testimony.organisation_id).in_(list(members)),
            )
        )
    allowed.append(col(Testimony.organisation_id) == organisation_id if organisation_id else false())
    query = select(Testimony).where(
        col(Testimony.country) == country, col(Testimony.consent) != Consent.withdrawn, or_(*allowed)
    )
    return (await session.execute(_page(query, after, limit))).scalars().all()


async def still_public(session: AsyncSession, ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Those of the testimonies whose consent is still public, share-locked until commit: a
    consent change waits for the caller's transaction, or the caller sees the change."""
    if not ids:
        return set()
    query = (
        select(Testimony.id)
        .where(col(Testimony.id).in_(list(ids)), col(Testimony.consent) == Consent.public)
        .with_for_update(read=True)
    )
    return set((await session.execute(query)).scalars().all())


async def forget_kept_answers(session: AsyncSession, path: str) -> None:
    """The answers kept for retries of writes (shared/idempotency.py) that showed the testimony at
    `path`, by their `Location` or `Content-Location`, lose their body: a retry is told the write
    was applied, and given no words."""
    t = IdempotencyRecords
    showed = or_(*(t.c.headers.contains([[name, path]]) for name in ("location", "content-location")))
    await session.execute(update(t).where(showed, t.c.body.is_not(None)).values(body=None))
