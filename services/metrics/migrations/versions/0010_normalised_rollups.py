"""roll-ups of normalised contributions: every value counts in every coarser figure

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SCHEMA = "metrics"

FUNCTIONS = [
    f"""
CREATE FUNCTION {SCHEMA}.grain(period text) RETURNS smallint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN length(period) = 4 THEN 2 WHEN period LIKE '%Q%' THEN 1 ELSE 0 END
""",
    f"""
CREATE FUNCTION {SCHEMA}.period_at(period text, grain smallint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE
    WHEN grain = 2 THEN left(period, 4)
    WHEN grain = 1 AND {SCHEMA}.grain(period) = 0
        THEN left(period, 4) || '-Q' || ((substr(period, 6, 2)::int + 2) / 3)::text
    ELSE period
END
""",
]


def upgrade() -> None:
    op.execute("DROP TABLE metrics.rollups")
    for function in FUNCTIONS:
        op.execute(function)
    # Public contributions after normalisation (see repository/rollups.py), summed across
    # organisations per (indicator, country, period, grain range, breakdown shape and label).
    op.execute(
        f"""
        CREATE TABLE {SCHEMA}.rollups (
            indicator_code varchar(64) NOT NULL,
            country varchar(3) NOT NULL,
            year varchar(4) NOT NULL,
            period varchar(7) NOT NULL,
            grain smallint NOT NULL,
            top smallint NOT NULL,
            shape text NOT NULL,
            label jsonb NOT NULL,
            remainder boolean NOT NULL,
            period_end date NOT NULL,
            organisations uuid[] NOT NULL,
            amounts numeric[] NOT NULL,
            weighted_amounts numeric[] NOT NULL,
            n bigint NOT NULL,
            total numeric NOT NULL,
            weighted_total numeric,
            weight_total numeric,
            min numeric NOT NULL,
            max numeric NOT NULL,
            refreshed_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(f"CREATE INDEX ix_rollups_read ON {SCHEMA}.rollups (indicator_code, shape, grain, top)")
    op.execute(f"CREATE INDEX ix_rollups_key ON {SCHEMA}.rollups (indicator_code, year, country)")
    op.execute(
        f"INSERT INTO {SCHEMA}.rollup_changes (indicator_code, period, country) "
        f"SELECT DISTINCT indicator_code, period, country FROM {SCHEMA}.observations ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.execute(f"DROP TABLE {SCHEMA}.rollups")
    op.execute(f"DROP FUNCTION {SCHEMA}.period_at(text, smallint)")
    op.execute(f"DROP FUNCTION {SCHEMA}.grain(text)")
    op.execute(
        f"""
        CREATE TABLE {SCHEMA}.rollups (
            indicator_code varchar(64), period varchar(7), country varchar(3), disaggregation_key varchar,
            scope varchar(36), period_end date NOT NULL, disaggregation jsonb NOT NULL,
            organisations uuid[] NOT NULL, n bigint NOT NULL, total numeric NOT NULL,
            weighted_total numeric, weight_total numeric, min numeric NOT NULL, max numeric NOT NULL,
            latest_value numeric NOT NULL, latest_updated timestamptz NOT NULL,
            refreshed_at timestamptz NOT NULL DEFAULT now(),
            dimensions text NOT NULL GENERATED ALWAYS AS ({SCHEMA}.dimensions_of(disaggregation)) STORED,
            PRIMARY KEY (indicator_code, period, country, disaggregation_key, scope)
        )
        """
    )
    op.execute(
        f"CREATE INDEX ix_rollups_indicator_dimensions_scope ON {SCHEMA}.rollups (indicator_code, dimensions, scope)"
    )
    op.execute(
        f"INSERT INTO {SCHEMA}.rollup_changes (indicator_code, period, country) "
        f"SELECT DISTINCT indicator_code, period, country FROM {SCHEMA}.observations ON CONFLICT DO NOTHING"
    )
