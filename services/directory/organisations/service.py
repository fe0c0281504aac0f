"""Organisations: profiles with optimistic concurrency and soft deletion."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory import seed
from services.directory.models.organisations import Organisation
from services.directory.organisations import profile, repository
from services.directory.organisations.schemas import OrganisationCreate, OrganisationFields, OrganisationUpdate
from services.directory.text import skeleton
from shared.db import hold_lock, utcnow
from shared.errors import Conflict, NotFound
from shared.preconditions import check_if_match, version_etag


def profile_values(data: OrganisationFields) -> dict[str, Any]:
    """The columns a create or update writes, in storable form."""
    values = data.model_dump(exclude_unset=True, mode="json")
    return {k: v for k, v in values.items() if v is not None or k in profile.CLEARABLE}


def derive(organisation: Organisation) -> None:
    """Search columns and regions follow the profile: call after every change."""
    regions = seed.country_regions()
    organisation.regions = sorted(
        set(organisation.regions or []) | {regions[c] for c in organisation.countries if c in regions}
    )
    for name, value in profile.derived(organisation.name, organisation.acronym, organisation.description).items():
        setattr(organisation, name, value)


TAKEN = "Another organisation in the directory has this name: keep a name of your own."


async def claim_name(
    session: AsyncSession,
    name: str,
    *,
    other_than: uuid.UUID | None = None,
    field: str = "name",
    detail: str = TAKEN,
) -> None:
    """Refuses `name` when it reads (`text.skeleton`) as another listed organisation's. The
    reading is locked until the transaction ends, so that writes that would list one name at
    once (a registration, a rename, an approval) take turns, and the second finds it taken."""
    reading = skeleton(name)
    if not reading:  # a name all punctuation reads as nothing, and as no one else's
        return
    await hold_lock(session, f"directory.organisation-name:{reading}")
    if await repository.organisation_by_name_skeleton(session, reading, other_than=other_than):
        raise Conflict(detail, errors=[{"field": field, "reason": "taken by a listed organisation"}])


async def create_organisation(session: AsyncSession, data: OrganisationCreate) -> Organisation:
    if data.external_id and await repository.organisation_by_external_id(session, data.external_id):
        raise Conflict(f"An organisation with external id {data.external_id!r} exists.")
    organisation = Organisation(**profile_values(data))
    derive(organisation)
    session.add(organisation)
    await session.flush()
    return organisation


async def get_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, *, listed_only: bool = True, for_update: bool = False
) -> Organisation:
    """404 for an unknown or deleted organisation, and (`listed_only`) for one not active;
    `for_update`: locked, for a write (repository.get_organisation)."""
    organisation = await repository.get_organisation(
        session, organisation_id, listed_only=listed_only, for_update=for_update
    )
    if organisation is None:
        raise NotFound(f"No organisation {organisation_id}.")
    return organisation


async def read_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, *, listed_only: bool = True
) -> dict[str, Any]:
    """`get_organisation` as a profile's columns, for the public read."""
    row = await repository.organisation_row(session, organisation_id, listed_only=listed_only)
    if row is None:
        raise NotFound(f"No organisation {organisation_id}.")
    return row


etag = version_etag


async def update_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, data: OrganisationUpdate, if_match: str
) -> Organisation:
    # Its admins edit it while it awaits review too (the route admits only them). Locked before
    # If-Match is checked: of concurrent writes sent with the same ETag, one wins, the rest get 412.
    organisation = await get_organisation(session, organisation_id, listed_only=False, for_update=True)
    check_if_match(if_match, etag(organisation.version), what="organisation")
    changes = profile_values(data)
    if not changes:
        return organisation
    if "name" in changes:  # as at registration: an organisation is not renamed into another that is listed
        await claim_name(session, changes["name"], other_than=organisation_id)
    for name, value in changes.items():
        setattr(organisation, name, value)
    derive(organisation)
    organisation.version += 1
    await session.flush()
    return organisation


async def delete_organisation(session: AsyncSession, organisation_id: uuid.UUID, if_match: str) -> None:
    organisation = await get_organisation(session, organisation_id, listed_only=False, for_update=True)
    check_if_match(if_match, etag(organisation.version), what="organisation")
    organisation.deleted_at = utcnow()
    organisation.version += 1
    await repository.end_memberships(session, organisation_id)  # and its keys stop (verify_key)
    await session.flush()
