import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, false, text
from sqlmodel import Field, SQLModel

from services.directory.models import SCHEMA, Tracked
from shared.db import created_stamp


class Coalition(Tracked, table=True):
    __tablename__ = "coalitions"
    __table_args__ = (
        CheckConstraint("scope IN ('national', 'regional', 'global')", name="ck_coalitions_scope"),
        # Only a national coalition has a country (the one it is active in); the service also
        # requires it of a national one, which coalitions older than migration 0008 may lack.
        CheckConstraint("scope = 'national' OR country IS NULL", name="ck_coalitions_country"),
        # No coalition is started or renamed into a name another active one reads as (`text.skeleton`).
        Index("ix_coalitions_name_skeleton", "name_skeleton", postgresql_where=text("deleted_at IS NULL")),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str
    scope: str = Field(max_length=16)  # national | regional | global
    country: str | None = Field(
        default=None, max_length=3, foreign_key=f"{SCHEMA}.countries.iso3"
    )  # national coalitions only
    demo: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    name_skeleton: str = Field(default="", sa_column_kwargs={"server_default": ""})  # derived from name


class CoalitionAdmin(SQLModel, table=True):
    __tablename__ = "coalition_admins"
    __table_args__ = (Index("ix_coalition_admins_account_id", "account_id"), {"schema": SCHEMA})

    coalition_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.coalitions.id", primary_key=True)
    account_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.accounts.id", primary_key=True)
    granted_at: datetime = created_stamp()
