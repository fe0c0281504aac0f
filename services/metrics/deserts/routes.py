from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from services.metrics.deserts import service
from services.metrics.deserts.schemas import Deserts
from shared.auth import PUBLIC, Caller, access
from shared.db import UoW

router = APIRouter(prefix="/v1/metrics", tags=["metrics: collective impact"])


@router.get(
    "/deserts",
    response_model=Deserts,
    summary="Service deserts: where an indicator counts need and few organisations work",
    description="For each country of the region: the indicator's figure (exactly as /v1/metrics/aggregates "
    "publishes it to the caller, by country: hidden figures stay hidden), the directory's active organisations "
    "per form of exploitation x intervention, and the pairs with fewer than `max_organisations` organisations. "
    "Countries with a published figure and the fewest organisations come first.",
    **access(PUBLIC),
)
async def list_deserts(
    uow: UoW,
    request: Request,
    caller: Caller,
    indicator: Annotated[str, Query(max_length=64)],
    region: Annotated[str, Query(max_length=64, description="UN M49 region, e.g. Africa")],
    period: Annotated[list[str], Query(max_length=300)] = [],  # noqa: B006 - FastAPI copies defaults
    granularity: Literal["year", "quarter", "month"] = "year",
    max_organisations: Annotated[
        int, Query(ge=1, le=10_000, description="A pair is a gap with fewer organisations than this")
    ] = 1,
) -> JSONResponse:
    answer = await service.deserts(
        uow.session,
        request.app.state.directory,
        viewer_org=caller.organisation_id if caller.is_account else None,
        indicator=indicator,
        region=region,
        periods=period,
        granularity=granularity,
        max_organisations=max_organisations,
        rules=request.app.state.settings.disclosure(),
    )
    # Plain JSON already, like the aggregates: sent as is (the model documents it).
    return JSONResponse(answer)
