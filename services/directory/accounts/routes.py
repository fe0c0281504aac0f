import uuid

from fastapi import APIRouter, Response, status

from services.directory.access import ChangesAccess
from services.directory.accounts import service
from services.directory.accounts.schemas import (
    AccountCreate,
    AccountRead,
    AccountUpdate,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    KeyVerification,
    KeyVerified,
)
from shared.auth import AUTHENTICATED, ORG_ADMIN, ORG_MEMBER, SERVICE, Caller, access
from shared.db import UoW
from shared.errors import Unauthorized
from shared.identity import Identity
from shared.pagination import Cursor, Limit, Page, page_of
from shared.preconditions import IfMatch, check_if_match

router = APIRouter(prefix="/v1/directory", tags=["directory: accounts and API keys"])
# For other services only (outside /v1, so the gateway never routes to them).
internal = APIRouter(prefix="/internal", tags=["internal"], include_in_schema=False)


@router.get("/me", response_model=Identity, summary="Who the key belongs to", **access(AUTHENTICATED))
async def get_me(caller: Caller) -> Identity:
    return caller


@router.post(
    "/organisations/{org_id}/accounts",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountRead,
    summary="Add an account to the organisation",
    **access(ORG_ADMIN),
)
async def create_account(org_id: uuid.UUID, body: AccountCreate, uow: UoW, response: Response) -> AccountRead:
    account = await service.create_account(uow.session, org_id, body)
    response.headers["Location"] = f"/v1/directory/organisations/{org_id}/accounts/{account.id}"
    return AccountRead.model_validate(account, from_attributes=True)


@router.patch(
    "/organisations/{org_id}/accounts/{account_id}",
    response_model=AccountRead,
    summary="Rename an account or change its role (If-Match: the ETag of its last answer, or *)",
    description="A new role holds from the account's next request. An organisation keeps one admin at least "
    "(409 for demoting the last one).",
    **access(ORG_ADMIN),
)
async def update_account(
    org_id: uuid.UUID,
    account_id: uuid.UUID,
    body: AccountUpdate,
    uow: UoW,
    response: Response,
    if_match: IfMatch,
    _: ChangesAccess,
) -> AccountRead:
    account = await service.update_account(uow.session, org_id, account_id, body, if_match)
    response.headers["ETag"] = service.account_etag(account)
    return AccountRead.model_validate(account, from_attributes=True)


@router.delete(
    "/organisations/{org_id}/accounts/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an account (admins: any of the organisation's; members: their own)",
    description="For someone who left: the account stops at once, with its keys (revoked) and its coalition "
    "admin rights (dropped), and leaves the organisation's list (404 from then on). Only a platform admin, or the "
    "account itself, removes a platform admin or reviewer (403); an organisation keeps one admin at least (409). "
    "If-Match: the ETag of the account's last answer, or *.",
    **access(ORG_MEMBER),
)
async def remove_account(
    org_id: uuid.UUID, account_id: uuid.UUID, uow: UoW, caller: Caller, if_match: IfMatch, _: ChangesAccess
) -> None:
    await service.remove_account(uow.session, caller, org_id, account_id, if_match)


@router.get(
    "/organisations/{org_id}/accounts",
    response_model=Page[AccountRead],
    summary="The organisation's accounts",
    **access(ORG_MEMBER),
)
async def list_accounts(org_id: uuid.UUID, uow: UoW, cursor: Cursor = None, limit: Limit = 100) -> Page[AccountRead]:
    return page_of(
        [AccountRead.model_validate(a, from_attributes=True) for a in await service.list_accounts(uow.session, org_id)],
        cursor,
        limit,
    )


@router.post(
    "/organisations/{org_id}/keys",
    status_code=status.HTTP_201_CREATED,
    response_model=ApiKeyCreated,
    summary="Create an API key (shown once)",
    **access(ORG_MEMBER),
)
async def create_key(
    org_id: uuid.UUID, body: ApiKeyCreate, uow: UoW, caller: Caller, response: Response
) -> ApiKeyCreated:
    api_key, key = await service.create_key(uow.session, caller, org_id, body)
    response.headers["Location"] = f"/v1/directory/organisations/{org_id}/keys/{api_key.id}"
    return ApiKeyCreated(**ApiKeyRead.model_validate(api_key, from_attributes=True).model_dump(), key=key)


@router.get(
    "/organisations/{org_id}/keys",
    response_model=Page[ApiKeyRead],
    summary="API keys (admins: all of the organisation's; members: their own)",
    **access(ORG_MEMBER),
)
async def list_keys(
    org_id: uuid.UUID, uow: UoW, caller: Caller, cursor: Cursor = None, limit: Limit = 100
) -> Page[ApiKeyRead]:
    return page_of(
        [
            ApiKeyRead.model_validate(k, from_attributes=True)
            for k in await service.list_keys(uow.session, caller, org_id)
        ],
        cursor,
        limit,
    )


@router.delete(
    "/organisations/{org_id}/keys/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke an API key",
    **access(ORG_MEMBER),
)
async def revoke_key(
    org_id: uuid.UUID, key_id: uuid.UUID, uow: UoW, caller: Caller, if_match: IfMatch, _: ChangesAccess
) -> None:
    check_if_match(if_match, None, what="key")
    await service.revoke_key(uow.session, caller, org_id, key_id)


@internal.post("/keys/verify", response_model=KeyVerified, **access(SERVICE))
async def verify_key(body: KeyVerification, uow: UoW) -> KeyVerified:
    verified = await service.verify_key(uow.session, body.prefix, body.fingerprint)
    if verified is None:
        raise Unauthorized("Unknown, expired or revoked API key.")
    return verified
