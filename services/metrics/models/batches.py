import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, LargeBinary, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from services.metrics.models import SCHEMA
from services.metrics.vocabularies import BatchStatus
from shared.db import created_stamp, empty_list, updated_stamp


class Batch(SQLModel, table=True):
    """A file of observations sent at once: applied completely or not at all. The same file
    from the same organisation is the same batch (by content hash)."""

    __tablename__ = "batches"
    __table_args__ = (
        UniqueConstraint("organisation_id", "content_sha256", name="uq_batches_content"),
        Index("ix_batches_status_updated", "status", "updated_at"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID
    content_sha256: str = Field(max_length=64)
    format: str = Field(max_length=8)
    content: bytes | None = Field(default=None, sa_type=LargeBinary)  # kept until the batch is done
    status: str = Field(default=BatchStatus.QUEUED, max_length=16)
    stage: str = Field(default="queued", sa_column_kwargs={"server_default": "queued"})
    percent: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    rows: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    updated: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    unchanged: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    error_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    errors: list[dict[str, Any]] = Field(
        default_factory=empty_list, sa_type=JSONB, sa_column_kwargs={"server_default": "[]"}
    )
    submitted_by: uuid.UUID | None = None
    request_id: str | None = None
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Times the sweeper found the batch's worker dead holding its job (shared.jobs.requeue_stale_runs).
    orphaned: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = created_stamp()
    # When the file was last sent (a failed or rejected batch sent again is the same row): how
    # long its job waits for the directory is counted from here.
    submitted_at: datetime = created_stamp(server_now=True)
    updated_at: datetime = updated_stamp()
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
