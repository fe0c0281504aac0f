import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, LargeBinary, String, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

from shared.audit import audit_table
from shared.db import utcnow
from shared.idempotency import idempotency_table

SCHEMA = "directory"
AuditLog = audit_table(SCHEMA)
IdempotencyRecords = idempotency_table(SCHEMA)


class Country(SQLModel, table=True):
    __tablename__ = "countries"
    __table_args__ = {"schema": SCHEMA}

    iso3: str = Field(primary_key=True, max_length=3)
    iso2: str = Field(max_length=2, unique=True)
    m49: str = Field(max_length=3)
    name: str
    region: str | None = Field(default=None, index=True)
    subregion: str | None = None
    pathfinder: bool = Field(default=False, index=True)
    pathfinder_workshop_date: date | None = None
    pathfinder_workshop_note: str | None = None
    roadmap_adopted_on: date | None = None
    updated_at: datetime = Field(
        sa_type=DateTime(timezone=True), sa_column_kwargs={"server_default": func.now(), "onupdate": func.now()}
    )


class ActionGroup(SQLModel, table=True):
    __tablename__ = "action_groups"
    __table_args__ = {"schema": SCHEMA}

    slug: str = Field(primary_key=True, max_length=64)
    name: str
    description: str


class Tracked(SQLModel):
    """Times, a version for optimistic concurrency, and soft deletion."""

    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), sa_column_kwargs={"onupdate": utcnow}
    )
    version: int = 1
    deleted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


def _terms() -> Any:
    return Field(default_factory=list, sa_type=ARRAY(String))


# An organisation's place in onboarding: one that registered itself is `pending` until a
# reviewer approves it (`active`) or turns it down (`rejected`). Only active ones are listed.
ORGANISATION_STATUSES = ("pending", "active", "rejected")
LISTED = "active"


class Organisation(Tracked, table=True):
    """An organisation's public profile. List fields hold vocabulary slugs (`vocabularies.py`)
    or ISO codes; `name_folded`, `search_text` and `name_trigrams` are derived on every write."""

    __tablename__ = "organisations"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    external_id: str | None = Field(default=None, max_length=200, unique=True)
    name: str
    acronym: str | None = None
    kind: str = Field(default="ngo", max_length=32)
    hq_country: str | None = Field(default=None, max_length=3, foreign_key=f"{SCHEMA}.countries.iso3")
    countries: list[str] = _terms()
    regions: list[str] = _terms()
    forms: list[str] = _terms()
    interventions: list[str] = _terms()
    sectors: list[str] = _terms()
    languages: list[str] = _terms()
    survivor_leadership: list[str] = _terms()
    action_groups: list[str] = _terms()
    alliance87_partner: bool = False
    size_band: str | None = Field(default=None, max_length=16)
    website: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    description: str = ""
    demo: bool = False
    name_folded: str = ""
    search_text: str = ""
    name_trigrams: list[str] = _terms()
    status: str = Field(default=LISTED, max_length=16)
    reviewed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    review_note: str | None = None


class Coalition(Tracked, table=True):
    __tablename__ = "coalitions"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str
    scope: str = Field(max_length=16)  # national | regional | global
    country: str | None = Field(default=None, max_length=3, foreign_key=f"{SCHEMA}.countries.iso3")
    demo: bool = False


class Account(SQLModel, table=True):
    """A person or system acting for one organisation."""

    __tablename__ = "accounts"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.organisations.id", index=True)
    name: str
    email: str | None = None
    org_role: str = Field(default="member", max_length=16)  # member | admin
    platform_admin: bool = False
    reviewer: bool = False  # reviews self-registered organisations (platform admins do too)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    disabled_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ApiKey(SQLModel, table=True):
    """Only the SHA-256 of a key is kept; `prefix` (public, part of the key) finds it."""

    __tablename__ = "api_keys"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    account_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.accounts.id", index=True)
    prefix: str = Field(max_length=32, unique=True)
    key_hash: str = Field(max_length=64)
    name: str
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    last_used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    expires_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class CoalitionAdmin(SQLModel, table=True):
    __tablename__ = "coalition_admins"
    __table_args__ = {"schema": SCHEMA}

    coalition_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.coalitions.id", primary_key=True)
    account_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.accounts.id", primary_key=True, index=True)
    granted_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class CoalitionMember(SQLModel, table=True):
    """An organisation (or, for a network, a coalition) in a coalition, through its workflow:
    invited -> active, pending -> active, active -> left."""

    __tablename__ = "coalition_members"
    __table_args__ = {"schema": SCHEMA}

    coalition_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.coalitions.id", primary_key=True)
    member_id: uuid.UUID = Field(primary_key=True)
    member_kind: str = Field(default="organisation", max_length=16)  # organisation | coalition
    role: str = Field(default="member", max_length=16)
    status: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), sa_column_kwargs={"onupdate": utcnow}
    )


class SharedService(SQLModel, table=True):
    """A back-office service an organisation offers to others or needs from them."""

    __tablename__ = "shared_services"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.organisations.id", index=True)
    direction: str = Field(max_length=8)  # offer | need
    service_type: str = Field(max_length=32)
    countries: list[str] = _terms()  # empty: anywhere (remote)
    description: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    deleted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ImportRun(SQLModel, table=True):
    """A bulk import: the uploaded file, its progress, and the per-row report."""

    __tablename__ = "import_runs"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    account_id: uuid.UUID | None = None
    format: str = Field(max_length=8)  # csv | json
    content: bytes = Field(sa_type=LargeBinary)
    status: str = Field(default="queued", max_length=16)  # queued | running | done | failed
    stage: str = "queued"
    percent: int = 0
    rows_total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONB)
    error: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), sa_column_kwargs={"onupdate": utcnow}
    )
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
