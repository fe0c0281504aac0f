"""the coalition's words for its reports, in versions; sign-off rules and endorsements

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    op.create_table(
        "report_contents",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("coalition_id", UUID(as_uuid=True), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("headline_findings", JSONB(), nullable=False),
        sa.Column("recommendations", JSONB(), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("prevalence", JSONB(), nullable=False),
        sa.Column("limits", sa.Text(), nullable=False),
        sa.Column("created_by", UUID(as_uuid=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("coalition_id", "country", "period", "language", "version"),
        schema=SCHEMA,
    )
    op.create_table(
        "signoff_rules",
        sa.Column("coalition_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("quorum", sa.Integer(), nullable=True),
        sa.Column("signatories", ARRAY(UUID(as_uuid=True)), nullable=False),
        sa.Column("updated_by", UUID(as_uuid=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "endorsements",
        sa.Column(
            "run_id",
            UUID(as_uuid=True),
            sa.ForeignKey(f"{SCHEMA}.report_runs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("organisation_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("organisation_name", sa.String(), nullable=False),
        sa.Column("endorsed", sa.Boolean(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("signed_by", UUID(as_uuid=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("endorsements", schema=SCHEMA)
    op.drop_table("signoff_rules", schema=SCHEMA)
    op.drop_table("report_contents", schema=SCHEMA)
