import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from services.metrics.aggregates import service
from services.metrics.aggregates.schemas import AggregatesRead
from shared.auth import PUBLIC, Caller, ObjectRule, access, admitted_target
from shared.caching import same_for_everyone
from shared.db import UoW
from shared.identity import Identity
from shared.openapi import problems

router = APIRouter(prefix="/v1/metrics", tags=["metrics: collective impact"])
Terms = Annotated[list[str], Query(max_length=300)]


@dataclass
class AggregateQuery:
    indicator: str
    country: list[str]
    region: list[str]
    period: list[str]
    granularity: str
    by: str
    coalition: uuid.UUID | None = None

    @property
    def terms(self) -> list[str]:
        """The dimensions of `by`, in order."""
        return [b.strip() for b in self.by.split(",") if b.strip()]


async def _query(
    indicator: Annotated[str, Query(max_length=64)],
    country: Terms = [],  # noqa: B006 - FastAPI copies defaults
    region: Terms = [],  # noqa: B006
    period: Terms = [],  # noqa: B006
    granularity: Literal["year", "quarter", "month"] = "year",
    by: Annotated[
        str, Query(max_length=100, description="Up to two of: country, period, and the indicator's breakdowns")
    ] = "country",
    coalition: Annotated[
        uuid.UUID | None,
        Query(
            description="Figures as a coalition sees them together: public values and those its members share "
            "with it (for its active members, its reports and platform admins)"
        ),
    ] = None,
) -> AggregateQuery:
    return AggregateQuery(indicator, country, region, period, granularity, by, coalition)


async def _admitted_query(request: Request) -> AggregateQuery:
    """The query PUBLIC_OR_COALITION_VIEW resolved and admitted (every route answering figures
    declares that rule)."""
    query: AggregateQuery = admitted_target(request)
    return query


Params = Annotated[AggregateQuery, Depends(_admitted_query)]


async def _sees_asked_view(caller: Identity, q: AggregateQuery, request: Request) -> bool:
    """Public figures for everyone; a coalition's view for its active member organisations and
    platform admins (not the reports service: a report is written to be published)."""
    if q.coalition is None:
        return True
    if caller.is_account and caller.platform_admin:
        return True
    org = caller.organisation_id if caller.is_account else None
    return org is not None and q.coalition in await request.app.state.directory.active_coalitions(org)


# Declared on every route answering figures, so the check cannot be forgotten by one of them.
PUBLIC_OR_COALITION_VIEW = ObjectRule(
    "public_or_coalition_member",
    resolve=_query,
    check=_sees_asked_view,
    before=PUBLIC,
    refused="A coalition's figures are for its active member organisations.",
)


async def compute(uow: UoW, request: Request, caller: Caller, q: AggregateQuery) -> dict[str, object]:
    """The one way figures are produced, for the API and every export alike. The answer is plain
    JSON already (strings, numbers, None): routes send it as is, since FastAPI's generic encoder
    walking every cell took a fifth of a country-by-year request. Who may ask for a coalition's
    view is the routes' declared rule, PUBLIC_OR_COALITION_VIEW."""
    settings = request.app.state.settings
    return await service.aggregate(
        uow.session,
        request.app.state.directory,
        viewer_org=caller.organisation_id if caller.is_account else None,
        for_coalition=q.coalition,
        indicator=q.indicator,
        countries=[c.upper() for c in q.country],
        regions=q.region,
        periods=q.period,
        granularity=q.granularity,
        by=q.terms,
        rules=settings.disclosure(),
    )


@router.get(
    "/aggregates",
    summary="Figures across organisations, with contributors, coverage and disclosure control",
    description="Each figure is computed with the indicator's own method over public values (or, with "
    "`coalition`, the values shared with that coalition too), counting every breakdown and finer period in "
    "the coarser figures. A figure with too few contributing organisations, or a small sensitive count, is "
    "hidden (status C, nothing else given); published figures (F) carry a small deterministic noise "
    "(cell-key method, see `disclosure`). `own` is the caller's organisation's own value, never published.",
    response_model=AggregatesRead,
    responses=problems(403),  # `coalition` the caller does not belong to
    **access(PUBLIC_OR_COALITION_VIEW),
)
async def get_aggregates(uow: UoW, request: Request, caller: Caller, q: Params) -> JSONResponse:
    response = JSONResponse(await compute(uow, request, caller, q))
    if q.coalition is None and not (caller.is_account and caller.organisation_id):
        same_for_everyone(response)  # the public figures, with no caller's own values beside them
    return response
