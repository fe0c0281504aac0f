import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, Index, text
from sqlmodel import Field, SQLModel

from services.reports.models import SCHEMA
from shared.db import created_stamp, updated_stamp


class Consent(StrEnum):
    """How far a testimony may travel, widest first. `withdrawn` is final."""

    public = "public"
    coalition = "coalition"
    internal = "internal"
    withdrawn = "withdrawn"


# Narrowing moves down this order, never up: a wider use needs the survivor's new consent.
BREADTH = {Consent.withdrawn: 0, Consent.internal: 1, Consent.coalition: 2, Consent.public: 3}


class Testimony(SQLModel, table=True):
    """A survivor's words, contributed by an organisation under the survivor's consent. On
    withdrawal the quote and context are erased; the record of the contribution stays."""

    __tablename__ = "testimonies"
    __table_args__ = (
        Index("ix_testimonies_country", "country", "created_at", "id", postgresql_where=text("consent <> 'withdrawn'")),
        Index("ix_testimonies_organisation", "organisation_id", "created_at", "id"),
        CheckConstraint("consent IN ('public', 'coalition', 'internal', 'withdrawn')", name="ck_testimonies_consent"),
        CheckConstraint("(consent = 'coalition') = (coalition_id IS NOT NULL)", name="ck_testimonies_coalition"),
        CheckConstraint(
            "milestone IS NULL OR milestone IN "
            "('survivors', 'justice', 'coordination', 'risk_factors', 'supply_chains')",
            name="ck_testimonies_milestone",
        ),
        # Withdrawal erases the survivor's words.
        CheckConstraint("consent <> 'withdrawn' OR (quote = '' AND context = '')", name="ck_testimonies_erased"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID
    organisation_name: str  # as the directory named it when contributed: how the report credits it
    country: str = Field(max_length=3)
    milestone: str | None = Field(default=None, max_length=16)
    quote: str
    context: str = Field(default="", sa_column_kwargs={"server_default": ""})
    consent: str = Field(max_length=16)
    coalition_id: uuid.UUID | None = None  # with consent 'coalition'
    created_by: uuid.UUID | None = None  # account
    created_at: datetime = created_stamp(server_now=True)
    updated_at: datetime = updated_stamp(server_now=True)
    withdrawn_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
