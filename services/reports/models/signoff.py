import uuid
from datetime import datetime

from sqlalchemy import Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlmodel import Field, SQLModel

from services.reports.models import SCHEMA
from shared.db import created_stamp, empty_list, updated_stamp


class SignoffRule(SQLModel, table=True):
    """How a coalition signs its reports off: a quorum of endorsing member organisations, or
    named signatories who must all endorse. A coalition without a rule needs one endorsement."""

    __tablename__ = "signoff_rules"
    __table_args__ = {"schema": SCHEMA}

    coalition_id: uuid.UUID = Field(primary_key=True)
    quorum: int | None = None
    signatories: list[uuid.UUID] = Field(default_factory=empty_list, sa_type=ARRAY(PgUUID(as_uuid=True)))
    updated_by: uuid.UUID | None = None
    updated_at: datetime = updated_stamp()


class Endorsement(SQLModel, table=True):
    """A member organisation's sign-off of one report run under review: it endorses it or not,
    with a statement published with the report if it gives one."""

    __tablename__ = "endorsements"
    __table_args__ = {"schema": SCHEMA}

    run_id: uuid.UUID = Field(primary_key=True, foreign_key=f"{SCHEMA}.report_runs.id", ondelete="CASCADE")
    organisation_id: uuid.UUID = Field(primary_key=True)
    organisation_name: str  # as the directory named it when it signed: how the report lists it
    endorsed: bool
    statement: str = Field(default="", sa_type=Text)
    signed_by: uuid.UUID | None = None  # account
    created_at: datetime = created_stamp()
    updated_at: datetime = updated_stamp()
