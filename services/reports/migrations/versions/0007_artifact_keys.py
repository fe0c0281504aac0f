"""report forms in object storage: the keys of a run's forms

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    op.add_column("report_runs", sa.Column("artifact_keys", JSONB(), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("report_runs", "artifact_keys", schema=SCHEMA)
