"""Organisations and coalitions: profiles with optimistic concurrency, soft deletion, and the
coalition admins."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory import seed
from services.directory.models import ApiKey, Coalition, CoalitionAdmin, Country, Organisation
from services.directory.repository import accounts as account_repository
from services.directory.repository import organisations as repository
from services.directory.schemas import (
    AccountCreate,
    ApiKeyCreate,
    CoalitionCreate,
    CoalitionUpdate,
    OrganisationCreate,
    OrganisationFields,
    OrganisationUpdate,
)
from services.directory.service import accounts
from services.directory.text import fold, trigrams
from shared.db import utcnow
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.identity import Identity
from shared.pagination import keyset_cursor, keyset_values
from shared.preconditions import check_if_match, version_etag

# Fields a PATCH may clear by sending null.
NULLABLE = {"acronym", "hq_country", "size_band", "website", "contact_email", "contact_phone"}


def profile_values(data: OrganisationFields) -> dict[str, Any]:
    """The columns a create or update writes, in storable form."""
    values = data.model_dump(exclude_unset=True, mode="json")
    return {k: v for k, v in values.items() if v is not None or k in NULLABLE}


def derive(organisation: Organisation) -> None:
    """Search columns and regions follow the profile: call after every change."""
    regions = seed.country_regions()
    organisation.regions = sorted(
        set(organisation.regions or []) | {regions[c] for c in organisation.countries if c in regions}
    )
    organisation.name_folded = fold(organisation.name)
    organisation.search_text = fold(" ".join(filter(None, [organisation.acronym, organisation.description])))
    organisation.name_trigrams = trigrams(" ".join(filter(None, [organisation.name, organisation.acronym])))


async def create_organisation(session: AsyncSession, data: OrganisationCreate) -> Organisation:
    if data.external_id and await repository.organisation_by_external_id(session, data.external_id):
        raise Conflict(f"An organisation with external id {data.external_id!r} exists.")
    organisation = Organisation(**profile_values(data))
    derive(organisation)
    session.add(organisation)
    await session.flush()
    return organisation


async def get_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, *, listed_only: bool = True
) -> Organisation:
    """404 for an unknown or deleted organisation, and (`listed_only`) for one not active."""
    organisation = await repository.get_organisation(session, organisation_id, listed_only=listed_only)
    if organisation is None:
        raise NotFound(f"No organisation {organisation_id}.")
    return organisation


etag = version_etag


async def update_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, data: OrganisationUpdate, if_match: str
) -> Organisation:
    # Its admins edit it while it awaits review too (the route admits only them).
    organisation = await get_organisation(session, organisation_id, listed_only=False)
    check_if_match(if_match, etag(organisation.version), what="organisation")
    changes = profile_values(data)
    if not changes:
        return organisation
    for name, value in changes.items():
        setattr(organisation, name, value)
    derive(organisation)
    organisation.version += 1
    await session.flush()
    return organisation


async def delete_organisation(session: AsyncSession, organisation_id: uuid.UUID, if_match: str) -> None:
    organisation = await get_organisation(session, organisation_id, listed_only=False)
    check_if_match(if_match, etag(organisation.version), what="organisation")
    organisation.deleted_at = utcnow()
    organisation.version += 1
    await repository.end_memberships(session, organisation_id)  # and its keys stop (verify_key)
    await session.flush()


async def create_coalition(session: AsyncSession, data: CoalitionCreate) -> Coalition:
    if data.country and await session.get(Country, data.country) is None:
        raise InvalidInput(f"Unknown country {data.country}.", errors=[{"field": "country", "reason": "unknown"}])
    coalition = Coalition(**data.model_dump())
    session.add(coalition)
    await session.flush()
    return coalition


async def start_coalition(session: AsyncSession, data: CoalitionCreate, founder: Identity) -> Coalition:
    """An organisation's admin starts a coalition and is its first admin; platform admins, who
    administer every coalition already, only register it."""
    if not (founder.platform_admin or founder.org_role == "admin"):
        raise Forbidden("Organisation admins (and platform admins) start coalitions.")
    coalition = await create_coalition(session, data)
    if not founder.platform_admin and founder.account_id is not None:
        session.add(CoalitionAdmin(coalition_id=coalition.id, account_id=founder.account_id))
        await session.flush()
    return coalition


async def get_coalition(session: AsyncSession, coalition_id: uuid.UUID) -> Coalition:
    coalition = await repository.get_coalition(session, coalition_id)
    if coalition is None:
        raise NotFound(f"No coalition {coalition_id}.")
    return coalition


async def list_coalitions(
    session: AsyncSession, *, q: str | None, country: str | None, scope: str | None, cursor: str | None, limit: int
) -> tuple[list[Coalition], str | None]:
    """A page of coalitions by name, and the cursor of the next one."""
    after = keyset_values(cursor, 2)
    try:
        key = None if after is None else (after[0], uuid.UUID(after[1]))
    except ValueError as exc:
        raise InvalidInput(
            "The cursor is not one this list gave out.", errors=[{"field": "cursor", "reason": "malformed"}]
        ) from exc
    rows = await repository.list_coalitions(
        session, name=q, country=country.upper() if country else None, scope=scope, after=key, limit=limit + 1
    )
    following = keyset_cursor(rows[limit - 1].name, rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], following


async def update_coalition(
    session: AsyncSession, coalition_id: uuid.UUID, data: CoalitionUpdate, if_match: str
) -> Coalition:
    coalition = await get_coalition(session, coalition_id)
    check_if_match(if_match, etag(coalition.version), what="coalition")
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if changes:
        for name, value in changes.items():
            setattr(coalition, name, value)
        coalition.version += 1
        await session.flush()
    return coalition


async def delete_coalition(session: AsyncSession, coalition_id: uuid.UUID, if_match: str) -> None:
    coalition = await get_coalition(session, coalition_id)
    check_if_match(if_match, etag(coalition.version), what="coalition")
    coalition.deleted_at = utcnow()
    coalition.version += 1
    await session.flush()


async def grant_coalition_admin(session: AsyncSession, coalition_id: uuid.UUID, account_id: uuid.UUID) -> None:
    await get_coalition(session, coalition_id)
    if await account_repository.get_account(session, account_id) is None:
        raise NotFound(f"No account {account_id}.")
    if await repository.get_coalition_admin(session, coalition_id, account_id) is None:
        session.add(CoalitionAdmin(coalition_id=coalition_id, account_id=account_id))
        await session.flush()


async def revoke_coalition_admin(session: AsyncSession, coalition_id: uuid.UUID, account_id: uuid.UUID) -> None:
    grant = await repository.get_coalition_admin(session, coalition_id, account_id)
    if grant is None:
        raise NotFound(f"Account {account_id} is not an admin of coalition {coalition_id}.")
    await session.delete(grant)
    await session.flush()


async def bootstrap_platform_admin(
    session: AsyncSession, organisation_name: str, name: str, email: str | None
) -> tuple[ApiKey, str]:
    """The first platform admin of a fresh install, with a key (used by `hub admin create`)."""
    organisation = await repository.organisation_by_name(session, organisation_name)
    if organisation is None:
        organisation = await create_organisation(session, OrganisationCreate(name=organisation_name))
    account = await accounts.create_account(
        session, organisation.id, AccountCreate(name=name, email=email, org_role="admin"), platform_admin=True
    )
    caller = Identity(kind="account", account_id=account.id, organisation_id=organisation.id, org_role="admin")
    return await accounts.create_key(session, caller, organisation.id, ApiKeyCreate(name="bootstrap"))
