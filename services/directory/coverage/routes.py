from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.directory.coverage import service
from services.directory.coverage.schemas import CountryPairCoverage, CoverageCell, CoveragePage, CrossCoverage
from shared.auth import PUBLIC, access
from shared.caching import same_for_everyone
from shared.db import UoW
from shared.pagination import Cursor, Limit, Page, page_of

router = APIRouter(prefix="/v1/directory", tags=["directory: search"])
Terms = Annotated[list[str], Query(max_length=50)]
Countries = Annotated[list[str], Query(max_length=300, description="ISO 3166-1 alpha-3 codes (a whole region fits)")]


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
    response: Response,
    country: Countries = [],  # noqa: B006
    region: Terms = [],  # noqa: B006
    by: Annotated[
        str, Query(max_length=100, description="One to three of, comma-separated: country, form, intervention, sector")
    ] = "country,form,intervention",
    cursor: Cursor = None,
    limit: Limit = 100,
) -> CoveragePage:
    same_for_everyone(response)
    dimensions = [b.strip() for b in by.split(",") if b.strip()]
    table = await service.cross_coverage(uow.session, country, region, dimensions, fewest=1)
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
    response: Response,
    country: Countries = [],  # noqa: B006
    region: Terms = [],  # noqa: B006
    by: Annotated[
        str, Query(max_length=100, description="Two or three of, comma-separated: country, form, intervention, sector")
    ] = "country,form,intervention",
) -> CrossCoverage:
    same_for_everyone(response)
    dimensions = [b.strip() for b in by.split(",") if b.strip()]
    return CrossCoverage(**await service.cross_coverage(uow.session, country, region, dimensions))


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
    response: Response,
    country: Countries = [],  # noqa: B006
    region: Terms = [],  # noqa: B006
    by: Annotated[
        str, Query(max_length=100, description="Two of, comma-separated: form, intervention, sector")
    ] = "form,intervention",
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[CountryPairCoverage]:
    same_for_everyone(response)
    dimensions = [b.strip() for b in by.split(",") if b.strip()]
    rows = await service.pair_coverage(uow.session, country, region, dimensions)
    return page_of([CountryPairCoverage(**c) for c in rows], cursor, limit)
