"""report runs: the member organisations gathered with the inputs, who may sign the run off

Runs made before carry none (NULL): which organisations were members when they were gathered
was not kept (their documents list members by name only), so any active member signs them, as
before.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, UUID

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    op.add_column("report_runs", sa.Column("gathered_members", ARRAY(UUID(as_uuid=True)), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("report_runs", "gathered_members", schema=SCHEMA)
