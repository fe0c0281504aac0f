import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, DateTime, Index, text
from sqlmodel import Field, SQLModel

from services.reports.models import SCHEMA
from shared.db import created_stamp, string_list, updated_stamp

STATUSES = "('not_started', 'in_progress', 'achieved', 'regressed')"
MILESTONES = "('survivors', 'justice', 'coordination', 'risk_factors', 'supply_chains')"


class Commitment(SQLModel, table=True):
    """One commitment of a country's roadmap, under one of the five milestones."""

    __tablename__ = "commitments"
    __table_args__ = (
        # A country's roadmap, in created order (the listing and the scorecard).
        Index("ix_commitments_country", "country", "created_at", "id", postgresql_where=text("deleted_at IS NULL")),
        CheckConstraint(f"milestone IN {MILESTONES}", name="ck_commitments_milestone"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    country: str = Field(max_length=3)
    milestone: str = Field(max_length=16)
    text: str
    responsible_body: str
    target_date: date | None = None
    indicators: list[str] = string_list()
    note: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # The coalition that entered it, whose admins edit it; None: platform admins' alone.
    coalition_id: uuid.UUID | None = None
    created_by: uuid.UUID | None = None  # account
    updated_by: uuid.UUID | None = None
    created_at: datetime = created_stamp(server_now=True)
    updated_at: datetime = updated_stamp(server_now=True)
    deleted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class Assessment(SQLModel, table=True):
    """What one organisation observed about one commitment (one per organisation, kept up to date)."""

    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES}", name="ck_assessments_status"),
        CheckConstraint("confidence IN ('low', 'medium', 'high')", name="ck_assessments_confidence"),
        CheckConstraint("cardinality(links) <= 10", name="ck_assessments_links"),
        {"schema": SCHEMA},
    )

    commitment_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.commitments.id", primary_key=True)
    organisation_id: uuid.UUID = Field(primary_key=True)
    status: str = Field(max_length=16)
    evidence: str
    links: list[str] = string_list()
    confidence: str = Field(max_length=8, sa_column_kwargs={"server_default": "medium"})
    updated_by: uuid.UUID | None = None  # account
    created_at: datetime = created_stamp(server_now=True)
    updated_at: datetime = updated_stamp(server_now=True)


class Consolidation(SQLModel, table=True):
    """A coalition's one rating of a commitment, drawn from its members' assessments."""

    __tablename__ = "consolidations"
    __table_args__ = (
        Index("ix_consolidations_coalition", "coalition_id"),  # the scorecard: one coalition's ratings
        CheckConstraint(f"rating IN {STATUSES}", name="ck_consolidations_rating"),
        {"schema": SCHEMA},
    )

    commitment_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.commitments.id", primary_key=True)
    coalition_id: uuid.UUID = Field(primary_key=True)
    rating: str = Field(max_length=16)
    rationale: str
    updated_by: uuid.UUID | None = None  # account
    created_at: datetime = created_stamp(server_now=True)
    updated_at: datetime = updated_stamp(server_now=True)
