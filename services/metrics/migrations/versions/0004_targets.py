"""baselines and targets

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SCHEMA = "metrics"


def upgrade() -> None:
    op.create_table(
        "targets",
        sa.Column("indicator_code", sa.String(64), sa.ForeignKey(f"{SCHEMA}.indicators.code"), primary_key=True),
        sa.Column("country", sa.String(3), primary_key=True),
        sa.Column("baseline_period", sa.String(7), nullable=False),
        sa.Column("baseline_value", sa.Numeric(), nullable=False),
        sa.Column("target_period", sa.String(7), nullable=False),
        sa.Column("target_value", sa.Numeric(), nullable=False),
        sa.Column("note", sa.String(), nullable=False, server_default=""),
        sa.Column("set_by", UUID(as_uuid=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("targets", schema=SCHEMA)
