"""idempotency records: the keys and nonces of writes, with their answers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from alembic import op

from shared.idempotency import create_idempotency_table

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SCHEMA = "directory"


def upgrade() -> None:
    create_idempotency_table(op, SCHEMA)


def downgrade() -> None:
    op.drop_table("idempotency_records", schema=SCHEMA)
