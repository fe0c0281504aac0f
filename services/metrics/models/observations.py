import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from services.metrics.models import SCHEMA
from services.metrics.vocabularies import ObservationStatus, Visibility
from shared.db import created_stamp, empty_dict, updated_stamp


class Observation(SQLModel, table=True):
    """One value an organisation reports, identified by its natural key (indicator, organisation,
    country, subdivision, period, disaggregation). Re-reporting the key makes a new revision: the
    row holds the current one (who, when, under which request), `ObservationRevision` the ones
    it replaced. Its (indicator_code, indicator_version) is an indicator version: a trigger checks
    it once per statement, in place of a foreign key (migration 0008)."""

    __tablename__ = "observations"
    __table_args__ = (
        UniqueConstraint(
            "indicator_code",
            "organisation_id",
            "country",
            "subdivision",
            "period",
            "disaggregation_key",
            name="uq_observations_natural_key",
        ),
        CheckConstraint("visibility IN ('private', 'coalition', 'public')", name="ck_observations_visibility"),
        CheckConstraint("visibility <> 'coalition' OR coalition_id IS NOT NULL", name="ck_observations_coalition"),
        Index("ix_observations_organisation_id", "organisation_id", "id"),
        Index("ix_observations_indicator_period_country", "indicator_code", "period", "country"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    indicator_code: str = Field(max_length=64)
    indicator_version: int
    organisation_id: uuid.UUID
    country: str = Field(max_length=3)
    subdivision: str = Field(default="", max_length=16, sa_column_kwargs={"server_default": ""})
    period: str = Field(max_length=7)
    period_start: date
    period_end: date
    disaggregation: dict[str, str] = Field(default_factory=empty_dict, sa_type=JSONB)
    disaggregation_key: str = ""
    value: Decimal = Field(sa_type=Numeric)
    weight: Decimal | None = Field(default=None, sa_type=Numeric)
    method_note: str = ""
    source: str = ""
    visibility: str = Field(default=Visibility.PRIVATE, max_length=16)
    coalition_id: uuid.UUID | None = None
    status: str = Field(default=ObservationStatus.PROVISIONAL, max_length=16)
    revision: int = 1
    updated_by: uuid.UUID | None = None
    request_id: str | None = Field(default=None, max_length=128)
    created_at: datetime = created_stamp()
    updated_at: datetime = updated_stamp()


class ObservationRevision(SQLModel, table=True):
    """A state an observation had before it was revised: who made it, when, under which
    request. An observation's history is these, then its current row (`state_of`). Its
    observation exists: a trigger checks it once per statement, in place of a foreign key."""

    __tablename__ = "observation_revisions"
    __table_args__ = {"schema": SCHEMA}

    observation_id: uuid.UUID = Field(primary_key=True)
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
    changed_at: datetime = created_stamp()

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
