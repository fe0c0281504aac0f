"""report runs: how often the sweeper found the run's worker dead holding its job

A job that stops its worker every time (out of memory while rendering, say) was handed back by
the sweeper without end. The sweeper counts each such finding here and fails the run once the
count reaches REPORTS_SWEEP_ORPHANED_LIMIT. Existing runs start at 0.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    op.add_column("report_runs", sa.Column("orphaned", sa.Integer(), nullable=False, server_default="0"), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("report_runs", "orphaned", schema=SCHEMA)
