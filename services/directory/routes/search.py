import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from services.directory import vocabularies
from services.directory.repository.search import Filters
from services.directory.schemas import OrganisationPage, OrganisationRead
from services.directory.service import search as service
from shared.auth import PUBLIC, access
from shared.db import UoW

router = APIRouter(prefix="/v1/directory", tags=["directory: search"])
MAX_PAGE = 100
Terms = Annotated[list[str], Query(max_length=50)]


@router.get("/vocabularies", summary="The controlled vocabularies (slug -> label)", **access(PUBLIC))
async def list_vocabularies() -> dict[str, dict[str, str]]:
    return vocabularies.ALL


@router.get(
    "/organisations",
    response_model=OrganisationPage,
    summary="Search organisations, with facet counts",
    **access(PUBLIC),
)
async def search_organisations(
    uow: UoW,
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
    order: Literal["relevance", "name"] = "relevance",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
) -> OrganisationPage:
    filters = Filters(
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
    rows, next_cursor, total, facets = await service.search(
        uow.session, filters, order=order, cursor=cursor, limit=limit
    )
    page = OrganisationPage(
        items=[OrganisationRead.model_validate(r) for r in rows], next_cursor=next_cursor, total=total, facets=facets
    )
    # Already validated: answer it as is (FastAPI would validate the whole page a second time).
    return Response(page.model_dump_json(), media_type="application/json")  # type: ignore[return-value]
