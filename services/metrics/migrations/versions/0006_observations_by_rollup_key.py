"""observations indexed by the roll-up key (indicator, period, country)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SCHEMA = "metrics"


def upgrade() -> None:
    # Roll-up refreshes and aggregate reads of changed keys look observations up by (indicator,
    # period, country), the key of rollup_changes. The index on period_start served neither: the
    # planner fell back to the natural key, expected to read a whole indicator per changed key,
    # and that estimate alone made aggregate reads cross the JIT thresholds. Nothing queries by
    # period_start, so this index replaces it (a single index keeps ingest cheap).
    op.create_index(
        "ix_observations_indicator_period_country",
        "observations",
        ["indicator_code", "period", "country"],
        schema=SCHEMA,
    )
    op.drop_index("ix_observations_indicator_country_period", "observations", schema=SCHEMA)


def downgrade() -> None:
    op.create_index(
        "ix_observations_indicator_country_period",
        "observations",
        ["indicator_code", "country", "period_start"],
        schema=SCHEMA,
    )
    op.drop_index("ix_observations_indicator_period_country", "observations", schema=SCHEMA)
