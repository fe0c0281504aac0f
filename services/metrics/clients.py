"""The metrics service's view of the directory: known countries, and who is in which coalition."""

import time
import uuid

import httpx

from shared.errors import UpstreamUnavailable
from shared.http import call

COUNTRIES_TTL_SECONDS = 3600.0


class DirectoryClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self._countries: tuple[float, dict[str, str | None]] | None = None

    async def _get(self, url: str, **params: object) -> object:
        response = await call(self.http, "GET", url, params=params)
        if response.status_code != 200:
            raise UpstreamUnavailable(f"The directory answered {response.status_code} for {url}.")
        return response.json()

    async def country_regions(self) -> dict[str, str | None]:
        """ISO 3166-1 alpha-3 code -> UN region, fetched once an hour (reference data changes rarely)."""
        if self._countries is None or time.monotonic() - self._countries[0] > COUNTRIES_TTL_SECONDS:
            page = await self._get("/v1/directory/countries", limit=500)
            self._countries = (time.monotonic(), {c["iso3"]: c["region"] for c in page["items"]})  # type: ignore[index]
        return self._countries[1]

    async def country_codes(self) -> frozenset[str]:
        return frozenset(await self.country_regions())

    async def organisations_in(self, countries: list[str]) -> dict[str, int]:
        """How many organisations the directory knows in each country (for coverage)."""
        if not countries:
            return {}
        rows = await self._get("/v1/directory/coverage", country=countries, by="")  # totals only
        return {r["country"]: r["organisations"] for r in rows}  # type: ignore[index, union-attr]

    async def active_coalitions(self, organisation_id: uuid.UUID) -> set[uuid.UUID]:
        memberships = await self._get(f"/v1/directory/organisations/{organisation_id}/memberships")
        return {uuid.UUID(m["coalition_id"]) for m in memberships}  # type: ignore[union-attr, index]
