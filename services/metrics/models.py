from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from shared.audit import audit_table
from shared.db import utcnow

SCHEMA = "metrics"
AuditLog = audit_table(SCHEMA)


class Indicator(SQLModel, table=True):
    """An entry of the shared indicator catalogue (the lifecycle and versions come later)."""

    __tablename__ = "indicators"
    __table_args__ = {"schema": SCHEMA}

    code: str = Field(primary_key=True, max_length=64)
    name: str
    definition: str
    unit: str
    status: str = Field(default="proposed", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
