import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from services.reports.clients import DirectoryClient
from services.reports.models.testimonies import Testimony
from services.reports.testimonies import service
from services.reports.testimonies.schemas import ConsentChange, TestimonyCreate, TestimonyRead
from shared.auth import ORG_OWN_MEMBER, PUBLIC, Caller, access
from shared.db import UoW
from shared.pagination import Limit, Page
from shared.preconditions import PutIfMatch

router = APIRouter(prefix="/v1/reports", tags=["reports: survivor testimonies"])
Country = Annotated[str, Path(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3", examples=["NPL"])]


def _directory(request: Request) -> DirectoryClient:
    return DirectoryClient(request.app.state.clients["directory"])


def _page(found: tuple[Sequence[Testimony], str | None]) -> Page[TestimonyRead]:
    rows, next_cursor = found
    return Page(items=[service.read(t) for t in rows], next_cursor=next_cursor)


@router.post(
    "/organisations/{org_id}/testimonies",
    status_code=status.HTTP_201_CREATED,
    response_model=TestimonyRead,
    summary="Contribute a survivor's testimony, with the consent given (members of the organisation)",
    **access(ORG_OWN_MEMBER),
)
async def contribute_testimony(
    org_id: uuid.UUID, body: TestimonyCreate, uow: UoW, caller: Caller, request: Request, response: Response
) -> TestimonyRead:
    testimony = await service.contribute(uow.session, _directory(request), caller, org_id, body)
    response.headers["Location"] = service.address(testimony.id)
    response.headers["ETag"] = service.etag(testimony)
    return service.read(testimony)


@router.get(
    "/organisations/{org_id}/testimonies",
    response_model=Page[TestimonyRead],
    summary="All of the organisation's testimonies, withdrawn ones included (members of the organisation)",
    **access(ORG_OWN_MEMBER),
)
async def list_organisation_testimonies(
    org_id: uuid.UUID, uow: UoW, cursor: uuid.UUID | None = None, limit: Limit = 100
) -> Page[TestimonyRead]:
    return _page(await service.of_organisation(uow.session, org_id, cursor, limit))


@router.put(
    "/organisations/{org_id}/testimonies/{testimony_id}/consent",
    response_model=TestimonyRead,
    summary="Narrow or withdraw the consent of a testimony (members of the organisation)",
    **access(ORG_OWN_MEMBER),
)
async def change_testimony_consent(
    org_id: uuid.UUID,
    testimony_id: uuid.UUID,
    body: ConsentChange,
    uow: UoW,
    request: Request,
    response: Response,
    if_match: PutIfMatch,
) -> TestimonyRead:
    retract = request.app.state.retract_testimony
    changed = await service.change_consent(uow, retract, _directory(request), org_id, testimony_id, body, if_match)
    # Names the testimony the answer shows, so that a withdrawal finds the answer kept for retries.
    response.headers["Content-Location"] = service.address(changed.id)
    response.headers["ETag"] = service.etag(changed)
    return service.read(changed)


@router.get(
    "/countries/{iso3}/testimonies",
    response_model=Page[TestimonyRead],
    summary="A country's testimonies the caller's consent reaches (public ones for everyone)",
    **access(PUBLIC),
)
async def list_country_testimonies(
    iso3: Country,
    uow: UoW,
    caller: Caller,
    request: Request,
    cursor: uuid.UUID | None = None,
    limit: Limit = 100,
) -> Page[TestimonyRead]:
    found = await service.visible_in(uow.session, _directory(request), caller, iso3.upper(), cursor, limit)
    return _page(found)


@router.get(
    "/testimonies/{testimony_id}",
    response_model=TestimonyRead,
    summary="One testimony, if its consent reaches the caller",
    **access(PUBLIC),
)
async def get_testimony(
    testimony_id: uuid.UUID, uow: UoW, caller: Caller, request: Request, response: Response
) -> TestimonyRead:
    found = await service.get(uow.session, _directory(request), caller, testimony_id)
    response.headers["ETag"] = service.etag(found)  # the same for every reader: the answer is
    return service.read(found)
