import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.directory import vocabularies
from services.directory.shared_services import service
from services.directory.shared_services.schemas import SharedServiceCreate, SharedServiceMatch, SharedServiceRead
from shared.auth import ORG_MEMBER, PUBLIC, access
from shared.db import UoW
from shared.errors import InvalidInput
from shared.pagination import Cursor, Limit, Page, page_of
from shared.preconditions import IfMatch, check_if_match

router = APIRouter(prefix="/v1/directory", tags=["directory: shared services"])


def _read(entry: object) -> SharedServiceRead:
    return SharedServiceRead.model_validate(entry, from_attributes=True)


@router.post(
    "/organisations/{org_id}/shared-services",
    status_code=status.HTTP_201_CREATED,
    response_model=SharedServiceRead,
    summary="Offer a service to other organisations, or say you need one",
    **access(ORG_MEMBER),
)
async def add_shared_service(
    org_id: uuid.UUID, body: SharedServiceCreate, uow: UoW, response: Response
) -> SharedServiceRead:
    entry = _read(await service.add(uow.session, org_id, body))
    response.headers["Location"] = f"/v1/directory/organisations/{org_id}/shared-services/{entry.id}"
    return entry


@router.get(
    "/organisations/{org_id}/shared-services",
    response_model=Page[SharedServiceRead],
    summary="An organisation's offers and needs",
    **access(PUBLIC),
)
async def list_shared_services(
    org_id: uuid.UUID, uow: UoW, cursor: Cursor = None, limit: Limit = 100
) -> Page[SharedServiceRead]:
    return page_of([_read(e) for e in await service.list_for(uow.session, org_id)], cursor, limit)


@router.delete(
    "/organisations/{org_id}/shared-services/{entry_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw an offer or need",
    **access(ORG_MEMBER),
)
async def withdraw_shared_service(org_id: uuid.UUID, entry_id: uuid.UUID, uow: UoW, if_match: IfMatch) -> None:
    check_if_match(if_match, None, what="offer or need")
    await service.remove(uow.session, org_id, entry_id)


@router.get(
    "/shared-services/matches",
    response_model=Page[SharedServiceMatch],
    summary="Needs paired with offers by type and geography",
    **access(PUBLIC),
)
async def shared_service_matches(
    uow: UoW,
    type_: Annotated[str | None, Query(alias="type", description="A shared service type")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> Page[SharedServiceMatch]:
    if type_ is not None and type_ not in vocabularies.SHARED_SERVICES:
        reason = vocabularies.REFUSED_SHARED_SERVICES.get(type_, "unknown type; see /v1/directory/vocabularies")
        raise InvalidInput("Not a shared service type.", errors=[{"field": "type", "reason": reason}])
    pairs = await service.matches(uow.session, type_, country.upper() if country else None)
    return page_of(
        [
            SharedServiceMatch(service_type=n.service_type, need=_read(n), offer=_read(o), countries=c)
            for n, o, c in pairs
        ],
        cursor,
        limit,
    )
