"""audit log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

from shared.audit import create_audit_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    create_audit_table(op, SCHEMA)


def downgrade() -> None:
    op.drop_table("audit_log", schema=SCHEMA)
