import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, LargeBinary, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from services.directory.models import SCHEMA
from services.directory.statuses import ImportStatus
from shared.db import created_stamp, empty_list, updated_stamp


class ImportRun(SQLModel, table=True):
    """A bulk import: the uploaded file, its progress, and the per-row report."""

    __tablename__ = "import_runs"
    __table_args__ = (
        Index("ix_import_runs_unfinished", "updated_at", postgresql_where=text("status IN ('queued', 'running')")),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    account_id: uuid.UUID | None = None
    format: str = Field(max_length=8)  # csv | json
    content: bytes = Field(sa_type=LargeBinary)
    status: str = Field(default=ImportStatus.QUEUED, max_length=16)
    stage: str = "queued"
    percent: int = 0
    rows_total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = Field(default_factory=empty_list, sa_type=JSONB)
    error: str | None = None
    # Times the sweeper found the import's worker dead holding its job (shared.jobs.requeue_stale_runs).
    orphaned: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = created_stamp()
    updated_at: datetime = updated_stamp()
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
