"""Accounts and their API keys, and the verification the gateway asks for on every call.
Only the SHA-256 of a key is stored; its public prefix finds it (`shared.identity.KEY_FORMAT`)."""

import secrets
import uuid
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.accounts import repository
from services.directory.accounts.schemas import AccountCreate, AccountRead, AccountUpdate, ApiKeyCreate, KeyVerified
from services.directory.models.accounts import Account, ApiKey
from services.directory.organisations import repository as organisation_repository
from services.directory.statuses import OrganisationStatus
from shared.db import utcnow
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.identity import Identity, fingerprint, new_key
from shared.preconditions import check_if_match, check_put_exists, content_etag

LAST_USED_RESOLUTION = timedelta(minutes=1)  # don't write on every verification


async def create_account(
    session: AsyncSession, organisation_id: uuid.UUID, data: AccountCreate, *, platform_admin: bool = False
) -> Account:
    if await organisation_repository.get_organisation(session, organisation_id, listed_only=False) is None:
        raise NotFound(f"No organisation {organisation_id}.")
    account = Account(organisation_id=organisation_id, platform_admin=platform_admin, **data.model_dump())
    session.add(account)
    await session.flush()
    return account


async def list_accounts(session: AsyncSession, organisation_id: uuid.UUID) -> Sequence[Account]:
    return await repository.list_accounts(session, organisation_id)


def account_etag(account: Account) -> str:
    return content_etag(AccountRead.model_validate(account, from_attributes=True))


async def update_account(
    session: AsyncSession, organisation_id: uuid.UUID, account_id: uuid.UUID, data: AccountUpdate, if_match: str
) -> Account:
    """Rename an account, or change its role in the organisation; the last admin stays one.

    The account is locked before If-Match is checked: of concurrent writes sent with the same
    ETag, one wins and the others get 412. A demotion locks the organisation's admins first (and
    so the account, if it is one), in the one order every demotion takes."""
    admins = await repository.admins_of(session, organisation_id) if data.org_role == "member" else []
    account = await _locked_account(session, organisation_id, account_id)
    check_if_match(if_match, account_etag(account), what="account")
    if data.org_role == "member" and account.org_role == "admin":
        if [a for a in admins if a != account_id] == []:
            raise Conflict(
                "This is the organisation's last admin: make another account admin first.",
                errors=[{"field": "org_role", "reason": "the organisation would have no admin"}],
            )
    for name, value in data.model_dump(exclude_unset=True, mode="json").items():  # null only for email
        setattr(account, name, value)
    await session.flush()
    return account


async def _locked_account(session: AsyncSession, organisation_id: uuid.UUID, account_id: uuid.UUID) -> Account:
    """The organisation's account, locked and read afresh; 404 when it is unknown, another
    organisation's, or removed (a removed account is as good as unknown)."""
    account = await repository.get_account(session, account_id, for_update=True)
    if account is None or account.organisation_id != organisation_id or account.disabled_at is not None:
        raise NotFound(f"No account {account_id} in organisation {organisation_id}.")
    return account


async def remove_account(
    session: AsyncSession, caller: Identity, organisation_id: uuid.UUID, account_id: uuid.UUID, if_match: str
) -> None:
    """Remove an account from its organisation (someone who left): it is disabled, its keys are
    revoked and its coalition admin rights dropped, so nothing it held works any more (the route
    moves the access epoch: gateways forget it at once). The row stays, for the keys' history
    and the audit log, and drops out of the organisation's list; removing it again is a 404.

    Admins remove any of their organisation's accounts, and every account may remove itself. The
    rights platform admins gave an account (platform admin, reviewer) are taken only by them or
    by the account itself; the last admin stays (409). Locks as a demotion does: the admins
    first, then the account, so two admins removed at once leave one."""
    admins = await repository.admins_of(session, organisation_id)
    account = await _locked_account(session, organisation_id, account_id)
    if account.id != caller.account_id:
        if not caller.admin_of(organisation_id):
            raise Forbidden("Only an organisation admin removes another account.")
        if not caller.platform_admin and (account.platform_admin or account.reviewer):
            raise Forbidden("Only the account itself, or a platform admin, removes a platform admin or reviewer.")
    check_if_match(if_match, account_etag(account), what="account")
    if account.org_role == "admin" and [a for a in admins if a != account.id] == []:
        raise Conflict("This is the organisation's last admin: make another account admin first.")
    now = utcnow()
    account.disabled_at = now
    await repository.revoke_keys(session, account.id, now)
    await repository.drop_coalition_admin_grants(session, account.id)
    await session.flush()


