import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index
from sqlmodel import Field, SQLModel

from services.directory.models import SCHEMA
from shared.db import created_stamp, string_list


class SharedService(SQLModel, table=True):
    """A back-office service an organisation offers to others or needs from them."""

    __tablename__ = "shared_services"
    __table_args__ = (
        Index("ix_shared_services_organisation_id", "organisation_id"),
        Index("ix_shared_services_type", "service_type", "direction"),
        CheckConstraint("direction IN ('offer', 'need')", name="ck_shared_services_direction"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.organisations.id")
    direction: str = Field(max_length=8)  # offer | need
    service_type: str = Field(max_length=32)
    countries: list[str] = string_list()  # empty: anywhere (remote)
    description: str = Field(default="", sa_column_kwargs={"server_default": ""})
    created_at: datetime = created_stamp()
    deleted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
