"""organisations: what each name reads as, so that no name is taken that reads as a listed one's

`name_skeleton` is derived on every write, as `name_folded` is (`text.skeleton`); the existing
rows get theirs here, their names unchanged.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from services.directory.text import skeleton

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SCHEMA = "directory"
BATCH = 1000


def upgrade() -> None:
    op.add_column(
        "organisations", sa.Column("name_skeleton", sa.String(), nullable=False, server_default=""), schema=SCHEMA
    )
    conn = op.get_bind()
    rows = conn.execute(sa.text(f"SELECT id, name FROM {SCHEMA}.organisations")).all()
    update = sa.text(f"UPDATE {SCHEMA}.organisations SET name_skeleton = :skeleton WHERE id = :id")
    for start in range(0, len(rows), BATCH):
        conn.execute(update, [{"id": r.id, "skeleton": skeleton(r.name)} for r in rows[start : start + BATCH]])
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
