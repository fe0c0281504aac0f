"""What every table of the metrics service shares: its schema and the timestamp columns.
The tables live in their features (`catalogue/models.py`, `observations/models.py`, ...)."""

from typing import Any

from sqlalchemy import DateTime, func
from sqlmodel import Field

from shared.audit import audit_table
from shared.db import utcnow
from shared.idempotency import idempotency_table

SCHEMA = "metrics"
AuditLog = audit_table(SCHEMA)
IdempotencyRecords = idempotency_table(SCHEMA)


def updated_stamp(*, server_now: bool = False) -> Any:
    """The time of the last write; `server_now`: the table's default is now() too (as the
    migration made it)."""
    return Field(
        default_factory=utcnow,
        sa_type=DateTime(timezone=True),
        sa_column_kwargs={"onupdate": utcnow} | ({"server_default": func.now()} if server_now else {}),
    )


def created_stamp(*, server_now: bool = False) -> Any:
    return Field(
        default_factory=utcnow,
        sa_type=DateTime(timezone=True),
        sa_column_kwargs={"server_default": func.now()} if server_now else {},
    )
