"""The reports service's view of its peers' answers."""

import asyncio
import uuid
from collections.abc import Iterable
from datetime import date

import httpx
from pydantic import BaseModel

from shared.errors import UpstreamUnavailable
from shared.http import call


class CountryView(BaseModel):
    iso3: str
    name: str
    region: str | None
    subregion: str | None
    pathfinder: bool
    pathfinder_workshop_date: date | None
    pathfinder_workshop_note: str | None
    roadmap_adopted_on: date | None


class DirectoryClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def get_country(self, iso3: str) -> CountryView | None:
        response = await call(self.http, "GET", f"/v1/directory/countries/{iso3}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise UpstreamUnavailable(f"The directory answered {response.status_code} for country {iso3}.")
        return CountryView.model_validate(response.json())

    async def _json(self, url: str, what: str) -> object | None:
        """The answer's JSON, or None when the directory does not know `what`."""
        response = await call(self.http, "GET", url)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise UpstreamUnavailable(f"The directory answered {response.status_code} for {what}.")
        return response.json()

    async def get_coalition(self, coalition_id: uuid.UUID) -> "CoalitionView | None":
        found = await self._json(f"/v1/directory/coalitions/{coalition_id}", f"coalition {coalition_id}")
        return None if found is None else CoalitionView.model_validate(found)

    async def get_organisation(self, organisation_id: uuid.UUID) -> "OrganisationView | None":
        found = await self._json(f"/v1/directory/organisations/{organisation_id}", f"organisation {organisation_id}")
        return None if found is None else OrganisationView.model_validate(found)

    async def active_members(self, coalition_id: uuid.UUID) -> set[uuid.UUID]:
        """The coalition's active member organisations."""
        members: set[uuid.UUID] = set()
        cursor: str | None = None
        while True:  # a page at a time
            query = f"?limit=100&cursor={cursor}" if cursor else "?limit=100"
            found = await self._json(f"/v1/directory/coalitions/{coalition_id}/members{query}", "members")
            page = found if isinstance(found, dict) else {}
            members |= {uuid.UUID(m["member_id"]) for m in page.get("items", []) if m["member_kind"] == "organisation"}
            cursor = page.get("next_cursor")
            if not cursor:
                return members

    async def members_of(self, coalition_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
        """Each coalition's active member organisations, the coalitions asked at once."""
        ids = sorted(set(coalition_ids))
        return dict(zip(ids, await asyncio.gather(*(self.active_members(c) for c in ids)), strict=True))

    async def active_coalitions(self, organisation_id: uuid.UUID) -> set[uuid.UUID]:
        """The coalitions the organisation is an active member of."""
        # One page holds them all: an organisation is active in a handful of coalitions, 500 at most.
        url = f"/v1/directory/organisations/{organisation_id}/memberships?limit=500"
        found = await self._json(url, "memberships")
        return {uuid.UUID(m["coalition_id"]) for m in (found or {"items": []})["items"]}  # type: ignore[index]


class CoalitionView(BaseModel):
    id: uuid.UUID
    name: str
    scope: str
    country: str | None  # set for national coalitions only


class OrganisationView(BaseModel):
    id: uuid.UUID
    name: str


class MetricsClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def indicator_status(self, code: str) -> str | None:
        """The indicator's lifecycle status in the catalogue, or None when there is no such code."""
        response = await call(self.http, "GET", f"/v1/metrics/indicators/{code}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise UpstreamUnavailable(f"The metrics service answered {response.status_code} for indicator {code}.")
        return str(response.json()["status"])
