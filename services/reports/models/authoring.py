import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from services.reports.models import SCHEMA
from shared.db import created_stamp, empty_list


class ReportContent(SQLModel, table=True):
    """One version of what a coalition wrote for its report on a country, period and language.
    Versions are never changed: writing again adds the next one, and each report run records the
    version it used, so an edition keeps the words it was published with."""

    __tablename__ = "report_contents"
    __table_args__ = (
        UniqueConstraint("coalition_id", "country", "period", "language", "version"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    coalition_id: uuid.UUID
    country: str = Field(max_length=3)
    period: str = Field(max_length=7)
    language: str = Field(max_length=2)
    version: int
    headline_findings: list[str] = Field(default_factory=empty_list, sa_type=JSONB)
    recommendations: list[dict[str, Any]] = Field(default_factory=empty_list, sa_type=JSONB)
    context: str = Field(default="", sa_type=Text)
    prevalence: list[dict[str, Any]] = Field(default_factory=empty_list, sa_type=JSONB)
    limits: str = Field(default="", sa_type=Text)
    created_by: uuid.UUID | None = None  # account
    created_at: datetime = created_stamp()
