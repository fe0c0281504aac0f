import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from services.reports.models import RunStatus
from shared.fields import Iso3


class CountryBriefCreate(BaseModel):
    country: Iso3 = Field(description="ISO 3166-1 alpha-3 code", examples=["NPL"])


class Progress(BaseModel):
    stage: str
    percent: int


class CountryBriefRunRead(BaseModel):
    id: uuid.UUID
    country: str
    status: RunStatus
    progress: Progress
    attempts: int
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
