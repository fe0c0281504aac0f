"""batches: how often the sweeper found the batch's worker dead holding its job

A job that stops its worker every time (out of memory on a large file, say) was handed back by
the sweeper without end. The sweeper counts each such finding here and fails the batch once the
count reaches METRICS_SWEEP_ORPHANED_LIMIT. Existing batches start at 0.

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

SCHEMA = "metrics"


def upgrade() -> None:
    op.add_column("batches", sa.Column("orphaned", sa.Integer(), nullable=False, server_default="0"), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("batches", "orphaned", schema=SCHEMA)
