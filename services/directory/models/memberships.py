import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from services.directory.models import SCHEMA
from shared.db import created_stamp, updated_stamp


class CoalitionMember(SQLModel, table=True):
    """An organisation (or, for a network, a coalition) in a coalition, through its workflow:
    invited -> active, pending -> active, active -> left."""

    __tablename__ = "coalition_members"
    __table_args__ = (
        Index("ix_coalition_members_member", "member_id", "status"),
        CheckConstraint("status IN ('invited', 'pending', 'active', 'left')", name="ck_coalition_members_status"),
        CheckConstraint("member_kind IN ('organisation', 'coalition')", name="ck_coalition_members_kind"),
        {"schema": SCHEMA},
    )

    coalition_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.coalitions.id", primary_key=True)
    member_id: uuid.UUID = Field(primary_key=True)
    member_kind: str = Field(default="organisation", max_length=16)  # organisation | coalition
    role: str = Field(default="member", max_length=16)
    status: str = Field(max_length=16)
    created_at: datetime = created_stamp()
    updated_at: datetime = updated_stamp()
