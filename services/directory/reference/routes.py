from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from services.directory.reference import service
from services.directory.reference.schemas import ActionGroupRead, CountryRead
from shared.auth import PUBLIC, access
from shared.caching import same_for_everyone
from shared.db import UoW
from shared.pagination import Cursor, Limit, Page, page_of

router = APIRouter(prefix="/v1/directory", tags=["directory: reference data"])

ISO3 = Annotated[str, Path(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 code")]


@router.get("/countries", response_model=Page[CountryRead], summary="List countries", **access(PUBLIC))
async def list_countries(
    uow: UoW,
    response: Response,
    pathfinder: Annotated[bool | None, Query(description="Only Alliance 8.7 Pathfinder Countries")] = None,
    region: Annotated[str | None, Query(max_length=64, description="UN M49 region, e.g. Africa")] = None,
    cursor: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    limit: Limit = 300,
) -> dict[str, Any]:
    countries, next_cursor = await service.list_countries(
        uow.session, pathfinder=pathfinder, region=region, cursor=cursor, limit=limit
    )
    same_for_everyone(response)
    return {"items": countries, "next_cursor": next_cursor}  # validated and written by its response_model


@router.get("/countries/{iso3}", response_model=CountryRead, summary="One country", **access(PUBLIC))
async def get_country(uow: UoW, response: Response, iso3: ISO3) -> CountryRead:
    same_for_everyone(response)
    return CountryRead.model_validate(await service.get_country(uow.session, iso3), from_attributes=True)


@router.get(
    "/action-groups", response_model=Page[ActionGroupRead], summary="Alliance 8.7 action groups", **access(PUBLIC)
)
async def list_action_groups(
    uow: UoW, response: Response, cursor: Cursor = None, limit: Limit = 100
) -> Page[ActionGroupRead]:
    same_for_everyone(response)
    return page_of(
        [
            ActionGroupRead.model_validate(g, from_attributes=True)
            for g in await service.list_action_groups(uow.session)
        ],
        cursor,
        limit,
    )
