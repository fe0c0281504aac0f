"""Back-office services organisations share: offers and needs, and the pairs that fit."""

import uuid
from collections.abc import Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.directory.organisations.models import Organisation
from services.directory.organisations.service import get_organisation
from services.directory.shared_services.models import SharedService
from services.directory.shared_services.schemas import SharedServiceCreate
from shared.db import utcnow
from shared.errors import NotFound

MAX_MATCHES = 200


async def add(session: AsyncSession, organisation_id: uuid.UUID, data: SharedServiceCreate) -> SharedService:
    await get_organisation(session, organisation_id)
    entry = SharedService(organisation_id=organisation_id, **data.model_dump())
    session.add(entry)
    await session.flush()
    return entry


async def list_for(session: AsyncSession, organisation_id: uuid.UUID) -> Sequence[SharedService]:
    await get_organisation(session, organisation_id)
    query = (
        select(SharedService)
        .where(SharedService.organisation_id == organisation_id, SharedService.deleted_at.is_(None))
        .order_by(SharedService.created_at)
    )
    return (await session.execute(query)).scalars().all()


async def remove(session: AsyncSession, organisation_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    entry = await session.get(SharedService, entry_id)
    if entry is None or entry.organisation_id != organisation_id or entry.deleted_at is not None:
        raise NotFound(f"No shared service {entry_id} for organisation {organisation_id}.")
    entry.deleted_at = utcnow()
    await session.flush()


async def matches(
    session: AsyncSession, service_type: str | None, country: str | None
) -> list[tuple[SharedService, SharedService, list[str]]]:
    """Needs paired with offers of the same type from another organisation, where the offer's
    countries meet the need's (an empty list means anywhere)."""
    need, offer = aliased(SharedService), aliased(SharedService)
    need_org, offer_org = aliased(Organisation), aliased(Organisation)
    query = (
        select(need, offer)
        .join(
            offer,
            and_(
                offer.service_type == need.service_type,
                offer.direction == "offer",
                offer.organisation_id != need.organisation_id,
                offer.deleted_at.is_(None),
            ),
        )
        .join(
            need_org,
            and_(need_org.id == need.organisation_id, need_org.deleted_at.is_(None), need_org.status == "active"),
        )
        .join(
            offer_org,
            and_(offer_org.id == offer.organisation_id, offer_org.deleted_at.is_(None), offer_org.status == "active"),
        )
        .where(
            need.direction == "need",
            need.deleted_at.is_(None),
            or_(
                func.cardinality(offer.countries) == 0,
                func.cardinality(need.countries) == 0,
                offer.countries.overlap(need.countries),
            ),
        )
        .order_by(need.created_at, offer.created_at)
        .limit(MAX_MATCHES)
    )
    if service_type:
        query = query.where(need.service_type == service_type)
    if country:
        query = query.where(or_(func.cardinality(need.countries) == 0, need.countries.any(country)))
    pairs = []
    for n, o in (await session.execute(query)).all():
        where = (
            sorted(set(n.countries) & set(o.countries))
            if n.countries and o.countries
            else sorted(n.countries or o.countries)
        )
        pairs.append((n, o, where))
    return pairs
