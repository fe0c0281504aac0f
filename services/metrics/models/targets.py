import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Numeric
from sqlmodel import Field, SQLModel

from services.metrics.models import SCHEMA
from shared.db import created_stamp, updated_stamp


class Target(SQLModel, table=True):
    """A country's baseline and target for an indicator, against which progress is shown."""

    __tablename__ = "targets"
    __table_args__ = {"schema": SCHEMA}

    indicator_code: str = Field(foreign_key=f"{SCHEMA}.indicators.code", primary_key=True, max_length=64)
    country: str = Field(primary_key=True, max_length=3)
    baseline_period: str = Field(max_length=7)
    baseline_value: Decimal = Field(sa_type=Numeric)
    target_period: str = Field(max_length=7)
    target_value: Decimal = Field(sa_type=Numeric)
    note: str = Field(default="", sa_column_kwargs={"server_default": ""})
    set_by: uuid.UUID | None = None
    created_at: datetime = created_stamp()
    updated_at: datetime = updated_stamp()
