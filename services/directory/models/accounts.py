import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, false
from sqlmodel import Field, SQLModel

from services.directory.models import SCHEMA
from shared.db import created_stamp


class Account(SQLModel, table=True):
    """A person or system acting for one organisation."""

    __tablename__ = "accounts"
    __table_args__ = (
        Index("ix_accounts_organisation_id", "organisation_id"),
        CheckConstraint("org_role IN ('member', 'admin')", name="ck_accounts_org_role"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.organisations.id")
    name: str
    email: str | None = None
    org_role: str = Field(default="member", max_length=16)  # member | admin
    platform_admin: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    reviewer: bool = Field(
        default=False, sa_column_kwargs={"server_default": false()}
    )  # reviews self-registered organisations (platform admins do too)
    created_at: datetime = created_stamp()
    disabled_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ApiKey(SQLModel, table=True):
    """Only the SHA-256 of a key is kept; `prefix` (public, part of the key) finds it."""

    __tablename__ = "api_keys"
    __table_args__ = (Index("ix_api_keys_account_id", "account_id"), {"schema": SCHEMA})

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    account_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.accounts.id")
    prefix: str = Field(max_length=32, unique=True)
    key_hash: str = Field(max_length=64)
    name: str
    created_at: datetime = created_stamp()
    last_used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    expires_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
