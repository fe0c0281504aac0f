import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from shared.audit import audit_table
from shared.db import utcnow

SCHEMA = "reports"
AuditLog = audit_table(SCHEMA)


class RunStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class CountryBriefRun(SQLModel, table=True):
    __tablename__ = "country_brief_runs"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    country: str = Field(max_length=3)
    status: RunStatus = Field(default=RunStatus.queued, sa_type=String(16))
    stage: str = "queued"
    percent: int = 0
    attempts: int = 0
    result: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    error: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    # Set in Python (not by the server) so the value is known after a flush without a reload.
    updated_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), sa_column_kwargs={"onupdate": utcnow}
    )
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
