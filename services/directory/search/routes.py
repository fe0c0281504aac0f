import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from services.directory import vocabularies
from services.directory.organisations.schemas import OrganisationRead
from services.directory.search import service
from services.directory.search.schemas import OrganisationPage, PartnerMatch
from services.directory.search.service import Filters
from shared.auth import PUBLIC, access
from shared.caching import same_for_everyone
from shared.db import UoW
from shared.pagination import Cursor, Page, offset_of, page_of

router = APIRouter(prefix="/v1/directory", tags=["directory: search"])
MAX_PAGE = 100
Terms = Annotated[list[str], Query(max_length=50)]


@router.get("/vocabularies", summary="The controlled vocabularies (slug -> label)", **access(PUBLIC))
async def list_vocabularies() -> dict[str, dict[str, str]]:
    return vocabularies.ALL


async def filter_params(
    q: Annotated[str | None, Query(max_length=200, description="Words from the name, acronym or description")] = None,
    country: Terms = [],  # noqa: B006 - FastAPI copies defaults
    region: Terms = [],  # noqa: B006
    form: Terms = [],  # noqa: B006
    intervention: Terms = [],  # noqa: B006
    sector: Terms = [],  # noqa: B006
    kind: Terms = [],  # noqa: B006
    survivor_led: bool | None = None,
    coalition: uuid.UUID | None = None,
    pathfinder: Annotated[bool | None, Query(description="Works in an Alliance 8.7 Pathfinder Country")] = None,
) -> Filters:
    """The filters of search and matching: any of the values of a repeated parameter, all parameters."""
    return Filters(
        q=q,
        countries=country,
        regions=region,
        forms=form,
        interventions=intervention,
        sectors=sector,
        kinds=kind,
        survivor_led=survivor_led,
        coalition=coalition,
        pathfinder=pathfinder,
    )


FilterParams = Annotated[Filters, Depends(filter_params)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE)]


@router.get(
    "/organisations",
    response_model=OrganisationPage,
    summary="Search organisations, with facet counts",
    **access(PUBLIC),
)
async def search_organisations(
    uow: UoW,
    request: Request,
    filters: FilterParams,
    order: Literal["relevance", "name"] = "relevance",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: PageSize = 20,
) -> Response:
    rows, next_cursor, total, facets = await service.search(
        uow.session,
        filters,
        order=order,
        cursor=cursor,
        limit=limit,
        facet_cache=request.app.state.facet_cache,
        grams=request.app.state.gram_frequencies,
    )
    page = OrganisationPage(
        items=[OrganisationRead.model_validate(r) for r in rows], next_cursor=next_cursor, total=total, facets=facets
    )
    # Already validated: answer it as is (FastAPI would validate the whole page a second time).
    response = Response(page.model_dump_json(), media_type="application/json")
    same_for_everyone(response)  # nothing in a search depends on who asks
    return response


@router.get(
    "/organisations/{org_id}/matches",
    response_model=Page[PartnerMatch],
    summary="Potential partners, best first, with the reasons (filters as in search)",
    **access(PUBLIC),
)
async def partner_matches(
    org_id: uuid.UUID, uow: UoW, request: Request, filters: FilterParams, limit: PageSize = 20, cursor: Cursor = None
) -> Page[PartnerMatch]:
    # The best matches down to this page's last one, and one more to know whether a page follows.
    grams = request.app.state.gram_frequencies
    found = await service.partner_matches(uow.session, org_id, filters, offset_of(cursor) + limit + 1, grams)
    matches = [PartnerMatch(organisation=OrganisationRead.model_validate(m), **m) for m in found]
    return page_of(matches, cursor, limit)