async def create_key(
    session: AsyncSession, caller: Identity, organisation_id: uuid.UUID, data: ApiKeyCreate
) -> tuple[ApiKey, str]:
    """A key for the caller's own account, or (organisation admins) another account of theirs that
    is neither a platform admin nor a reviewer (platform admins: any account)."""
    account_id = data.account_id or caller.account_id
    if account_id is None:
        raise InvalidInput("Name the account the key is for.", errors=[{"field": "account_id", "reason": "required"}])
    if account_id != caller.account_id and not caller.admin_of(organisation_id):
        raise Forbidden("Only an organisation admin creates keys for other accounts.")
    account = await repository.get_account(session, account_id)
    if account is None or account.organisation_id != organisation_id or account.disabled_at is not None:
        raise NotFound(f"No active account {account_id} in organisation {organisation_id}.")
    if account.id != caller.account_id and not caller.platform_admin and (account.platform_admin or account.reviewer):
        # Rights platform admins gave the account: its organisation's admins would take them.
        raise Forbidden("Only the account itself, or a platform admin, creates keys for a platform admin or reviewer.")
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise InvalidInput("The expiry is in the past.", errors=[{"field": "expires_at", "reason": "in the past"}])
    key, prefix = new_key()
    api_key = ApiKey(
        account_id=account.id, prefix=prefix, key_hash=fingerprint(key), name=data.name, expires_at=data.expires_at
    )
    session.add(api_key)
    await session.flush()
    return api_key, key


async def list_keys(session: AsyncSession, caller: Identity, organisation_id: uuid.UUID) -> Sequence[ApiKey]:
    """Admins see every key of their organisation, members their own."""
    only = None if caller.admin_of(organisation_id) else caller.account_id
    return await repository.list_keys(session, organisation_id, only)


async def revoke_key(session: AsyncSession, caller: Identity, organisation_id: uuid.UUID, key_id: uuid.UUID) -> None:
    found = await repository.get_key(session, key_id)
    if found is None or found[1].organisation_id != organisation_id:
        raise NotFound(f"No key {key_id} in organisation {organisation_id}.")
    api_key, account = found
    if account.id != caller.account_id and not caller.admin_of(organisation_id):
        raise Forbidden("Only an organisation admin revokes another account's key.")
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
        await session.flush()


async def verify_key(session: AsyncSession, prefix: str, key_fingerprint: str) -> KeyVerified | None:
    """The identity a key stands for, or None if it is unknown, revoked, expired or disabled."""
    found = await repository.key_with_account(session, prefix)
    if found is None:
        return None
    api_key, account, organisation_status = found
    now = utcnow()
    if (
        not secrets.compare_digest(api_key.key_hash, key_fingerprint)
        or api_key.revoked_at is not None
        or (api_key.expires_at is not None and api_key.expires_at <= now)
        or account.disabled_at is not None
    ):
        return None
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        api_key.last_used_at = now
        await session.flush()
    return KeyVerified(
        kind="account",
        account_id=account.id,
        organisation_id=account.organisation_id,
        org_role=account.org_role,
        platform_admin=account.platform_admin,
        reviewer=account.reviewer,
        pending=organisation_status == OrganisationStatus.PENDING,
        coalition_admin_of=await repository.coalitions_administered(session, account.id),
        key_id=api_key.id,
        expires_at=api_key.expires_at,
    )


async def set_reviewer(
    session: AsyncSession, account_id: uuid.UUID, reviewer: bool, if_match: str | None = None
) -> None:
    """Grant or withdraw the right to review self-registered organisations; a grant's `If-Match: *`
    holds while the account has the right, and withdrawing a right the account lacks is 404."""
    account = await repository.get_account(session, account_id, for_update=True)
    if account is None or account.disabled_at is not None:  # removed
        raise NotFound(f"No account {account_id}.")
    if reviewer:
        check_put_exists(if_match, account.reviewer, what="reviewer right")
    elif not account.reviewer:
        raise NotFound(f"Account {account_id} is not a reviewer.")
    account.reviewer = reviewer
    await session.flush()
