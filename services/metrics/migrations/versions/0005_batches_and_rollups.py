"""observation batches; roll-ups and the keys waiting for a refresh

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

SCHEMA = "metrics"


def upgrade() -> None:
    # The key (indicator_code, indicator_version) -> indicator_versions already implies the
    # indicator exists; checking it twice cost a tenth of a large batch's time.
    op.drop_constraint("observations_indicator_code_fkey", "observations", schema=SCHEMA, type_="foreignkey")
    op.create_table(
        "batches",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("organisation_id", UUID(as_uuid=True), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(), nullable=False, server_default="queued"),
        sa.Column("percent", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("rows", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("unchanged", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("errors", JSONB(), nullable=False, server_default="[]"),
        sa.Column("submitted_by", UUID(as_uuid=True), nullable=True),
        sa.Column("request_id", sa.String(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("organisation_id", "content_sha256", name="uq_batches_content"),
        schema=SCHEMA,
    )
    op.create_index("ix_batches_status_updated", "batches", ["status", "updated_at"], schema=SCHEMA)

    # Partial aggregates per (indicator, period, country, breakdown, scope): scope is 'public' or
    # the coalition id of coalition-visible values. Private values are never rolled up.
    op.create_table(
        "rollups",
        sa.Column("indicator_code", sa.String(64), primary_key=True),
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("country", sa.String(3), primary_key=True),
        sa.Column("disaggregation_key", sa.String(), primary_key=True),
        sa.Column("scope", sa.String(36), primary_key=True),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("disaggregation", JSONB(), nullable=False),
        sa.Column("organisations", ARRAY(UUID(as_uuid=True)), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.Numeric(), nullable=False),
        sa.Column("weighted_total", sa.Numeric(), nullable=True),
        sa.Column("weight_total", sa.Numeric(), nullable=True),
        sa.Column("min", sa.Numeric(), nullable=False),
        sa.Column("max", sa.Numeric(), nullable=False),
        sa.Column("latest_value", sa.Numeric(), nullable=False),
        sa.Column("latest_updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=SCHEMA,
    )
    # Keys whose observations changed since their roll-ups were computed. Readers take these
    # from the observations themselves, so figures are exact before the refresh job runs.
    op.create_table(
        "rollup_changes",
        sa.Column("indicator_code", sa.String(64), primary_key=True),
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("country", sa.String(3), primary_key=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=SCHEMA,
    )
    # Every existing observation is a change the first refresh must roll up.
    op.execute(
        f"INSERT INTO {SCHEMA}.rollup_changes (indicator_code, period, country) "
        f"SELECT DISTINCT indicator_code, period, country FROM {SCHEMA}.observations"
    )


def downgrade() -> None:
    op.create_foreign_key(
        "observations_indicator_code_fkey",
        "observations",
        "indicators",
        ["indicator_code"],
        ["code"],
        source_schema=SCHEMA,
        referent_schema=SCHEMA,
    )
    for table in ("rollup_changes", "rollups", "batches"):
        op.drop_table(table, schema=SCHEMA)
