import uuid

from fastapi import APIRouter, Response, status

from services.directory.access import ChangesAccess
from services.directory.accounts import service as accounts
from services.directory.accounts.schemas import AccountRead, ApiKeyCreated, ApiKeyRead
from services.directory.onboarding import service
from services.directory.onboarding.schemas import (
    RegistrationCreate,
    RegistrationCreated,
    RegistrationRead,
    ReviewDecision,
)
from services.directory.organisations.schemas import OrganisationRead
from services.directory.organisations.service import etag
from shared.auth import PLATFORM_ADMIN, PUBLIC, REVIEWER, access
from shared.db import UoW
from shared.pagination import Cursor, Limit, Page
from shared.preconditions import IfMatch, PutIfMatch, check_if_match

router = APIRouter(prefix="/v1/directory", tags=["directory: onboarding"])


@router.post(
    "/registrations",
    status_code=status.HTTP_201_CREATED,
    response_model=RegistrationCreated,
    summary="Register your organisation, with its first admin (no key needed; reviewed before it is listed)",
    description="Creates the organisation (`pending`), its first admin account and that admin's API key, shown "
    "once. A reviewer approves or rejects the organisation; until then it is listed nowhere and the key reads "
    "`/v1/directory/me` and the organisation's own profile (and edits it). Limited per client address.",
    **access(PUBLIC),
)
async def register_organisation(body: RegistrationCreate, uow: UoW, response: Response) -> RegistrationCreated:
    organisation, account, api_key, key = await service.register(uow.session, body)
    response.headers["Location"] = f"/v1/directory/organisations/{organisation.id}"
    return RegistrationCreated(
        organisation=OrganisationRead.model_validate(organisation, from_attributes=True),
        account=AccountRead.model_validate(account, from_attributes=True),
        key=ApiKeyCreated(**ApiKeyRead.model_validate(api_key, from_attributes=True).model_dump(), key=key),
    )


@router.get(
    "/registrations",
    response_model=Page[RegistrationRead],
    summary="Organisations awaiting review, oldest first",
    **access(REVIEWER),
)
async def list_registrations(uow: UoW, cursor: Cursor = None, limit: Limit = 50) -> Page[RegistrationRead]:
    rows, following = await service.pending(uow.session, cursor=cursor, limit=limit)
    return Page(items=await service.as_reviewed(uow.session, rows), next_cursor=following)


@router.post(
    "/registrations/{org_id}/review",
    response_model=RegistrationRead,
    summary="Approve or reject an organisation awaiting review",
    description="Approved, the organisation is listed and its keys do what their roles allow from the next "
    "request; rejected, it stays unlisted and its keys stop. A registration is decided once (409 after).",
    **access(REVIEWER),
)
async def review_registration(
    org_id: uuid.UUID, body: ReviewDecision, uow: UoW, response: Response, _: ChangesAccess
) -> RegistrationRead:
    organisation = await service.review(uow.session, org_id, body)
    response.headers["ETag"] = etag(organisation.version)
    [reviewed] = await service.as_reviewed(uow.session, [organisation])
    return reviewed


@router.put(
    "/reviewers/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Let an account review organisations that register themselves",
    **access(PLATFORM_ADMIN),
)
async def grant_reviewer(account_id: uuid.UUID, uow: UoW, if_match: PutIfMatch, _: ChangesAccess) -> None:
    await accounts.set_reviewer(uow.session, account_id, True, if_match)


@router.delete(
    "/reviewers/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw an account's reviewer right",
    **access(PLATFORM_ADMIN),
)
async def withdraw_reviewer(account_id: uuid.UUID, uow: UoW, if_match: IfMatch, _: ChangesAccess) -> None:
    check_if_match(if_match, None, what="reviewer right")
    await accounts.set_reviewer(uow.session, account_id, False)
