"""Organisations and coalitions: the minimum that accounts and coalition admins need."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.models import ApiKey, Coalition, CoalitionAdmin, Country, Organisation
from services.directory.repository import accounts as account_repository
from services.directory.repository import organisations as repository
from services.directory.schemas import AccountCreate, ApiKeyCreate, CoalitionCreate, CoalitionUpdate, OrganisationCreate
from services.directory.service import accounts
from shared.errors import InvalidInput, NotFound
from shared.identity import Identity


async def create_organisation(session: AsyncSession, data: OrganisationCreate) -> Organisation:
    organisation = Organisation(**data.model_dump())
    session.add(organisation)
    await session.flush()
    return organisation


async def get_organisation(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation:
    organisation = await repository.get_organisation(session, organisation_id)
    if organisation is None:
        raise NotFound(f"No organisation {organisation_id}.")
    return organisation


async def create_coalition(session: AsyncSession, data: CoalitionCreate) -> Coalition:
    if data.country and await session.get(Country, data.country) is None:
        raise InvalidInput(f"Unknown country {data.country}.", errors=[{"field": "country", "reason": "unknown"}])
    coalition = Coalition(**data.model_dump())
    session.add(coalition)
    await session.flush()
    return coalition


async def get_coalition(session: AsyncSession, coalition_id: uuid.UUID) -> Coalition:
    coalition = await repository.get_coalition(session, coalition_id)
    if coalition is None:
        raise NotFound(f"No coalition {coalition_id}.")
    return coalition


async def update_coalition(session: AsyncSession, coalition_id: uuid.UUID, data: CoalitionUpdate) -> Coalition:
    coalition = await get_coalition(session, coalition_id)
    for name, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(coalition, name, value)
    coalition.version += 1
    await session.flush()
    return coalition


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
