"""roll-ups carry the names of their breakdown's dimensions, indexed for aggregate reads

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SCHEMA = "metrics"


def upgrade() -> None:
    # An aggregate reads the roll-ups broken down by exactly the requested dimensions. Testing
    # that on the jsonb of every roll-up of the indicator read five times the rows needed, and
    # the planner could not estimate it (it then probed the changed keys once per roll-up).
    op.execute(
        f"""
        CREATE FUNCTION {SCHEMA}.dimensions_of(disaggregation jsonb) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN (SELECT coalesce(string_agg(k, ';' ORDER BY k COLLATE "C"), '')
                FROM jsonb_object_keys(disaggregation) AS k)
        """
    )
    op.execute(
        f"ALTER TABLE {SCHEMA}.rollups ADD COLUMN dimensions text NOT NULL "
        f"GENERATED ALWAYS AS ({SCHEMA}.dimensions_of(disaggregation)) STORED"
    )
    op.create_index(
        "ix_rollups_indicator_dimensions_scope", "rollups", ["indicator_code", "dimensions", "scope"], schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_index("ix_rollups_indicator_dimensions_scope", "rollups", schema=SCHEMA)
    op.drop_column("rollups", "dimensions", schema=SCHEMA)
    op.execute(f"DROP FUNCTION {SCHEMA}.dimensions_of(jsonb)")
