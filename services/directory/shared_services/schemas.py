import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.directory import vocabularies
from services.directory.validation import check_countries, known_terms


class SharedServiceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    direction: Literal["offer", "need"]
    service_type: str = Field(description="A term of the 'shared_services' vocabulary")
    countries: list[str] = Field(default_factory=list, max_length=250, description="Where; empty means anywhere")
    description: str = Field(default="", max_length=2000)

    @field_validator("service_type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value in vocabularies.REFUSED_SHARED_SERVICES:
            raise ValueError(vocabularies.REFUSED_SHARED_SERVICES[value])
        return known_terms(vocabularies.SHARED_SERVICES, "shared service type", [value])[0]

    _countries = field_validator("countries")(check_countries)


class SharedServiceRead(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    direction: str
    service_type: str
    countries: list[str]
    description: str
    created_at: datetime


class SharedServiceMatch(BaseModel):
    service_type: str
    need: SharedServiceRead
    offer: SharedServiceRead
    countries: list[str] = Field(description="Where the offer can serve the need (empty: anywhere)")
