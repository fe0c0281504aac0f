"""Back-office services organisations share: offers and needs, and the pairs that fit."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.models.shared_services import SharedService
from services.directory.organisations.service import get_organisation
from services.directory.shared_services import repository
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
    return await repository.list_for(session, organisation_id)


async def remove(session: AsyncSession, organisation_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    # Locked before it is checked: of two withdrawals at once, the second finds it gone (404).
    entry = await repository.get(session, entry_id, for_update=True)
    if entry is None or entry.organisation_id != organisation_id or entry.deleted_at is not None:
        raise NotFound(f"No shared service {entry_id} for organisation {organisation_id}.")
    entry.deleted_at = utcnow()
    await session.flush()


async def matches(
    session: AsyncSession, service_type: str | None, country: str | None
) -> list[tuple[SharedService, SharedService, list[str]]]:
    """Needs paired with offers of the same type from another organisation, where the offer's
    countries meet the need's (an empty list means anywhere), and where they meet."""
    pairs = []
    for n, o in await repository.matches(session, service_type, country, MAX_MATCHES):
        where = (
            sorted(set(n.countries) & set(o.countries))
            if n.countries and o.countries
            else sorted(n.countries or o.countries)
        )
        pairs.append((n, o, where))
    return pairs
