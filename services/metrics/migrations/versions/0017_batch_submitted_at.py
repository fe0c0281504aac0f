"""batches: when the file was last sent

A batch job that finds the directory down waits for it at most METRICS_PEER_PATIENCE_SECONDS,
counted from `submitted_at`, which sending a failed or rejected file again (the same row) sets
anew. Existing batches were last sent when they were created.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

SCHEMA = "metrics"


def upgrade() -> None:
    op.add_column(
        "batches",
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=SCHEMA,
    )
    op.execute(f"UPDATE {SCHEMA}.batches SET submitted_at = created_at")


def downgrade() -> None:
    op.drop_column("batches", "submitted_at", schema=SCHEMA)
