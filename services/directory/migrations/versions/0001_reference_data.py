"""countries and action groups

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "directory"


def upgrade() -> None:
    op.create_table(
        "countries",
        sa.Column("iso3", sa.String(3), primary_key=True),
        sa.Column("iso2", sa.String(2), nullable=False, unique=True),
        sa.Column("m49", sa.String(3), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("region", sa.String(), nullable=True),
        sa.Column("subregion", sa.String(), nullable=True),
        sa.Column("pathfinder", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("pathfinder_workshop_date", sa.Date(), nullable=True),
        sa.Column("pathfinder_workshop_note", sa.String(), nullable=True),
        sa.Column("roadmap_adopted_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=SCHEMA,
    )
    op.create_index("ix_countries_region", "countries", ["region"], schema=SCHEMA)
    op.create_index("ix_countries_pathfinder", "countries", ["pathfinder"], schema=SCHEMA)
    op.create_table(
        "action_groups",
        sa.Column("slug", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("action_groups", schema=SCHEMA)
    op.drop_table("countries", schema=SCHEMA)
