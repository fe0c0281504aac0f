"""onboarding: an organisation's review status, and the reviewer right of accounts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SCHEMA = "directory"


def upgrade() -> None:
    # Every organisation already in the directory was entered by a platform admin or an import:
    # it is active. Only self-registered ones start pending.
    op.add_column(
        "organisations",
        sa.Column("status", sa.String(16), nullable=False, server_default="active"),
        schema=SCHEMA,
    )
    op.add_column("organisations", sa.Column("reviewed_at", sa.DateTime(timezone=True)), schema=SCHEMA)
    op.add_column("organisations", sa.Column("review_note", sa.String(), nullable=True), schema=SCHEMA)
    op.create_check_constraint(
        "ck_organisations_status", "organisations", "status IN ('pending', 'active', 'rejected')", schema=SCHEMA
    )
    # The reviewers' queue: the few organisations waiting, oldest first.
    op.create_index(
        "ix_organisations_pending",
        "organisations",
        ["created_at", "id"],
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'pending' AND deleted_at IS NULL"),
    )
    op.add_column(
        "accounts", sa.Column("reviewer", sa.Boolean(), nullable=False, server_default=sa.false()), schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_column("accounts", "reviewer", schema=SCHEMA)
    op.drop_index("ix_organisations_pending", table_name="organisations", schema=SCHEMA)
    op.drop_constraint("ck_organisations_status", "organisations", schema=SCHEMA)
    for name in ("review_note", "reviewed_at", "status"):
        op.drop_column("organisations", name, schema=SCHEMA)
