"""Onboarding: an organisation registers itself with its first admin and that admin's key, and
stays `pending` (listed nowhere, its key confined to its own profile) until a reviewer (a
platform admin or an account with the reviewer right) approves or rejects it.

A registration only ever creates: it names no existing organisation, account or external id, so
it cannot take one over, and it answers nothing about others beyond what the directory lists
already (a name taken by a listed organisation).

The first platform admin of a fresh install comes in here too (`hub admin create`)."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.accounts import repository as account_repository
from services.directory.accounts import service as accounts
from services.directory.accounts.schemas import AccountCreate, ApiKeyCreate
from services.directory.models.accounts import Account, ApiKey
from services.directory.models.organisations import Organisation
from services.directory.onboarding.schemas import (
    RegistrationAdmin,
    RegistrationCreate,
    RegistrationRead,
    ReviewDecision,
)
from services.directory.organisations import repository
from services.directory.organisations.schemas import OrganisationCreate, OrganisationRead
from services.directory.organisations.service import claim_name, create_organisation, derive, profile_values
from services.directory.statuses import OrganisationStatus
from shared.db import hold_lock, utcnow
from shared.errors import Conflict, NotFound
from shared.identity import Identity
from shared.pagination import keyset_cursor, keyset_values, time_part, uuid_part


async def register(session: AsyncSession, data: RegistrationCreate) -> tuple[Organisation, Account, ApiKey, str]:
    """The pending organisation, its admin account, and the admin's key (and the key itself)."""
    await claim_name(
        session,
        data.organisation.name,
        field="organisation.name",
        detail="An organisation of this name is in the directory already: ask its admins for an account, "
        "or register under a name of your own.",
    )
    organisation = Organisation(**profile_values(data.organisation), status=OrganisationStatus.PENDING)
    derive(organisation)
    session.add(organisation)
    await session.flush()
    account = await accounts.create_account(
        session, organisation.id, AccountCreate(name=data.admin.name, email=data.admin.email, org_role="admin")
    )
    admin = Identity(kind="account", account_id=account.id, organisation_id=organisation.id, org_role="admin")
    api_key, key = await accounts.create_key(session, admin, organisation.id, ApiKeyCreate(name="first key"))
    return organisation, account, api_key, key


async def as_reviewed(session: AsyncSession, organisations: list[Organisation]) -> list[RegistrationRead]:
    """The organisations as reviewers see them, with their admins."""
    admins = await account_repository.admin_accounts(session, [o.id for o in organisations])
    return [
        RegistrationRead(
            **OrganisationRead.model_validate(o, from_attributes=True).model_dump(),
            reviewed_at=o.reviewed_at,
            review_note=o.review_note,
            admins=[RegistrationAdmin(name=a.name, email=a.email) for a in admins.get(o.id, [])],
        )
        for o in organisations
    ]


async def pending(session: AsyncSession, *, cursor: str | None, limit: int) -> tuple[list[Organisation], str | None]:
    """A page of the organisations awaiting review, oldest first, and the next page's cursor."""
    key = keyset_values(cursor, time_part, uuid_part)
    rows = await repository.pending_organisations(session, after=key, limit=limit + 1)
    following = keyset_cursor(rows[limit - 1].created_at.isoformat(), rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], following


async def review(session: AsyncSession, organisation_id: uuid.UUID, data: ReviewDecision) -> Organisation:
    """Approve (it is listed, and its keys do what its roles allow) or reject (it stays unlisted
    and its keys stop) an organisation awaiting review; decided once: its row is locked before
    its status is checked, so of concurrent decisions the first wins and the others get 409."""
    organisation = await repository.get_organisation(session, organisation_id, listed_only=False, for_update=True)
    if organisation is None:
        raise NotFound(f"No organisation {organisation_id}.")
    if organisation.status != OrganisationStatus.PENDING:
        raise Conflict(f"Already decided: the organisation is {organisation.status}, not awaiting review.")
    if data.decision == "approve":  # another of the same name may have been listed since it registered
        await claim_name(
            session,
            organisation.name,
            other_than=organisation.id,
            detail="Another organisation of this name was listed since this one registered: it renames "
            "itself (its admins may edit its profile while it awaits review) before it is approved, or "
            "it is rejected.",
        )
    organisation.status = OrganisationStatus.ACTIVE if data.decision == "approve" else OrganisationStatus.REJECTED
    organisation.reviewed_at = utcnow()
    organisation.review_note = data.note
    organisation.version += 1
    await session.flush()
    return organisation


async def create_platform_admin(
    session: AsyncSession, organisation_name: str, name: str, email: str | None, *, new_key: bool = False
) -> tuple[Account, str, ApiKey, str]:
    """`hub admin create`: a new platform admin and a key (account, its organisation's name, key
    row, key). The same person again (`account_repository.same_person`) is refused, creating
    nothing, unless `new_key`: then that account, an active platform admin, gets another key
    (its earlier keys stay valid), and no one found is a NotFound. Never a second account, nor a
    key for another kind of account.
    Runs of it take turns (an advisory lock), so two at once cannot both find no one."""
    await hold_lock(session, "hub admin create")
    found = await account_repository.same_person(session, name, email, organisation_name)
    if found is None:
        if new_key:
            raise NotFound("no such account: nothing to give a new key to (without --new-key, one is created).")
        account = await _new_platform_admin(session, organisation_name, name, email)
        return account, organisation_name, *await _bootstrap_key(session, account)
    account, in_organisation = found
    who = f"{account.name!r} in {in_organisation!r}" + (f" ({account.email})" if account.email else "")
    if not new_key:
        raise Conflict(
            f"the account {who} exists already; nothing was created. "
            "Run again with --new-key to give that platform admin another key."
        )
    if not account.platform_admin or account.disabled_at is not None:
        raise Conflict(f"the account {who} is not an active platform admin: no key given, nothing changed.")
    return account, in_organisation, *await _bootstrap_key(session, account)


async def bootstrap_platform_admin(
    session: AsyncSession, organisation_name: str, name: str, email: str | None
) -> tuple[ApiKey, str]:
    """A platform admin, always a new account, with a key (the benchmarks' keys; `hub admin create`
    goes through `create_platform_admin`, which first looks for the same person)."""
    return await _bootstrap_key(session, await _new_platform_admin(session, organisation_name, name, email))


async def _new_platform_admin(session: AsyncSession, organisation_name: str, name: str, email: str | None) -> Account:
    organisation = await repository.organisation_by_name(session, organisation_name)
    if organisation is None:
        organisation = await create_organisation(session, OrganisationCreate(name=organisation_name))
    return await accounts.create_account(
        session, organisation.id, AccountCreate(name=name, email=email, org_role="admin"), platform_admin=True
    )


async def _bootstrap_key(session: AsyncSession, account: Account) -> tuple[ApiKey, str]:
    caller = Identity(kind="account", account_id=account.id, organisation_id=account.organisation_id, org_role="admin")
    return await accounts.create_key(session, caller, account.organisation_id, ApiKeyCreate(name="bootstrap"))
