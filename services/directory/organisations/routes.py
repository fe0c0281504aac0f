import uuid
from typing import Any

from fastapi import APIRouter, Response, status

from services.directory.access import ChangesAccess
from services.directory.organisations import service
from services.directory.organisations.schemas import OrganisationCreate, OrganisationRead, OrganisationUpdate
from services.directory.statuses import OrganisationStatus
from shared.auth import ORG_ADMIN, PLATFORM_ADMIN, PUBLIC, Caller, access
from shared.caching import same_for_everyone
from shared.db import UoW
from shared.preconditions import IfMatch

router = APIRouter(prefix="/v1/directory", tags=["directory: organisations and coalitions"])


@router.post(
    "/organisations",
    status_code=status.HTTP_201_CREATED,
    response_model=OrganisationRead,
    summary="Register an organisation",
    **access(PLATFORM_ADMIN),
)
async def create_organisation(body: OrganisationCreate, uow: UoW, response: Response) -> OrganisationRead:
    organisation = await service.create_organisation(uow.session, body)
    response.headers["Location"] = f"/v1/directory/organisations/{organisation.id}"
    response.headers["ETag"] = service.etag(organisation.version)
    return OrganisationRead.model_validate(organisation, from_attributes=True)


@router.get(
    "/organisations/{org_id}",
    response_model=OrganisationRead,
    summary="One organisation (one awaiting review: to its own accounts and reviewers only)",
    **access(PUBLIC),
)
async def get_organisation(org_id: uuid.UUID, uow: UoW, response: Response, caller: Caller) -> dict[str, Any]:
    organisation = await service.read_organisation(uow.session, org_id, listed_only=not caller.reads_unlisted(org_id))
    response.headers["ETag"] = service.etag(organisation["version"])
    if organisation["status"] == OrganisationStatus.ACTIVE:
        same_for_everyone(response)  # what anyone reads; one awaiting review is for the few only
    return organisation  # validated and written by its response_model


@router.patch(
    "/organisations/{org_id}",
    response_model=OrganisationRead,
    summary="Edit an organisation's profile (If-Match: the ETag you read)",
    **access(ORG_ADMIN),
)
async def update_organisation(
    org_id: uuid.UUID,
    body: OrganisationUpdate,
    uow: UoW,
    response: Response,
    if_match: IfMatch,
) -> OrganisationRead:
    organisation = await service.update_organisation(uow.session, org_id, body, if_match)
    response.headers["ETag"] = service.etag(organisation.version)
    return OrganisationRead.model_validate(organisation, from_attributes=True)


@router.delete(
    "/organisations/{org_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an organisation from the directory",
    **access(ORG_ADMIN),
)
async def delete_organisation(org_id: uuid.UUID, uow: UoW, if_match: IfMatch, _: ChangesAccess) -> None:
    await service.delete_organisation(uow.session, org_id, if_match)
