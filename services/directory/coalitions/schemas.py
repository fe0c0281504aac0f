import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.directory.validation import check_country
from shared.fields import NotBlank, refuse_null

CoalitionName = Annotated[str, Field(min_length=2, max_length=300), NotBlank]


class CoalitionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Nepal Freedom Coalition", "scope": "national", "country": "NPL"}]},
    )

    name: CoalitionName
    scope: Literal["national", "regional", "global"]
    country: str | None = Field(
        default=None,
        description="ISO 3166-1 alpha-3: required for a national coalition, which is active there; "
        "a regional or global coalition has none",
    )

    _country = field_validator("country")(check_country)


class CoalitionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: CoalitionName | None = None
    scope: Literal["national", "regional", "global"] | None = None

    # Only the fields given change; neither may be null.
    _not_null = field_validator("name", "scope", mode="before")(refuse_null)


class CoalitionRead(BaseModel):
    id: uuid.UUID
    name: str
    scope: str
    country: str | None
    demo: bool
    version: int
    created_at: datetime
    updated_at: datetime
