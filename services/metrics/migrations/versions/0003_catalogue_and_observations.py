"""indicator versions, endorsements, comments; observations and their revisions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA = "metrics"


def upgrade() -> None:
    # The first catalogue table held the content itself; content now lives in versions.
    for column in ("name", "definition", "unit"):
        op.drop_column("indicators", column, schema=SCHEMA)
    op.add_column(
        "indicators", sa.Column("current_version", sa.Integer(), nullable=False, server_default="1"), schema=SCHEMA
    )
    op.add_column("indicators", sa.Column("proposed_by", UUID(as_uuid=True), nullable=True), schema=SCHEMA)
    op.add_column(
        "indicators", sa.Column("starter", sa.Boolean(), nullable=False, server_default=sa.false()), schema=SCHEMA
    )
    op.add_column(
        "indicators",
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=SCHEMA,
    )
    op.create_check_constraint(
        "ck_indicators_status",
        "indicators",
        "status IN ('proposed', 'under_review', 'adopted', 'retired')",
        schema=SCHEMA,
    )
    op.create_table(
        "indicator_versions",
        sa.Column("code", sa.String(64), sa.ForeignKey(f"{SCHEMA}.indicators.code"), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("definition", sa.String(), nullable=False),
        sa.Column("method_note", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("value_type", sa.String(16), nullable=False),
        sa.Column("aggregation", sa.String(16), nullable=False),
        sa.Column("disaggregations", ARRAY(sa.String()), nullable=False, server_default="{}"),
        sa.Column("sdg_target", sa.String(16), nullable=True),
        sa.Column("proxy", sa.Boolean(), nullable=False),
        sa.Column("sensitivity", sa.String(16), nullable=False),
        sa.Column("change_note", sa.String(), nullable=False, server_default=""),
        sa.Column("created_by", UUID(as_uuid=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "indicator_endorsements",
        sa.Column("code", sa.String(64), sa.ForeignKey(f"{SCHEMA}.indicators.code"), primary_key=True),
        sa.Column("organisation_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "indicator_comments",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("code", sa.String(64), sa.ForeignKey(f"{SCHEMA}.indicators.code"), nullable=False, index=True),
        sa.Column("organisation_id", UUID(as_uuid=True), nullable=False),
        sa.Column("account_id", UUID(as_uuid=True), nullable=True),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "observations",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("indicator_code", sa.String(64), sa.ForeignKey(f"{SCHEMA}.indicators.code"), nullable=False),
        sa.Column("indicator_version", sa.Integer(), nullable=False),
        sa.Column("organisation_id", UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("subdivision", sa.String(16), nullable=False, server_default=""),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("disaggregation", JSONB(), nullable=False),
        sa.Column("disaggregation_key", sa.String(), nullable=False),
        sa.Column("value", sa.Numeric(), nullable=False),
        sa.Column("weight", sa.Numeric(), nullable=True),
        sa.Column("method_note", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("coalition_id", UUID(as_uuid=True), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_by", UUID(as_uuid=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_code", "indicator_version"],
            [f"{SCHEMA}.indicator_versions.code", f"{SCHEMA}.indicator_versions.version"],
        ),
        sa.UniqueConstraint(
            "indicator_code",
            "organisation_id",
            "country",
            "subdivision",
            "period",
            "disaggregation_key",
            name="uq_observations_natural_key",
        ),
        sa.CheckConstraint("visibility IN ('private', 'coalition', 'public')", name="ck_observations_visibility"),
        sa.CheckConstraint("visibility <> 'coalition' OR coalition_id IS NOT NULL", name="ck_observations_coalition"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_observations_indicator_country_period",
        "observations",
        ["indicator_code", "country", "period_start"],
        schema=SCHEMA,
    )
    op.create_table(
        "observation_revisions",
        sa.Column("observation_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.observations.id"), primary_key=True),
        sa.Column("revision", sa.Integer(), primary_key=True),
        sa.Column("indicator_version", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(), nullable=False),
        sa.Column("weight", sa.Numeric(), nullable=True),
        sa.Column("method_note", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("coalition_id", UUID(as_uuid=True), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("changed_by", UUID(as_uuid=True), nullable=True),
        sa.Column("request_id", sa.String(128), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    for table in (
        "observation_revisions",
        "observations",
        "indicator_comments",
        "indicator_endorsements",
        "indicator_versions",
    ):
        op.drop_table(table, schema=SCHEMA)
    op.drop_constraint("ck_indicators_status", "indicators", schema=SCHEMA)
    for column in ("current_version", "proposed_by", "starter", "updated_at"):
        op.drop_column("indicators", column, schema=SCHEMA)
    for column in ("name", "definition", "unit"):
        op.add_column("indicators", sa.Column(column, sa.String(), nullable=False, server_default=""), schema=SCHEMA)
