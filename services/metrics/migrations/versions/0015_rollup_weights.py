"""roll-ups keep each organisation's weights' sum, for the noise of weighted means' divisors

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SCHEMA = "metrics"


def upgrade() -> None:
    # Existing roll-ups cannot be given their weights: every key they hold is marked as changed,
    # so readers take those years from the observations until the refresh recomputes them.
    op.execute(f"ALTER TABLE {SCHEMA}.rollups ADD COLUMN weights numeric[] NOT NULL DEFAULT '{{}}'")
    op.execute(f"ALTER TABLE {SCHEMA}.rollups ALTER COLUMN weights DROP DEFAULT")
    op.execute(
        f"""
        INSERT INTO {SCHEMA}.rollup_changes (indicator_code, period, country)
        SELECT DISTINCT indicator_code, year, country FROM {SCHEMA}.rollups
        ON CONFLICT (indicator_code, period, country) DO UPDATE SET changed_at = now(), seq = DEFAULT
        """
    )


def downgrade() -> None:
    op.execute(f"ALTER TABLE {SCHEMA}.rollups DROP COLUMN weights")
