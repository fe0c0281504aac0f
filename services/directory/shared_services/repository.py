import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, any_, func, literal, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased
from sqlmodel import col, select

from services.directory.models.organisations import Organisation
from services.directory.models.shared_services import SharedService
from services.directory.statuses import OrganisationStatus


async def list_for(session: AsyncSession, organisation_id: uuid.UUID) -> Sequence[SharedService]:
    """The organisation's offers and needs not withdrawn, oldest first."""
    query = (
        select(SharedService)
        .where(col(SharedService.organisation_id) == organisation_id, col(SharedService.deleted_at).is_(None))
        .order_by(col(SharedService.created_at))
    )
    return (await session.execute(query)).scalars().all()


async def get(session: AsyncSession, entry_id: uuid.UUID, *, for_update: bool = False) -> SharedService | None:
    """`for_update`: its row locked until the transaction ends and read afresh, for a write that
    checks it first."""
    return await session.get(SharedService, entry_id, with_for_update=for_update, populate_existing=for_update)


async def matches(
    session: AsyncSession, service_type: str | None, country: str | None, limit: int
) -> Sequence[tuple[SharedService, SharedService]]:
    """Needs paired with offers of the same type from another listed organisation, where the
    offer's countries meet the need's (an empty list means anywhere)."""
    need, offer = aliased(SharedService), aliased(SharedService)
    need_org, offer_org = aliased(Organisation), aliased(Organisation)
    need_countries, offer_countries = col(need.countries), col(offer.countries)
    query = (
        select(need, offer)
        .join(
            offer,
            and_(
                col(offer.service_type) == col(need.service_type),
                col(offer.direction) == "offer",
                col(offer.organisation_id) != col(need.organisation_id),
                col(offer.deleted_at).is_(None),
            ),
        )
        .join(need_org, _listed(need_org, col(need.organisation_id)))
        .join(offer_org, _listed(offer_org, col(offer.organisation_id)))
        .where(
            col(need.direction) == "need",
            col(need.deleted_at).is_(None),
            or_(
                func.cardinality(offer_countries) == 0,
                func.cardinality(need_countries) == 0,
                offer_countries.op("&&")(need_countries),
            ),
        )
        .order_by(col(need.created_at), col(offer.created_at))
        .limit(limit)
    )
    if service_type:
        query = query.where(col(need.service_type) == service_type)
    if country:
        query = query.where(or_(func.cardinality(need_countries) == 0, literal(country) == any_(need_countries)))
    return [(n, o) for n, o in (await session.execute(query)).all()]


def _listed(organisation: type[Organisation], organisation_id: Mapped[uuid.UUID]) -> ColumnElement[bool]:
    return and_(
        col(organisation.id) == organisation_id,
        col(organisation.deleted_at).is_(None),
        col(organisation.status) == OrganisationStatus.ACTIVE,
    )
