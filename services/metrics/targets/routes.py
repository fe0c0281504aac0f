from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from services.metrics.targets import service
from services.metrics.targets.schemas import Progress, TargetRead, TargetWrite
from shared.auth import PLATFORM_ADMIN, PUBLIC, Caller, access
from shared.db import UoW
from shared.pagination import Cursor, Limit, Page, page_of
from shared.preconditions import PutIfMatch

router = APIRouter(prefix="/v1/metrics/targets", tags=["metrics: baselines and targets"])
Code = Annotated[str, Path(max_length=64)]
Country = Annotated[str, Path(pattern=r"^[A-Z]{3}$")]


@router.get("", response_model=Page[TargetRead], summary="Baselines and targets", **access(PUBLIC))
async def list_targets(
    uow: UoW,
    indicator: Annotated[str | None, Query(max_length=64)] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> Page[TargetRead]:
    return page_of([service.read(t) for t in await service.listing(uow.session, indicator, country)], cursor, limit)


@router.put(
    "/{indicator}/{country}",
    response_model=TargetRead,
    summary="Set a country's baseline and target (platform admins)",
    **access(PLATFORM_ADMIN),
)
async def put_target(
    indicator: Code,
    country: Country,
    body: TargetWrite,
    uow: UoW,
    caller: Caller,
    request: Request,
    response: Response,
    if_match: PutIfMatch,
) -> TargetRead:
    target = await service.put(uow.session, request.app.state.directory, caller, indicator, country, body, if_match)
    response.headers["ETag"] = service.etag(target)
    return service.read(target)


@router.get(
    "/{indicator}/{country}/progress",
    response_model=Progress,
    summary="Where the latest published figure stands between baseline and target",
    **access(PUBLIC),
)
async def target_progress(indicator: Code, country: Country, uow: UoW, caller: Caller, request: Request) -> Progress:
    settings = request.app.state.settings
    found = await service.progress(
        uow.session,
        request.app.state.directory,
        viewer_org=caller.organisation_id if caller.is_account else None,
        indicator=indicator,
        country=country,
        rules=settings.disclosure(),
    )
    return Progress(**{**found, "target": service.read(found["target"])})
