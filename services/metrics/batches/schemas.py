import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from services.metrics.vocabularies import BatchStatus


class BatchCounts(BaseModel):
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: int


class BatchRead(BaseModel):
    id: uuid.UUID
    status: Literal[
        BatchStatus.QUEUED, BatchStatus.RUNNING, BatchStatus.APPLIED, BatchStatus.REJECTED, BatchStatus.FAILED
    ]
    atomic: str = Field(description="How the batch is applied")
    progress: dict[str, Any]
    counts: BatchCounts
    errors: list[dict[str, Any]] = Field(description="Row (1 = first data row), field and reason; at most 1,000")
    created_at: datetime
    finished_at: datetime | None
