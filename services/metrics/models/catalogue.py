import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, false, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from services.metrics.models import SCHEMA
from services.metrics.vocabularies import IndicatorStatus, Sensitivity
from shared.db import created_stamp, empty_dict, string_list, updated_stamp


class Indicator(SQLModel, table=True):
    """An indicator of the shared catalogue: its lifecycle; its content is in versions."""

    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint("status IN ('proposed', 'under_review', 'adopted', 'retired')", name="ck_indicators_status"),
        {"schema": SCHEMA},
    )

    code: str = Field(primary_key=True, max_length=64)
    status: str = Field(
        default=IndicatorStatus.PROPOSED, max_length=16, sa_column_kwargs={"server_default": "proposed"}
    )
    current_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    proposed_by: uuid.UUID | None = None  # organisation
    starter: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: datetime = created_stamp(server_now=True)
    updated_at: datetime = updated_stamp(server_now=True)


class IndicatorVersion(SQLModel, table=True):
    """What an indicator means and how it is measured, as of one version. Never changed once
    written: observations keep pointing at the version they were reported under."""

    __tablename__ = "indicator_versions"
    __table_args__ = {"schema": SCHEMA}

    code: str = Field(foreign_key=f"{SCHEMA}.indicators.code", primary_key=True, max_length=64)
    version: int = Field(primary_key=True)
    name: str
    definition: str
    method_note: str
    unit: str
    value_type: str = Field(max_length=16)
    aggregation: str = Field(max_length=16)
    disaggregations: list[str] = string_list()
    sdg_target: str | None = Field(default="8.7", max_length=16)
    proxy: bool = False
    sensitivity: str = Field(default=Sensitivity.NORMAL, max_length=16)
    change_note: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # {"fr": {"name": …, "unit": …, "definition": …}, "es": …}: the one part of a version that may
    # be added to after it is written, since it renders the version's words without changing them.
    translations: dict[str, dict[str, str]] = Field(
        default_factory=empty_dict, sa_type=JSONB, sa_column_kwargs={"server_default": text("'{}'::jsonb")}
    )
    created_by: uuid.UUID | None = None  # account
    created_at: datetime = created_stamp()


class IndicatorEndorsement(SQLModel, table=True):
    __tablename__ = "indicator_endorsements"
    __table_args__ = {"schema": SCHEMA}

    code: str = Field(foreign_key=f"{SCHEMA}.indicators.code", primary_key=True, max_length=64)
    organisation_id: uuid.UUID = Field(primary_key=True)
    created_at: datetime = created_stamp()


class IndicatorComment(SQLModel, table=True):
    __tablename__ = "indicator_comments"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(foreign_key=f"{SCHEMA}.indicators.code", index=True, max_length=64)
    organisation_id: uuid.UUID
    account_id: uuid.UUID | None = None
    body: str
    created_at: datetime = created_stamp()
