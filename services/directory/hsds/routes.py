"""The read API of Open Referral's HSDS 3.0 where the directory offers it: organizations, paged
as HSDS pages them (`page`, `per_page`, the `Page` counts and `contents`)."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.directory.hsds import service
from shared.auth import PUBLIC, access
from shared.db import UoW
from shared.pagination import MAX_PAGE_SIZE

router = APIRouter(prefix="/v1/directory/hsds", tags=["directory: import and export"])


@router.get(
    "/organizations",
    summary="Organisations as HSDS 3.0 pages them (basic organizations, or fully nested with full=true)",
    **access(PUBLIC),
)
async def organizations(
    uow: UoW,
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Organisations per page")] = 50,
    full: Annotated[bool, Query(description="Fully nested organizations, with their services")] = False,
) -> dict[str, Any]:
    return await service.organizations_page(uow.session, number=page, per_page=per_page, full=full)


@router.get(
    "/organizations/{organization_id}",
    summary="One organisation as a fully nested HSDS 3.0 organization",
    **access(PUBLIC),
)
async def organization(uow: UoW, organization_id: uuid.UUID) -> dict[str, Any]:
    return await service.organization_by_id(uow.session, organization_id)
