"""report runs: the figures as SDMX-CSV, a fifth form

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    op.add_column("report_runs", sa.Column("sdmx", sa.Text(), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("report_runs", "sdmx", schema=SCHEMA)
