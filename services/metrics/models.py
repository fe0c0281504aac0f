import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Index, LargeBinary, Numeric, String
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

from shared.audit import audit_table
from shared.db import utcnow
from shared.idempotency import idempotency_table

SCHEMA = "metrics"
AuditLog = audit_table(SCHEMA)
IdempotencyRecords = idempotency_table(SCHEMA)


def _updated_at() -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), sa_column_kwargs={"onupdate": utcnow})


def _created_at() -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Indicator(SQLModel, table=True):
    """An indicator of the shared catalogue: its lifecycle; its content is in versions."""

    __tablename__ = "indicators"
    __table_args__ = {"schema": SCHEMA}

    code: str = Field(primary_key=True, max_length=64)
    status: str = Field(default="proposed", max_length=16)
    current_version: int = 1
    proposed_by: uuid.UUID | None = None  # organisation
    starter: bool = False
    created_at: datetime = _created_at()
    updated_at: datetime = _updated_at()


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
    disaggregations: list[str] = Field(default_factory=list, sa_type=ARRAY(String))
    sdg_target: str | None = Field(default="8.7", max_length=16)
    proxy: bool = False
    sensitivity: str = Field(default="normal", max_length=16)
    change_note: str = ""
    # {"fr": {"name": …, "unit": …, "definition": …}, "es": …}: the one part of a version that may
    # be added to after it is written, since it renders the version's words without changing them.
    translations: dict[str, dict[str, str]] = Field(default_factory=dict, sa_type=JSONB)
    created_by: uuid.UUID | None = None  # account
    created_at: datetime = _created_at()


class IndicatorEndorsement(SQLModel, table=True):
    __tablename__ = "indicator_endorsements"
    __table_args__ = {"schema": SCHEMA}

    code: str = Field(foreign_key=f"{SCHEMA}.indicators.code", primary_key=True, max_length=64)
    organisation_id: uuid.UUID = Field(primary_key=True)
    created_at: datetime = _created_at()


class IndicatorComment(SQLModel, table=True):
    __tablename__ = "indicator_comments"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    code: str = Field(foreign_key=f"{SCHEMA}.indicators.code", index=True, max_length=64)
    organisation_id: uuid.UUID
    account_id: uuid.UUID | None = None
    body: str
    created_at: datetime = _created_at()


class Observation(SQLModel, table=True):
    """One value an organisation reports, identified by its natural key (indicator, organisation,
    country, subdivision, period, disaggregation). Re-reporting the key makes a new revision: the
    row holds the current one (who, when, under which request), `ObservationRevision` the ones
    it replaced."""

    __tablename__ = "observations"
    __table_args__ = (Index("ix_observations_organisation_id", "organisation_id", "id"), {"schema": SCHEMA})

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    indicator_code: str = Field(foreign_key=f"{SCHEMA}.indicators.code", max_length=64)
    indicator_version: int
    organisation_id: uuid.UUID
    country: str = Field(max_length=3)
    subdivision: str = Field(default="", max_length=16)
    period: str = Field(max_length=7)
    period_start: date
    period_end: date
    disaggregation: dict[str, str] = Field(default_factory=dict, sa_type=JSONB)
    disaggregation_key: str = ""
    value: Decimal = Field(sa_type=Numeric)
    weight: Decimal | None = Field(default=None, sa_type=Numeric)
    method_note: str = ""
    source: str = ""
    visibility: str = Field(default="private", max_length=16)
    coalition_id: uuid.UUID | None = None
    status: str = Field(default="provisional", max_length=16)
    revision: int = 1
    updated_by: uuid.UUID | None = None
    request_id: str | None = Field(default=None, max_length=128)
    created_at: datetime = _created_at()
    updated_at: datetime = _updated_at()


class ObservationRevision(SQLModel, table=True):
    """A state an observation had before it was revised: who made it, when, under which
    request. An observation's history is these, then its current row (`state_of`)."""

    __tablename__ = "observation_revisions"
    __table_args__ = {"schema": SCHEMA}

    observation_id: uuid.UUID = Field(foreign_key=f"{SCHEMA}.observations.id", primary_key=True)
    revision: int = Field(primary_key=True)
    indicator_version: int
    value: Decimal = Field(sa_type=Numeric)
    weight: Decimal | None = Field(default=None, sa_type=Numeric)
    method_note: str = ""
    source: str = ""
    visibility: str = Field(max_length=16)
    coalition_id: uuid.UUID | None = None
    status: str = Field(max_length=16)
    changed_by: uuid.UUID | None = None
    request_id: str | None = None
    changed_at: datetime = _created_at()

    @classmethod
    def state_of(cls, observation: Observation) -> "ObservationRevision":
        """The observation's current state as a revision (not added to any session)."""
        return cls(
            observation_id=observation.id,
            revision=observation.revision,
            indicator_version=observation.indicator_version,
            value=observation.value,
            weight=observation.weight,
            method_note=observation.method_note,
            source=observation.source,
            visibility=observation.visibility,
            coalition_id=observation.coalition_id,
            status=observation.status,
            changed_by=observation.updated_by,
            request_id=observation.request_id,
            changed_at=observation.updated_at,
        )


class Target(SQLModel, table=True):
    """A country's baseline and target for an indicator, against which progress is shown."""

    __tablename__ = "targets"
    __table_args__ = {"schema": SCHEMA}

    indicator_code: str = Field(foreign_key=f"{SCHEMA}.indicators.code", primary_key=True, max_length=64)
    country: str = Field(primary_key=True, max_length=3)
    baseline_period: str = Field(max_length=7)
    baseline_value: Decimal = Field(sa_type=Numeric)
    target_period: str = Field(max_length=7)
    target_value: Decimal = Field(sa_type=Numeric)
    note: str = ""
    set_by: uuid.UUID | None = None
    created_at: datetime = _created_at()
    updated_at: datetime = _updated_at()


class Batch(SQLModel, table=True):
    """A file of observations sent at once: applied completely or not at all. The same file
    from the same organisation is the same batch (by content hash)."""

    __tablename__ = "batches"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID
    content_sha256: str = Field(max_length=64)
    format: str = Field(max_length=8)
    content: bytes | None = Field(default=None, sa_type=LargeBinary)  # kept until the batch is done
    status: str = Field(default="queued", max_length=16)  # queued, running, applied, rejected, failed
    stage: str = "queued"
    percent: int = 0
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONB)
    submitted_by: uuid.UUID | None = None
    request_id: str | None = None
    attempts: int = 0
    created_at: datetime = _created_at()
    updated_at: datetime = _updated_at()
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
