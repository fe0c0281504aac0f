"""What the directory's tables have in common; each feature keeps its own tables in its `models.py`."""

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from shared.audit import audit_table
from shared.db import utcnow
from shared.idempotency import idempotency_table

SCHEMA = "directory"
AuditLog = audit_table(SCHEMA)
IdempotencyRecords = idempotency_table(SCHEMA)


class Tracked(SQLModel):
    """Times, a version for optimistic concurrency, and soft deletion."""

    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), sa_column_kwargs={"onupdate": utcnow}
    )
    version: int = 1
    deleted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


def terms() -> Any:
    """A list of vocabulary slugs or ISO codes (a PostgreSQL array)."""
    return Field(default_factory=list, sa_type=ARRAY(String))
