"""The directory's tables, in one package because the features share them (an organisation's
accounts, a coalition's members): what they have in common here, and a module per group of
tables beside it (`organisations.py`, `accounts.py`, `coalitions.py`, ...), which any feature
may import. This module imports none of them; `migrations/env.py` imports them all."""

from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from shared.audit import audit_table
from shared.db import created_stamp, updated_stamp
from shared.idempotency import idempotency_table

SCHEMA = "directory"
AuditLog = audit_table(SCHEMA)
IdempotencyRecords = idempotency_table(SCHEMA)


class Tracked(SQLModel):
    """Times, a version for optimistic concurrency, and soft deletion."""

    created_at: datetime = created_stamp()
    updated_at: datetime = updated_stamp()
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    deleted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
