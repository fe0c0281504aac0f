"""report runs, editions and artifacts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    op.create_table(
        "report_runs",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("coalition_id", UUID(as_uuid=True), nullable=False),
        sa.Column("template", sa.String(40), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("requested_by", UUID(as_uuid=True), nullable=True),
        sa.Column("requester_org", UUID(as_uuid=True), nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(), nullable=False, server_default="queued"),
        sa.Column("percent", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("workflow", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("edition", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("previous_id", UUID(as_uuid=True), nullable=True),
        sa.Column("same_as", UUID(as_uuid=True), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("document", JSONB(), nullable=True),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("markdown", sa.Text(), nullable=True),
        sa.Column("json", sa.LargeBinary(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("testimony_ids", ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"),
        sa.Column("slug", sa.String(120), nullable=True, unique=True),
        sa.Column("needs_regeneration", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("regeneration_reason", sa.String(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="ck_report_runs_status"),
        sa.CheckConstraint("workflow IN ('draft', 'in_review', 'published')", name="ck_report_runs_workflow"),
        schema=SCHEMA,
    )
    op.create_index(
        "uq_report_runs_idempotency",
        "report_runs",
        ["requested_by", "idempotency_key"],
        unique=True,
        schema=SCHEMA,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    op.create_index(
        "ix_report_runs_series",
        "report_runs",
        ["country", "period", "coalition_id", "template", "language"],
        schema=SCHEMA,
    )
    op.create_index("ix_report_runs_status_updated", "report_runs", ["status", "updated_at"], schema=SCHEMA)
    op.create_index(
        "ix_report_runs_testimonies", "report_runs", ["testimony_ids"], schema=SCHEMA, postgresql_using="gin"
    )


def downgrade() -> None:
    op.drop_table("report_runs", schema=SCHEMA)
