"""imports: how often the sweeper found the import's worker dead holding its job

A job that stops its worker every time (out of memory on a large file, say) was handed back by
the sweeper without end. The sweeper counts each such finding here and fails the import once the
count reaches DIRECTORY_SWEEP_ORPHANED_LIMIT. Existing imports start at 0.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SCHEMA = "directory"


def upgrade() -> None:
    op.add_column("import_runs", sa.Column("orphaned", sa.Integer(), nullable=False, server_default="0"), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("import_runs", "orphaned", schema=SCHEMA)
