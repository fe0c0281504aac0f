"""The metrics service's tables, in one package as in every service: what they share (the
schema, the timestamp columns) here, and a module per feature's tables beside it
(`catalogue.py`, `observations.py`, ...), which any feature may import. This module imports
none of them; `migrations/env.py` imports them all."""

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
