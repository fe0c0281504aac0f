import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.directory.memberships import service
from services.directory.memberships.schemas import Invitation, JoinRequest, MembershipRead
from services.directory.statuses import MembershipStatus
from services.directory.validation import enum_json, one_of
from shared.auth import COALITION_ADMIN, ORG_ADMIN, PUBLIC, Caller, access
from shared.db import UoW
from shared.pagination import Cursor, Limit, Page, page_of
from shared.preconditions import IfMatch, check_if_match

router = APIRouter(prefix="/v1/directory", tags=["directory: coalition membership"])
Status = Annotated[str, one_of(MembershipStatus), enum_json(MembershipStatus)]


def _read(m: object) -> MembershipRead:
    return MembershipRead.model_validate(m, from_attributes=True)


@router.post(
    "/coalitions/{coalition_id}/invitations",
    status_code=status.HTTP_201_CREATED,
    response_model=MembershipRead,
    summary="Invite an organisation (or, to a network, a coalition); approves a pending request",
    **access(COALITION_ADMIN),
)
async def invite_to_coalition(
    coalition_id: uuid.UUID, body: Invitation, uow: UoW, response: Response
) -> MembershipRead:
    member, kind = body.member()
    membership = _read(await service.invite(uow.session, coalition_id, member, kind, body.role))
    response.headers["Location"] = f"/v1/directory/coalitions/{coalition_id}/members/{membership.member_id}"
    return membership


@router.post(
    "/coalitions/{coalition_id}/members/{member_id}/approve",
    response_model=MembershipRead,
    summary="Approve a request to join",
    **access(COALITION_ADMIN),
)
async def approve_member(coalition_id: uuid.UUID, member_id: uuid.UUID, uow: UoW) -> MembershipRead:
    return _read(await service.approve(uow.session, coalition_id, member_id))


@router.delete(
    "/coalitions/{coalition_id}/members/{member_id}",
    response_model=MembershipRead,
    summary="Remove a member, or withdraw an invitation",
    **access(COALITION_ADMIN),
)
async def remove_member(coalition_id: uuid.UUID, member_id: uuid.UUID, uow: UoW, if_match: IfMatch) -> MembershipRead:
    check_if_match(if_match, None, what="membership")
    return _read(await service.end(uow.session, coalition_id, member_id))


@router.get(
    "/coalitions/{coalition_id}/members",
    response_model=Page[MembershipRead],
    summary="Members (anyone: active ones; the coalition's admins: any status)",
    **access(PUBLIC),
)
async def list_members(
    coalition_id: uuid.UUID,
    uow: UoW,
    caller: Caller,
    status_: Annotated[list[Status], Query(alias="status")] = [MembershipStatus.ACTIVE],  # noqa: B006
    cursor: Cursor = None,
    limit: Limit = 100,
) -> Page[MembershipRead]:
    if caller.admin_of_coalition(coalition_id):
        listed = [_read(m) for m in await service.members(uow.session, coalition_id, status_)]
    else:
        listed = service.as_seen_by_anyone(await service.members(uow.session, coalition_id, [MembershipStatus.ACTIVE]))
    page = page_of(listed, cursor, limit)
    names = await service.names(uow.session, page.items)
    items = [m.model_copy(update={"member_name": names.get(m.member_id)}) for m in page.items]
    return Page(items=items, next_cursor=page.next_cursor)


@router.post(
    "/organisations/{org_id}/memberships",
    status_code=status.HTTP_201_CREATED,
    response_model=MembershipRead,
    summary="Ask to join a coalition, or accept its invitation",
    **access(ORG_ADMIN),
)
async def join_coalition(org_id: uuid.UUID, body: JoinRequest, uow: UoW, response: Response) -> MembershipRead:
    membership = _read(await service.ask_to_join(uow.session, body.coalition_id, org_id, "organisation"))
    response.headers["Location"] = f"/v1/directory/organisations/{org_id}/memberships/{membership.coalition_id}"
    return membership


@router.delete(
    "/organisations/{org_id}/memberships/{coalition_id}",
    response_model=MembershipRead,
    summary="Leave a coalition, or withdraw a request",
    **access(ORG_ADMIN),
)
async def leave_coalition(org_id: uuid.UUID, coalition_id: uuid.UUID, uow: UoW, if_match: IfMatch) -> MembershipRead:
    check_if_match(if_match, None, what="membership")
    return _read(await service.end(uow.session, coalition_id, org_id))


@router.get(
    "/organisations/{org_id}/memberships",
    response_model=Page[MembershipRead],
    summary="The coalitions an organisation is active in",
    **access(PUBLIC),
)
async def list_memberships(
    org_id: uuid.UUID, uow: UoW, caller: Caller, cursor: Cursor = None, limit: Limit = 100
) -> Page[MembershipRead]:
    active = await service.active_memberships_of(uow.session, org_id, listed_only=not caller.reads_unlisted(org_id))
    return page_of(service.as_seen_by_anyone(active), cursor, limit)


@router.post(
    "/coalitions/{coalition_id}/networks",
    status_code=status.HTTP_201_CREATED,
    response_model=MembershipRead,
    summary="Ask for the coalition to join a network, or accept the network's invitation",
    **access(COALITION_ADMIN),
)
async def join_network(coalition_id: uuid.UUID, body: JoinRequest, uow: UoW, response: Response) -> MembershipRead:
    membership = _read(await service.ask_to_join(uow.session, body.coalition_id, coalition_id, "coalition"))
    response.headers["Location"] = f"/v1/directory/coalitions/{coalition_id}/networks/{membership.coalition_id}"
    return membership


@router.delete(
    "/coalitions/{coalition_id}/networks/{network_id}",
    response_model=MembershipRead,
    summary="Leave a network, or withdraw the coalition's request to join it",
    **access(COALITION_ADMIN),
)
async def leave_network(coalition_id: uuid.UUID, network_id: uuid.UUID, uow: UoW, if_match: IfMatch) -> MembershipRead:
    check_if_match(if_match, None, what="membership")
    return _read(await service.end(uow.session, network_id, coalition_id))
