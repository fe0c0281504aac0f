import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from services.reports.models import SCHEMA
from shared.db import utcnow


def _created_at() -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


def _updated_at() -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), sa_column_kwargs={"onupdate": utcnow})


class Commitment(SQLModel, table=True):
    """One commitment of a country's roadmap, under one of the five milestones."""

    __tablename__ = "commitments"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    country: str = Field(max_length=3)
    milestone: str = Field(max_length=16)
    text: str
    responsible_body: str
    target_date: date | None = None
    indicators: list[str] = Field(default_factory=list, sa_type=ARRAY(String))
    note: str = ""
    created_by: uuid.UUID | None = None  # account
    updated_by: uuid.UUID | None = None
    created_at: datetime = _created_at()
    updated_at: datetime = _updated_at()
    deleted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class Assessment(SQLModel, table=True):
    """What one organisation observed about one commitment (one per organisation, kept up to date)."""

    __tablename__ = "assessments"
    __table_args__ = {"schema": SCHEMA}

    commitment_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.commitments.id", primary_key=True)
    organisation_id: uuid.UUID = Field(primary_key=True)
    status: str = Field(max_length=16)
    evidence: str
    links: list[str] = Field(default_factory=list, sa_type=ARRAY(String))
    confidence: str = Field(max_length=8)
    updated_by: uuid.UUID | None = None  # account
    created_at: datetime = _created_at()
    updated_at: datetime = _updated_at()


class Consolidation(SQLModel, table=True):
    """A coalition's one rating of a commitment, drawn from its members' assessments."""

    __tablename__ = "consolidations"
    __table_args__ = {"schema": SCHEMA}

    commitment_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.commitments.id", primary_key=True)
    coalition_id: uuid.UUID = Field(primary_key=True)
    rating: str = Field(max_length=16)
    rationale: str
    updated_by: uuid.UUID | None = None  # account
    created_at: datetime = _created_at()
    updated_at: datetime = _updated_at()
