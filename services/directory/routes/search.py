import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from services.directory import vocabularies
from services.directory.repository.search import Filters
from services.directory.schemas import (
    CountryPairCoverage,
    CoverageCell,
    CoveragePage,
    CrossCoverage,
    OrganisationPage,
    OrganisationRead,
    PartnerMatch,
)
from services.directory.service import crosstab
from services.directory.service import search as service
from shared.auth import PUBLIC, access
from shared.db import UoW
from shared.pagination import Cursor, Limit, Page, offset_of, page_of

router = APIRouter(prefix="/v1/directory", tags=["directory: search"])
MAX_PAGE = 100
Terms = Annotated[list[str], Query(max_length=50)]
Countries = Annotated[list[str], Query(max_length=300, description="ISO 3166-1 alpha-3 codes (a whole region fits)")]


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
) -> OrganisationPage:
    rows, next_cursor, total, facets = await service.search(
        uow.session, filters, order=order, cursor=cursor, limit=limit, facet_cache=request.app.state.facet_cache
    )
    page = OrganisationPage(
        items=[OrganisationRead.model_validate(r) for r in rows], next_cursor=next_cursor, total=total, facets=facets
    )
    # Already validated: answer it as is (FastAPI would validate the whole page a second time).
    return Response(page.model_dump_json(), media_type="application/json")  # type: ignore[return-value]


@router.get(
    "/organisations/{org_id}/matches",
    response_model=Page[PartnerMatch],
    summary="Potential partners, best first, with the reasons (filters as in search)",
    **access(PUBLIC),
)
async def partner_matches(
    org_id: uuid.UUID, uow: UoW, filters: FilterParams, limit: PageSize = 20, cursor: Cursor = None
) -> Page[PartnerMatch]:
    # The best matches down to this page's last one, and one more to know whether a page follows.
    found = await service.partner_matches(uow.session, org_id, filters, offset_of(cursor) + limit + 1)
    matches = [PartnerMatch(organisation=OrganisationRead.model_validate(m), **m) for m in found]
    return page_of(matches, cursor, limit)


@router.get(
    "/coverage",
    response_model=CoveragePage,
    summary="Who works on each combination of one to three of country, form, intervention and sector, page by page",
    description="The cross-tabulation of `/coverage/cross`, paged: every combination of the terms is an item, "
    "those nobody works on too (`organisations: 0`, the gaps). One dimension gives each term's count "
    "(`by=country`: organisations per country). Countries: those given, else those of the regions, else the "
    "Pathfinder Countries; without `country` in `by`, an organisation counts once for all of them.",
    **access(PUBLIC),
)
async def get_coverage(
    uow: UoW,
    country: Countries = [],  # noqa: B006
    region: Terms = [],  # noqa: B006
    by: Annotated[
        str, Query(max_length=100, description="One to three of, comma-separated: country, form, intervention, sector")
    ] = "country,form,intervention",
    cursor: Cursor = None,
    limit: Limit = 100,
) -> CoveragePage:
    dimensions = [b.strip() for b in by.split(",") if b.strip()]
    table = await crosstab.cross_coverage(uow.session, country, region, dimensions, fewest=1)
    page = page_of([CoverageCell(**c) for c in table["cells"]], cursor, limit)
    return CoveragePage(
        items=page.items,
        next_cursor=page.next_cursor,
        by=table["by"],
        countries=table["countries"],
        empty=table["empty"],
    )


@router.get(
    "/coverage/cross",
    response_model=CrossCoverage,
    summary="Who works on each combination of two or three of country, form, intervention and sector",
    description="Every combination of the terms is listed, those nobody works on too (`organisations: 0`; "
    "`empty` counts them). Countries: those given, else those of the regions, else the Pathfinder Countries; "
    "without `country` in `by`, an organisation counts once for all of them.",
    **access(PUBLIC),
)
async def get_cross_coverage(
    uow: UoW,
    country: Countries = [],  # noqa: B006
    region: Terms = [],  # noqa: B006
    by: Annotated[
        str, Query(max_length=100, description="Two or three of, comma-separated: country, form, intervention, sector")
    ] = "country,form,intervention",
) -> CrossCoverage:
    dimensions = [b.strip() for b in by.split(",") if b.strip()]
    return CrossCoverage(**await crosstab.cross_coverage(uow.session, country, region, dimensions))


@router.get(
    "/coverage/pairs",
    response_model=Page[CountryPairCoverage],
    summary="Who works where on each pair of terms (form x intervention by default), and the pairs nobody covers",
    description="Per country, the active organisations working there on each pair of terms of two dimensions, "
    "every pair listed (zeros too). Countries: those given, else those of the regions, else the Pathfinder "
    "Countries.",
    **access(PUBLIC),
)
async def get_pair_coverage(
    uow: UoW,
    country: Countries = [],  # noqa: B006
    region: Terms = [],  # noqa: B006
    by: Annotated[
        str, Query(max_length=100, description="Two of, comma-separated: form, intervention, sector")
    ] = "form,intervention",
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[CountryPairCoverage]:
    dimensions = [b.strip() for b in by.split(",") if b.strip()]
    rows = await service.pair_coverage(uow.session, country, region, dimensions)
    return page_of([CountryPairCoverage(**c) for c in rows], cursor, limit)
