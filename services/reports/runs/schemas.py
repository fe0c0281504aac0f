import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.reports.document import Language, Template
from shared.fields import Iso3, Period


class ReportCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "country": "NPL",
                    "period": "2024",
                    "coalition_id": "6f1c2a9e-3b7d-4e0a-9c55-1d2e3f4a5b6c",
                    "template": "accountability-shadow-report",
                    "language": "en",
                }
            ]
        },
    )

    country: Iso3 = Field(description="ISO 3166-1 alpha-3", examples=["NPL"])
    period: Period = Field(description="The reporting period: 2024, 2024-Q2 or 2024-05", examples=["2024"])
    coalition_id: uuid.UUID = Field(description="The authoring coalition")
    template: Template = "accountability-shadow-report"
    language: Language = "en"


class ReportProgress(BaseModel):
    stage: str
    percent: int


class ReportRunRead(BaseModel):
    id: uuid.UUID
    country: str
    period: str
    coalition_id: uuid.UUID
    template: str
    language: str
    status: Literal["queued", "running", "done", "failed"]
    progress: ReportProgress
    attempts: int
    error: str | None
    workflow: Literal["draft", "in_review", "published"]
    edition: int
    previous_id: uuid.UUID | None
    same_as: uuid.UUID | None = Field(description="An earlier run with the same inputs, whose report this is")
    content_hash: str | None = Field(
        description="sha256 of the inputs; null once the report is withdrawn (`needs_regeneration`)"
    )
    needs_regeneration: bool
    regeneration_reason: str | None
    public_url: str | None
    artifacts: dict[str, str] = Field(description="Format -> path, once generated")
    created_at: datetime
    finished_at: datetime | None
    published_at: datetime | None


class PublishedReportRead(BaseModel):
    """A published report, as the public list shows it."""

    id: uuid.UUID
    country: str
    period: str
    coalition_id: uuid.UUID
    template: str
    language: str
    edition: int
    published_at: datetime
    public_url: str = Field(description="Its HTML page")
    forms: dict[str, str] = Field(description="Format -> path of the published report in that form")
