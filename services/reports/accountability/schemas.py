import re
import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from services.reports.document import Milestone
from shared.fields import refuse_null

Status = Literal["not_started", "in_progress", "achieved", "regressed"]
Confidence = Literal["low", "medium", "high"]
# The metrics catalogue's code format (so a code is safe in a URL path).
INDICATOR_CODE = re.compile(r"^[a-z][a-z0-9_]{2,63}$")
MAX_INDICATORS = 20
MAX_LINKS = 10


def _indicator_codes(codes: list[str] | None) -> list[str] | None:
    if codes is None:
        return None
    for code in codes:
        if not INDICATOR_CODE.fullmatch(code):
            raise ValueError(f"{code!r} is not an indicator code (lower-case letters, digits, underscores)")
    if len(set(codes)) != len(codes):
        raise ValueError("each indicator once")
    return codes


class CommitmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    milestone: Milestone = Field(description="One of the five milestones of the government-response framework")
    text: str = Field(min_length=3, max_length=4000, description="What the government committed to")
    responsible_body: str = Field(min_length=2, max_length=300, examples=["Ministry of Labour"])
    target_date: date | None = None
    indicators: list[str] = Field(
        default_factory=list, max_length=MAX_INDICATORS, description="Codes of adopted indicators measuring it"
    )
    note: str = Field(default="", max_length=4000)
    coalition_id: uuid.UUID | None = Field(
        default=None,
        description="The coalition entering it (one you administer, active in the country), whose admins then "
        "edit it; needed only when you administer several there. Platform admins may leave it out.",
    )

    _indicators = field_validator("indicators")(_indicator_codes)


class CommitmentUpdate(BaseModel):
    """Only the fields given change; `target_date: null` clears the date."""

    model_config = ConfigDict(extra="forbid")

    milestone: Milestone | None = None
    text: str | None = Field(default=None, min_length=3, max_length=4000)
    responsible_body: str | None = Field(default=None, min_length=2, max_length=300)
    target_date: date | None = None
    indicators: list[str] | None = Field(default=None, max_length=MAX_INDICATORS)
    note: str | None = Field(default=None, max_length=4000)

    _indicators = field_validator("indicators")(_indicator_codes)

    _not_null = field_validator("milestone", "text", "responsible_body", "indicators", "note", mode="before")(
        refuse_null
    )


class CommitmentRead(BaseModel):
    id: uuid.UUID
    country: str
    milestone: str
    text: str
    responsible_body: str
    target_date: date | None
    indicators: list[str]
    note: str
    coalition_id: uuid.UUID | None = Field(
        description="The coalition that entered it and edits it (null: platform admins)"
    )
    created_at: datetime
    updated_at: datetime


class AssessmentWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status
    evidence: str = Field(min_length=3, max_length=8000, description="What the organisation observed")
    links: list[HttpUrl] = Field(default_factory=list, max_length=MAX_LINKS, description="http(s) sources")
    confidence: Confidence = "medium"


class AssessmentRead(BaseModel):
    commitment_id: uuid.UUID
    organisation_id: uuid.UUID
    status: str
    evidence: str
    links: list[str]
    confidence: str
    created_at: datetime
    updated_at: datetime


class ConsolidationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Status
    rationale: str = Field(min_length=3, max_length=8000, description="Why this rating, given the assessments")


class ConsolidationRead(BaseModel):
    commitment_id: uuid.UUID
    coalition_id: uuid.UUID
    rating: str
    rationale: str
    assessments: list[AssessmentRead]
    dissent: list[AssessmentRead] = Field(description="Assessments whose status differs from the rating")
    assessments_changed: bool = Field(description="An assessment was written or revised after this rating")
    created_at: datetime
    updated_at: datetime
