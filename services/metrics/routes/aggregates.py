from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from services.metrics import privacy
from services.metrics.service import aggregates as service
from shared.auth import PUBLIC, Caller, access
from shared.db import UoW

router = APIRouter(prefix="/v1/metrics", tags=["metrics: collective impact"])
Terms = Annotated[list[str], Query(max_length=300)]


@router.get(
    "/aggregates",
    summary="Figures across organisations, with contributors, coverage and disclosure control",
    description="Each figure is computed with the indicator's own method over the observations the caller "
    "may see. A figure with too few contributing organisations, or a small sensitive count, is hidden "
    "(status C), and so are the figures that would let it be worked out (status D); published ones are F.",
    **access(PUBLIC),
)
async def aggregates(
    uow: UoW,
    request: Request,
    caller: Caller,
    indicator: Annotated[str, Query(max_length=64)],
    country: Terms = [],  # noqa: B006
    region: Terms = [],  # noqa: B006
    period: Terms = [],  # noqa: B006
    granularity: Literal["year", "quarter", "month"] = "year",
    by: Annotated[
        str, Query(max_length=100, description="Up to two of: country, period, and the indicator's breakdowns")
    ] = "country",
) -> dict[str, object]:
    settings = request.app.state.settings
    return await service.aggregate(
        uow.session,
        request.app.state.directory,
        viewer_org=caller.organisation_id if caller.is_account else None,
        indicator=indicator,
        countries=[c.upper() for c in country],
        regions=region,
        periods=period,
        granularity=granularity,
        by=[b.strip() for b in by.split(",") if b.strip()],
        rules=privacy.Rules(settings.min_contributors, settings.min_sensitive_count),
    )
