"""report runs: objects of erased forms still to delete from object storage

Written in the transaction that erases forms (consent withdrawn), so a deletion that fails
(object storage down, the process stopped) is retried by the sweeper rather than forgotten.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    op.create_table(
        "object_erasures",
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("object_erasures", schema=SCHEMA)
