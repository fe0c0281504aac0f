"""The reports service's view of its peers' answers."""

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
