"""the coalition that entered a commitment, whose admins edit it

Commitments entered before carry none, and are the platform admins' to edit: who entered them
was an account, and which of its coalitions it acted for was not kept.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    op.add_column("commitments", sa.Column("coalition_id", UUID(as_uuid=True), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("commitments", "coalition_id", schema=SCHEMA)
