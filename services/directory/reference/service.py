from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory import seed
from services.directory.models.reference import ActionGroup, Country
from services.directory.reference import repository
from shared.errors import NotFound


async def load_reference_data(session: AsyncSession) -> None:
    await repository.upsert(session, Country, "iso3", seed.country_rows())
    await repository.upsert(session, ActionGroup, "slug", seed.ACTION_GROUPS)
    await session.flush()


async def list_countries(
    session: AsyncSession, *, pathfinder: bool | None, region: str | None, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    countries = await repository.list_countries(
        session, pathfinder=pathfinder, region=region, after=cursor, limit=limit + 1
    )
    next_cursor = countries[limit - 1]["iso3"] if len(countries) > limit else None
    return countries[:limit], next_cursor


async def get_country(session: AsyncSession, iso3: str) -> Country:
    country = await repository.get_country(session, iso3.upper())
    if country is None:
        raise NotFound(f"No country with ISO 3166-1 alpha-3 code {iso3!r}.")
    return country


async def list_action_groups(session: AsyncSession) -> Sequence[ActionGroup]:
    return await repository.list_action_groups(session)
