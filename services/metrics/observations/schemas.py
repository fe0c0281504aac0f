import re
import string
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from services.metrics.vocabularies import NUMBER, REASONS, ObservationStatus, Visibility
from shared.fields import Iso3, Period


def _written_number(value: Any) -> Any:
    """A number given as text is read as a batch reads its cells: NUMBER, spaces around it left out."""
    if isinstance(value, str):
        value = value.strip(" ")
        if not re.fullmatch(NUMBER, value):
            raise ValueError(REASONS["number"])
    return value


def _subdivision(value: str) -> str:
    """Spaces around left out, and ASCII letters raised (as the batch's SQL reads a cell)."""
    return value.strip(" ").translate(ASCII_CAPITALS)


ASCII_CAPITALS = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
NUMBER_NOTE = "A JSON number, or text in the digits 0-9 with an optional sign, decimal point and exponent"
# A value or a weight: a JSON number, or text written as NUMBER allows.
WrittenNumber = Annotated[Decimal, BeforeValidator(_written_number)]


class ObservationWrite(BaseModel):
    """One value, identified by indicator, country, subdivision, period and disaggregation
    (the reporting organisation is in the path)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "indicator": "people_identified",
                    "country": "NPL",
                    "period": "2024",
                    "disaggregation": {"sex": "female"},
                    "value": 42,
                    "visibility": "public",
                    "status": "final",
                }
            ]
        },
    )

    indicator: str
    country: Iso3 = Field(description="ISO 3166-1 alpha-3")
    subdivision: Annotated[str, AfterValidator(_subdivision)] = Field(
        default="",
        max_length=16,
        description="Optional: an ISO 3166-2 code of the country's subdivisions (KE-30 for a value of KEN)",
    )
    period: Period = Field(description="2024, 2024-Q2 or 2024-05, starting in a year from 2000 to next year")
    disaggregation: dict[str, str] = Field(default_factory=dict, examples=[{"sex": "female", "age_group": "child"}])
    value: WrittenNumber = Field(description=f"{NUMBER_NOTE} (1200, -3.5, 2.5e3)")
    weight: WrittenNumber | None = Field(
        default=None,
        description="Only for an indicator aggregated by weighted_mean, and there required and above 0: what the "
        f"value stands for (e.g. the people a percentage was measured over). {NUMBER_NOTE}.",
    )
    method_note: str = Field(default="", max_length=4000)
    source: str = Field(default="", max_length=1000)
    visibility: Literal[Visibility.PRIVATE, Visibility.COALITION, Visibility.PUBLIC] = Visibility.PRIVATE
    coalition_id: uuid.UUID | None = Field(default=None, description="With visibility 'coalition'")
    status: Literal[ObservationStatus.PROVISIONAL, ObservationStatus.FINAL] = ObservationStatus.PROVISIONAL

    @model_validator(mode="after")
    def _coalition(self) -> "ObservationWrite":
        if (self.visibility == Visibility.COALITION) != (self.coalition_id is not None):
            raise ValueError("coalition_id goes with visibility 'coalition', and only with it")
        return self


class ObservationRead(BaseModel):
    id: uuid.UUID
    indicator: str
    indicator_version: int
    organisation_id: uuid.UUID
    country: str
    subdivision: str
    period: str
    period_start: date
    period_end: date
    disaggregation: dict[str, str]
    value: Decimal
    weight: Decimal | None
    method_note: str
    source: str
    visibility: str
    coalition_id: uuid.UUID | None
    status: str
    revision: int
    updated_at: datetime


class ObservationRevisionRead(BaseModel):
    revision: int
    indicator_version: int
    value: Decimal
    weight: Decimal | None
    method_note: str
    source: str
    visibility: str
    coalition_id: uuid.UUID | None
    status: str
    changed_by: uuid.UUID | None
    request_id: str | None
    changed_at: datetime
