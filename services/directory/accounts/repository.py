import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.models.accounts import Account, ApiKey
from services.directory.models.coalitions import CoalitionAdmin
from services.directory.models.organisations import Organisation
from services.directory.statuses import OrganisationStatus


async def get_account(session: AsyncSession, account_id: uuid.UUID, *, for_update: bool = False) -> Account | None:
    """`for_update`: its row locked until the transaction ends and read afresh, for a write that
    checks its ETag first."""
    return await session.get(Account, account_id, with_for_update=for_update, populate_existing=for_update)


async def listed_account(session: AsyncSession, account_id: uuid.UUID) -> Account | None:
    """The account while it is not removed and its organisation is listed (active, not deleted),
    read afresh with both rows locked (shared) until the transaction ends: a removal of either,
    committing meanwhile, is waited for and seen, and one that comes later waits for this
    transaction (and then ends what it made)."""
    query = (
        select(Account)
        .join(Organisation, col(Organisation.id) == col(Account.organisation_id))
        .where(
            col(Account.id) == account_id,
            col(Account.disabled_at).is_(None),
            col(Organisation.deleted_at).is_(None),
            col(Organisation.status) == OrganisationStatus.ACTIVE,
        )
        .with_for_update(read=True)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalars().first()


async def same_person(
    session: AsyncSession, name: str, email: str | None, organisation_name: str
) -> tuple[Account, str] | None:
    """The oldest account that stands for this person, with its organisation's name: the one with
    this e-mail address (case aside) wherever it is; without an address, the one of this name
    (case aside) in the organisation of this name."""
    query = select(Account, Organisation.name).join(Organisation, col(Organisation.id) == col(Account.organisation_id))
    if email is not None:
        query = query.where(func.lower(Account.email) == email.lower())
    else:
        query = query.where(
            func.lower(Account.name) == name.lower(),
            col(Organisation.name) == organisation_name,
            col(Organisation.deleted_at).is_(None),
        )
    row = (await session.execute(query.order_by(col(Account.created_at)).limit(1))).first()
    return None if row is None else (row[0], row[1])


async def list_accounts(session: AsyncSession, organisation_id: uuid.UUID) -> Sequence[Account]:
    """The organisation's accounts, removed ones left out."""
    query = (
        select(Account)
        .where(col(Account.organisation_id) == organisation_id, col(Account.disabled_at).is_(None))
        .order_by(col(Account.created_at))
    )
    return (await session.execute(query)).scalars().all()


async def admin_accounts(session: AsyncSession, organisation_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Account]]:
    """The active admin accounts of each organisation, oldest first."""
    query = (
        select(Account)
        .where(
            col(Account.organisation_id).in_(organisation_ids),
            col(Account.org_role) == "admin",
            col(Account.disabled_at).is_(None),
        )
        .order_by(col(Account.created_at))
    )
    found: dict[uuid.UUID, list[Account]] = {}
    for account in (await session.execute(query)).scalars():
        found.setdefault(account.organisation_id, []).append(account)
    return found


async def admins_of(session: AsyncSession, organisation_id: uuid.UUID) -> list[uuid.UUID]:
    """The organisation's active admin accounts, locked (in the order of their ids, as every
    demotion locks them: two never wait on each other): a concurrent demotion waits."""
    query = (
        select(Account.id)
        .where(
            col(Account.organisation_id) == organisation_id,
            col(Account.org_role) == "admin",
            col(Account.disabled_at).is_(None),
        )
        .order_by(col(Account.id))
        .with_for_update()
    )
    return list((await session.execute(query)).scalars().all())


async def key_with_account(session: AsyncSession, prefix: str) -> tuple[ApiKey, Account, str] | None:
    """The key, its account and its organisation's status, while the organisation is neither
    deleted nor rejected."""
    query = (
        select(ApiKey, Account, Organisation.status)
        .join(Account, col(Account.id) == col(ApiKey.account_id))
        .join(Organisation, col(Organisation.id) == col(Account.organisation_id))
        .where(
            col(ApiKey.prefix) == prefix,
            col(Organisation.deleted_at).is_(None),
            col(Organisation.status) != OrganisationStatus.REJECTED,
        )
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1], row[2]) if row else None


async def get_key(session: AsyncSession, key_id: uuid.UUID) -> tuple[ApiKey, Account] | None:
    query = (
        select(ApiKey, Account).join(Account, col(Account.id) == col(ApiKey.account_id)).where(col(ApiKey.id) == key_id)
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row else None


async def list_keys(
    session: AsyncSession, organisation_id: uuid.UUID, account_id: uuid.UUID | None
) -> Sequence[ApiKey]:
    query = (
        select(ApiKey)
        .join(Account, col(Account.id) == col(ApiKey.account_id))
        .where(col(Account.organisation_id) == organisation_id)
        .order_by(col(ApiKey.created_at))
    )
    if account_id is not None:
        query = query.where(col(ApiKey.account_id) == account_id)
    return (await session.execute(query)).scalars().all()


async def revoke_keys(session: AsyncSession, account_id: uuid.UUID, at: datetime) -> None:
    """Every key of the account not yet revoked is, as of `at`."""
    await session.execute(
        update(ApiKey)
        .where(col(ApiKey.account_id) == account_id, col(ApiKey.revoked_at).is_(None))
        .values(revoked_at=at)
    )


async def drop_coalition_admin_grants(session: AsyncSession, account_id: uuid.UUID) -> None:
    await session.execute(delete(CoalitionAdmin).where(col(CoalitionAdmin.account_id) == account_id))


async def coalitions_administered(session: AsyncSession, account_id: uuid.UUID) -> list[uuid.UUID]:
    query = select(CoalitionAdmin.coalition_id).where(col(CoalitionAdmin.account_id) == account_id)
    return list((await session.execute(query)).scalars().all())
