"""organisations: what each name reads as, so that no name is taken that reads as a listed one's

`name_skeleton` is derived on every write, as `name_folded` is (`text.skeleton`). This migration
only adds the column: the rows already there get theirs from `hub migrate` once the schemas are
at head (`name_readings.fill`), so that it computes them with the code
that reads them, and means the same whenever it runs, whatever `text.skeleton` becomes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SCHEMA = "directory"


def upgrade() -> None:
    op.add_column(
        "organisations", sa.Column("name_skeleton", sa.String(), nullable=False, server_default=""), schema=SCHEMA
    )
    op.create_index(
        "ix_organisations_name_skeleton",
        "organisations",
        ["name_skeleton"],
        schema=SCHEMA,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_organisations_name_skeleton", table_name="organisations", schema=SCHEMA)
    op.drop_column("organisations", "name_skeleton", schema=SCHEMA)
