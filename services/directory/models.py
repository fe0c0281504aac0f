import uuid
from datetime import date, datetime

from sqlalchemy import DateTime, func
from sqlmodel import Field, SQLModel

from shared.audit import audit_table
from shared.db import utcnow

SCHEMA = "directory"
AuditLog = audit_table(SCHEMA)


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


class Organisation(Tracked, table=True):
    """An organisation in the directory (its profile grows with the directory features)."""

    __tablename__ = "organisations"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str
    acronym: str | None = None


class Coalition(Tracked, table=True):
    __tablename__ = "coalitions"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str
    scope: str = Field(max_length=16)  # national | regional | global
    country: str | None = Field(default=None, max_length=3, foreign_key=f"{SCHEMA}.countries.iso3")


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
