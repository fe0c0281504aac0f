import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ImportProgress(BaseModel):
    stage: str
    percent: int


class ImportCounts(BaseModel):
    rows_total: int
    created: int
    updated: int
    unchanged: int
    failed: int


class ImportRead(BaseModel):
    id: uuid.UUID
    status: str
    format: str
    progress: ImportProgress
    counts: ImportCounts
    errors: list[dict[str, Any]] = Field(description="Per row: row number, external_id, field, reason")
    error: str | None = Field(description="Why the whole import failed, if it did")
    created_at: datetime
    finished_at: datetime | None
