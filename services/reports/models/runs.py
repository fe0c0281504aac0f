import uuid
import warnings
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Index, LargeBinary, String, Text, false, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlmodel import Field, SQLModel

from services.reports.models import SCHEMA
from shared.db import created_stamp, empty_list, updated_stamp

# The `json` form's column shadows pydantic's deprecated BaseModel.json(), on purpose (below):
# said once per process, the warning only buried what every command prints.
warnings.filterwarnings("ignore", message='Field name "json" in "ReportRun" shadows', category=UserWarning)


class ReportRun(SQLModel, table=True):
    """One requested report: its job's progress, then the edition it produced (the document and
    every rendered form, kept in PostgreSQL or object storage so any replica can serve them; see
    artifacts.py) and its workflow."""

    __tablename__ = "report_runs"
    __table_args__ = (
        Index(
            "uq_report_runs_idempotency",
            "requested_by",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
        Index("ix_report_runs_series", "country", "period", "coalition_id", "template", "language"),
        Index("ix_report_runs_status_updated", "status", "updated_at"),
        Index("ix_report_runs_testimonies", "testimony_ids", postgresql_using="gin"),
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="ck_report_runs_status"),
        CheckConstraint("workflow IN ('draft', 'in_review', 'published')", name="ck_report_runs_workflow"),
        {"schema": SCHEMA},
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    country: str = Field(max_length=3)
    period: str = Field(max_length=7)
    coalition_id: uuid.UUID
    template: str = Field(max_length=40)
    language: str = Field(max_length=2)
    requested_by: uuid.UUID | None = None
    requester_org: uuid.UUID | None = None
    idempotency_key: str | None = Field(default=None, max_length=200)
    status: str = Field(default="queued", sa_type=String(16))
    stage: str = Field(default="queued", sa_column_kwargs={"server_default": "queued"})
    percent: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Times the sweeper found the run's worker dead holding its job (shared.jobs.requeue_stale_runs).
    orphaned: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    error: str | None = None
    workflow: str = Field(default="draft", sa_type=String(16), sa_column_kwargs={"server_default": "draft"})
    edition: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    previous_id: uuid.UUID | None = None
    same_as: uuid.UUID | None = None  # an earlier run with the same inputs, whose report this is
    content_hash: str | None = None
    document: dict[str, Any] | None = Field(default=None, sa_type=JSONB)
    html: str | None = Field(default=None, sa_type=Text)
    markdown: str | None = Field(default=None, sa_type=Text)
    # The column is named as the form (read by name with the others).
    json: bytes | None = Field(default=None, sa_type=LargeBinary)  # type: ignore[assignment]
    pdf: bytes | None = Field(default=None, sa_type=LargeBinary)
    sdmx: str | None = Field(default=None, sa_type=Text)  # the figures as SDMX-CSV
    # With forms in object storage: form -> object key (the form's column is then empty).
    artifact_keys: dict[str, str] | None = Field(default=None, sa_type=JSONB)
    testimony_ids: list[uuid.UUID] = Field(
        default_factory=empty_list, sa_type=ARRAY(PgUUID(as_uuid=True)), sa_column_kwargs={"server_default": "{}"}
    )
    # The coalition's active member organisations when the inputs were gathered, those the cover
    # lists: the organisations that may sign the edition off. None on runs made before 0013.
    gathered_members: list[uuid.UUID] | None = Field(default=None, sa_type=ARRAY(PgUUID(as_uuid=True)))
    slug: str | None = Field(default=None, max_length=120, unique=True)
    needs_regeneration: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    regeneration_reason: str | None = None
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = created_stamp()
    updated_at: datetime = updated_stamp()
    finished_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ObjectErasure(SQLModel, table=True):
    """An object of erased report forms still to delete from object storage: written in the
    transaction that erased the forms (a withdrawn testimony's words), removed once the object is
    gone. What a failed deletion leaves here, the sweeper deletes (`runs/erasures.py`)."""

    __tablename__ = "object_erasures"
    __table_args__ = ({"schema": SCHEMA},)

    key: str = Field(primary_key=True, sa_type=Text)
    requested_at: datetime = created_stamp(server_now=True)
