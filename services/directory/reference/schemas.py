from datetime import date

from pydantic import BaseModel


class CountryRead(BaseModel):
    iso3: str
    iso2: str
    m49: str
    name: str
    region: str | None
    subregion: str | None
    pathfinder: bool
    pathfinder_workshop_date: date | None
    pathfinder_workshop_note: str | None
    roadmap_adopted_on: date | None


class ActionGroupRead(BaseModel):
    slug: str
    name: str
    description: str
