import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from services.reports.models import RunStatus


class CountryBriefCreate(BaseModel):
    country: str = Field(description="ISO 3166-1 alpha-3 code", examples=["NPL"])

    @field_validator("country")
    @classmethod
    def _iso3(cls, value: str) -> str:
        value = value.strip().upper()
        if len(value) != 3 or not value.isascii() or not value.isalpha():
            raise ValueError("must be an ISO 3166-1 alpha-3 code such as 'NPL'")
        return value


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
