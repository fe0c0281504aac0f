from datetime import date, datetime

from sqlalchemy import DateTime, Index, false, func
from sqlmodel import Field, SQLModel

from services.directory.models import SCHEMA


class Country(SQLModel, table=True):
    __tablename__ = "countries"
    __table_args__ = (
        Index("ix_countries_region", "region"),
        Index("ix_countries_pathfinder", "pathfinder"),
        {"schema": SCHEMA},
    )

    iso3: str = Field(primary_key=True, max_length=3)
    iso2: str = Field(max_length=2, unique=True)
    m49: str = Field(max_length=3)
    name: str
    region: str | None = None
    subregion: str | None = None
    pathfinder: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    pathfinder_workshop_date: date | None = None
    pathfinder_workshop_note: str | None = None
    roadmap_adopted_on: date | None = None
    updated_at: datetime = Field(
        sa_type=DateTime(timezone=True), sa_column_kwargs={"server_default": func.now(), "onupdate": func.now()}
    )


class ActionGroup(SQLModel, table=True):
    __tablename__ = "action_groups"
    __table_args__ = {"schema": SCHEMA}

    slug: str = Field(primary_key=True, max_length=64)
    name: str
    description: str
