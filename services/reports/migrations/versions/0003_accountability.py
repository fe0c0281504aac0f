"""commitments and assessments; testimonies

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, UUID

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA = "reports"
STATUSES = "('not_started', 'in_progress', 'achieved', 'regressed')"
MILESTONES = "('survivors', 'justice', 'coordination', 'risk_factors', 'supply_chains')"


def _times() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    ]


def upgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("milestone", sa.String(16), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("responsible_body", sa.String(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("indicators", ARRAY(sa.String()), nullable=False, server_default="{}"),
        sa.Column("note", sa.String(), nullable=False, server_default=""),
        sa.Column("created_by", UUID(as_uuid=True), nullable=True),
        sa.Column("updated_by", UUID(as_uuid=True), nullable=True),
        *_times(),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(f"milestone IN {MILESTONES}", name="ck_commitments_milestone"),
        schema=SCHEMA,
    )
    # A country's roadmap, in created order (the listing and the scorecard).
    op.create_index(
        "ix_commitments_country",
        "commitments",
        ["country", "created_at", "id"],
        schema=SCHEMA,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "assessments",
        sa.Column("commitment_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.commitments.id"), primary_key=True),
        sa.Column("organisation_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("evidence", sa.String(), nullable=False),
        sa.Column("links", ARRAY(sa.String()), nullable=False, server_default="{}"),
        sa.Column("confidence", sa.String(8), nullable=False, server_default="medium"),
        sa.Column("updated_by", UUID(as_uuid=True), nullable=True),
        *_times(),
        sa.CheckConstraint(f"status IN {STATUSES}", name="ck_assessments_status"),
        sa.CheckConstraint("confidence IN ('low', 'medium', 'high')", name="ck_assessments_confidence"),
        sa.CheckConstraint("cardinality(links) <= 10", name="ck_assessments_links"),
        schema=SCHEMA,
    )
    op.create_table(
        "consolidations",
        sa.Column("commitment_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.commitments.id"), primary_key=True),
        sa.Column("coalition_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("rating", sa.String(16), nullable=False),
        sa.Column("rationale", sa.String(), nullable=False),
        sa.Column("updated_by", UUID(as_uuid=True), nullable=True),
        *_times(),
        sa.CheckConstraint(f"rating IN {STATUSES}", name="ck_consolidations_rating"),
        schema=SCHEMA,
    )
    # The scorecard: one coalition's ratings.
    op.create_index("ix_consolidations_coalition", "consolidations", ["coalition_id"], schema=SCHEMA)
    op.create_table(
        "testimonies",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("organisation_id", UUID(as_uuid=True), nullable=False),
        sa.Column("organisation_name", sa.String(), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("milestone", sa.String(16), nullable=True),
        sa.Column("quote", sa.String(), nullable=False),
        sa.Column("context", sa.String(), nullable=False, server_default=""),
        sa.Column("consent", sa.String(16), nullable=False),
        sa.Column("coalition_id", UUID(as_uuid=True), nullable=True),
        sa.Column("created_by", UUID(as_uuid=True), nullable=True),
        *_times(),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "consent IN ('public', 'coalition', 'internal', 'withdrawn')", name="ck_testimonies_consent"
        ),
        sa.CheckConstraint("(consent = 'coalition') = (coalition_id IS NOT NULL)", name="ck_testimonies_coalition"),
        sa.CheckConstraint(f"milestone IS NULL OR milestone IN {MILESTONES}", name="ck_testimonies_milestone"),
        # Withdrawal erases the survivor's words.
        sa.CheckConstraint("consent <> 'withdrawn' OR (quote = '' AND context = '')", name="ck_testimonies_erased"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_testimonies_country",
        "testimonies",
        ["country", "created_at", "id"],
        schema=SCHEMA,
        postgresql_where=sa.text("consent <> 'withdrawn'"),
    )
    op.create_index(
        "ix_testimonies_organisation", "testimonies", ["organisation_id", "created_at", "id"], schema=SCHEMA
    )


def downgrade() -> None:
    for table in ("testimonies", "consolidations", "assessments", "commitments"):
        op.drop_table(table, schema=SCHEMA)
