import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from services.directory.access import ChangesAccess
from services.directory.coalitions import service
from services.directory.coalitions.schemas import CoalitionCreate, CoalitionRead, CoalitionUpdate
from shared.auth import ANY_ORG_ADMIN, COALITION_ADMIN, PUBLIC, Caller, access
from shared.db import UoW
from shared.pagination import Cursor, Limit, Page
from shared.preconditions import IfMatch, PutIfMatch, check_if_match

router = APIRouter(prefix="/v1/directory", tags=["directory: organisations and coalitions"])


@router.post(
    "/coalitions",
    status_code=status.HTTP_201_CREATED,
    response_model=CoalitionRead,
    summary="Start a coalition (organisation admins, who become its admins; platform admins)",
    **access(ANY_ORG_ADMIN),
)
async def create_coalition(
    body: CoalitionCreate, uow: UoW, response: Response, caller: Caller, _: ChangesAccess
) -> CoalitionRead:
    coalition = await service.start_coalition(uow.session, body, caller)
    response.headers["Location"] = f"/v1/directory/coalitions/{coalition.id}"
    return CoalitionRead.model_validate(coalition, from_attributes=True)


@router.get(
    "/coalitions",
    response_model=Page[CoalitionRead],
    summary="List coalitions by name: search by name, country and scope",
    **access(PUBLIC),
)
async def list_coalitions(
    uow: UoW,
    q: Annotated[str | None, Query(max_length=200, description="Words of the coalition's name")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3")] = None,
    scope: Literal["national", "regional", "global"] | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[CoalitionRead]:
    rows, following = await service.list_coalitions(
        uow.session, q=q, country=country, scope=scope, cursor=cursor, limit=limit
    )
    return Page(items=[CoalitionRead.model_validate(c, from_attributes=True) for c in rows], next_cursor=following)


@router.get("/coalitions/{coalition_id}", response_model=CoalitionRead, summary="One coalition", **access(PUBLIC))
async def get_coalition(coalition_id: uuid.UUID, uow: UoW, response: Response) -> CoalitionRead:
    coalition = await service.get_coalition(uow.session, coalition_id)
    response.headers["ETag"] = service.etag(coalition.version)
    return CoalitionRead.model_validate(coalition, from_attributes=True)


@router.patch(
    "/coalitions/{coalition_id}",
    response_model=CoalitionRead,
    summary="Edit a coalition (If-Match: the ETag you read)",
    **access(COALITION_ADMIN),
)
async def update_coalition(
    coalition_id: uuid.UUID,
    body: CoalitionUpdate,
    uow: UoW,
    response: Response,
    if_match: IfMatch,
) -> CoalitionRead:
    coalition = await service.update_coalition(uow.session, coalition_id, body, if_match)
    response.headers["ETag"] = service.etag(coalition.version)
    return CoalitionRead.model_validate(coalition, from_attributes=True)


@router.delete(
    "/coalitions/{coalition_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a coalition from the directory",
    **access(COALITION_ADMIN),
)
async def delete_coalition(coalition_id: uuid.UUID, uow: UoW, if_match: IfMatch, _: ChangesAccess) -> None:
    await service.delete_coalition(uow.session, coalition_id, if_match)


@router.put(
    "/coalitions/{coalition_id}/admins/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Make an account an admin of the coalition",
    **access(COALITION_ADMIN),
)
async def grant_coalition_admin(
    coalition_id: uuid.UUID, account_id: uuid.UUID, uow: UoW, if_match: PutIfMatch, _: ChangesAccess
) -> None:
    await service.grant_coalition_admin(uow.session, coalition_id, account_id, if_match)


@router.delete(
    "/coalitions/{coalition_id}/admins/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw an account's admin rights on the coalition",
    **access(COALITION_ADMIN),
)
async def revoke_coalition_admin(
    coalition_id: uuid.UUID, account_id: uuid.UUID, uow: UoW, if_match: IfMatch, _: ChangesAccess
) -> None:
    check_if_match(if_match, None, what="admin right")
    await service.revoke_coalition_admin(uow.session, coalition_id, account_id)
