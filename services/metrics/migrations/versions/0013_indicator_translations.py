"""indicator translations: each version carries its name, unit and definition in other languages

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SCHEMA = "metrics"


def upgrade() -> None:
    op.add_column(
        "indicator_versions",
        sa.Column("translations", JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_column("indicator_versions", "translations", schema=SCHEMA)
