"""organisations, coalitions, accounts, API keys, coalition admins, audit log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from shared.audit import create_audit_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "directory"


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("acronym", sa.String(), nullable=True),
        *_timestamps(),
        schema=SCHEMA,
    )
    op.create_table(
        "coalitions",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("country", sa.String(3), sa.ForeignKey(f"{SCHEMA}.countries.iso3"), nullable=True),
        *_timestamps(),
        sa.CheckConstraint("scope IN ('national', 'regional', 'global')", name="ck_coalitions_scope"),
        schema=SCHEMA,
    )
    op.create_table(
        "accounts",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.organisations.id"), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("org_role", sa.String(16), nullable=False),
        sa.Column("platform_admin", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("org_role IN ('member', 'admin')", name="ck_accounts_org_role"),
        schema=SCHEMA,
    )
    op.create_index("ix_accounts_organisation_id", "accounts", ["organisation_id"], schema=SCHEMA)
    op.create_table(
        "api_keys",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("account_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.accounts.id"), nullable=False),
        sa.Column("prefix", sa.String(32), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        schema=SCHEMA,
    )
    op.create_index("ix_api_keys_account_id", "api_keys", ["account_id"], schema=SCHEMA)
    op.create_table(
        "coalition_admins",
        sa.Column("coalition_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.coalitions.id"), primary_key=True),
        sa.Column("account_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.accounts.id"), primary_key=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_index("ix_coalition_admins_account_id", "coalition_admins", ["account_id"], schema=SCHEMA)
    create_audit_table(op, SCHEMA)


def downgrade() -> None:
    for table in ("audit_log", "coalition_admins", "api_keys", "accounts", "coalitions", "organisations"):
        op.drop_table(table, schema=SCHEMA)
