import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Computed, DateTime, Index, false, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlmodel import Field

from services.directory.models import SCHEMA, Tracked
from services.directory.statuses import OrganisationStatus
from shared.db import string_list

# What searches filter on, in one GIN index (it answers `&&`, `@>` and `@@` on any of them, and
# ANDs a search's conditions within one scan): the lists, the text, the trigrams of the name.
SEARCH_INDEXED = ("countries", "regions", "forms", "interventions", "sectors", "search", "name_trigrams")


class Organisation(Tracked, table=True):
    """An organisation's public profile. List fields hold vocabulary slugs (`vocabularies.py`)
    or ISO codes; `name_folded`, `name_skeleton`, `search_text` and `name_trigrams` are derived on
    every write.
    `search`, the full-text vector PostgreSQL computes from the folded texts, is a column of the
    table only: search reads it in SQL, and no select of the model loads it."""

    __tablename__ = "organisations"
    __table_args__ = (
        Column(
            "search",
            TSVECTOR,
            Computed(
                "setweight(to_tsvector('simple', name_folded), 'A') || setweight(to_tsvector('simple', search_text), 'B')",
                persisted=True,
            ),
        ),
        Index("ix_organisations_filters", *SEARCH_INDEXED, postgresql_using="gin"),
        Index("ix_organisations_name_order", "name_folded", "id", postgresql_where=text("deleted_at IS NULL")),
        # No name is taken that reads as a listed one's (`text.skeleton`).
        Index("ix_organisations_name_skeleton", "name_skeleton", postgresql_where=text("deleted_at IS NULL")),
        # The reviewers' queue: the few organisations waiting, oldest first.
        Index(
            "ix_organisations_pending",
            "created_at",
            "id",
            postgresql_where=text("status = 'pending' AND deleted_at IS NULL"),
        ),
        CheckConstraint("status IN ('pending', 'active', 'rejected')", name="ck_organisations_status"),
        {"schema": SCHEMA},
    )
    __mapper_args__ = {"exclude_properties": ["search"]}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    external_id: str | None = Field(default=None, max_length=200, unique=True)
    name: str
    acronym: str | None = None
    kind: str = Field(default="ngo", max_length=32, sa_column_kwargs={"server_default": "ngo"})
    hq_country: str | None = Field(default=None, max_length=3, foreign_key=f"{SCHEMA}.countries.iso3")
    countries: list[str] = string_list()
    regions: list[str] = string_list()
    forms: list[str] = string_list()
    interventions: list[str] = string_list()
    sectors: list[str] = string_list()
    languages: list[str] = string_list()
    survivor_leadership: list[str] = string_list()
    action_groups: list[str] = string_list()
    alliance87_partner: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    size_band: str | None = Field(default=None, max_length=16)
    website: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    description: str = Field(default="", sa_column_kwargs={"server_default": ""})
    demo: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    name_folded: str = Field(default="", sa_column_kwargs={"server_default": ""})
    name_skeleton: str = Field(default="", sa_column_kwargs={"server_default": ""})
    search_text: str = Field(default="", sa_column_kwargs={"server_default": ""})
    name_trigrams: list[str] = string_list()
    status: str = Field(default=OrganisationStatus.ACTIVE, max_length=16, sa_column_kwargs={"server_default": "active"})
    reviewed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    review_note: str | None = None
