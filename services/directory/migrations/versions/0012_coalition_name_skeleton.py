"""coalitions: what each name reads as, so that no coalition is started or renamed into another's

As for organisations (0010), `name_skeleton` is derived on every write (`text.skeleton`). This
migration only adds the column and its index: `hub migrate` fills the rows already there after the
migrations (`name_readings.fill`). The index is not unique: coalitions that
already share a name keep it (a start or rename under a name waits on a lock of that reading,
`coalitions.service`), so no row already stored can make this migration fail.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SCHEMA = "directory"


def upgrade() -> None:
    op.add_column(
        "coalitions", sa.Column("name_skeleton", sa.String(), nullable=False, server_default=""), schema=SCHEMA
    )
    op.create_index(
        "ix_coalitions_name_skeleton",
        "coalitions",
        ["name_skeleton"],
        schema=SCHEMA,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_coalitions_name_skeleton", table_name="coalitions", schema=SCHEMA)
    op.drop_column("coalitions", "name_skeleton", schema=SCHEMA)
