import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from services.reports.document import Addressee

Finding = Annotated[str, Field(min_length=1, max_length=4000)]


class RecommendationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    addressee: Addressee = Field(description="government, business, trade_unions or alliance")
    text: str = Field(min_length=1, max_length=4000)
    commitments: list[uuid.UUID] = Field(default_factory=list, max_length=50, description="Commitments it is tied to")


class PrevalenceWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    estimate: str = Field(min_length=1, max_length=200, examples=["1.7 per 1,000 people"])
    year: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    source: str = Field(
        min_length=3, max_length=500, description="The citation", examples=["Global Slavery Index 2023"]
    )
    url: HttpUrl | None = None


class ContentWrite(BaseModel):
    """The coalition's words for the report: each write is a new version."""

    model_config = ConfigDict(extra="forbid")

    headline_findings: list[Finding] = Field(default_factory=list, max_length=20)
    recommendations: list[RecommendationWrite] = Field(default_factory=list, max_length=100)
    context: str = Field(default="", max_length=20_000, description="Country context, in the report's language")
    prevalence: list[PrevalenceWrite] = Field(default_factory=list, max_length=20)
    limits: str = Field(default="", max_length=20_000, description="Limits of the data")


class ContentRead(BaseModel):
    coalition_id: uuid.UUID
    country: str
    period: str
    language: str
    version: int
    headline_findings: list[str]
    recommendations: list[RecommendationWrite]
    context: str
    prevalence: list[PrevalenceWrite]
    limits: str
    created_by: uuid.UUID | None
    created_at: datetime
