import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.reports.document import Milestone
from shared.fields import Iso3

Scope = Literal["internal", "coalition", "public"]


def _coalition_goes_with_scope(consent: str, coalition_id: uuid.UUID | None) -> None:
    if (consent == "coalition") != (coalition_id is not None):
        raise ValueError("coalition_id goes with consent 'coalition', and only with it")


class TestimonyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quote: str = Field(min_length=1, max_length=4000, description="The survivor's words, as they agreed to share them")
    context: str = Field(default="", max_length=2000, description="Non-identifying context, e.g. 'worked in a kiln'")
    country: Iso3 = Field(description="ISO 3166-1 alpha-3", examples=["NPL"])
    milestone: Milestone | None = None
    consent: Scope = Field(description="internal: your organisation only; coalition: its members; public: reports")
    coalition_id: uuid.UUID | None = Field(default=None, description="With consent 'coalition'")

    @model_validator(mode="after")
    def _coalition(self) -> "TestimonyCreate":
        _coalition_goes_with_scope(self.consent, self.coalition_id)
        return self


class ConsentChange(BaseModel):
    """A narrower consent than the current one, or its withdrawal."""

    model_config = ConfigDict(extra="forbid")

    consent: Literal["internal", "coalition", "public", "withdrawn"]
    coalition_id: uuid.UUID | None = Field(default=None, description="With consent 'coalition'")

    @model_validator(mode="after")
    def _coalition(self) -> "ConsentChange":
        _coalition_goes_with_scope(self.consent, self.coalition_id)
        return self


class TestimonyRead(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    country: str
    milestone: str | None
    quote: str = Field(description="Empty once consent is withdrawn")
    context: str
    consent: str
    coalition_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    withdrawn_at: datetime | None
