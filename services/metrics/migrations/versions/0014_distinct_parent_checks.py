"""an observation statement's indicator versions are checked once each, not once per row

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SCHEMA = "metrics"

# check_parents (0008) looked up the parent of every new row: for a batch of a million
# observations, a million index probes of indicator_versions (0.95 s), though a file holds a
# handful of versions. A fourth argument, 'distinct', makes it look up each distinct key once
# (0.22 s). Revisions keep one lookup per row: their keys (observation ids) do not repeat.
BY_DISTINCT_KEY = f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.check_parents() RETURNS trigger LANGUAGE plpgsql AS $$
-- TG_ARGV: the child's key columns, the parent table, the parent's key columns, and optionally
-- 'distinct': each distinct key of the statement's rows is looked up once.
DECLARE
    missing text;
    source text := 'new_rows n';
BEGIN
    IF TG_NARGS > 3 AND TG_ARGV[3] = 'distinct' THEN
        source := format('(SELECT DISTINCT %s FROM new_rows n) n', TG_ARGV[0]);
    END IF;
    EXECUTE format('SELECT (%1$s)::text FROM %4$s WHERE NOT EXISTS '
                   '(SELECT FROM %2$s p WHERE (%3$s) = (%1$s)) LIMIT 1',
                   TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], source) INTO missing;
    IF missing IS NOT NULL THEN
        RAISE foreign_key_violation USING MESSAGE = format(
            '%s: %s %s is not in %s', TG_TABLE_NAME, TG_ARGV[0], missing, TG_ARGV[1]);
    END IF;
    RETURN NULL;
END $$
"""
# 0008's, for the downgrade.
BY_ROW = f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.check_parents() RETURNS trigger LANGUAGE plpgsql AS $$
-- TG_ARGV: the child's key columns, the parent table, the parent's key columns.
DECLARE missing text;
BEGIN
    EXECUTE format('SELECT (%1$s)::text FROM new_rows n WHERE NOT EXISTS '
                   '(SELECT FROM %2$s p WHERE (%3$s) = (%1$s)) LIMIT 1',
                   TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]) INTO missing;
    IF missing IS NOT NULL THEN
        RAISE foreign_key_violation USING MESSAGE = format(
            '%s: %s %s is not in %s', TG_TABLE_NAME, TG_ARGV[0], missing, TG_ARGV[1]);
    END IF;
    RETURN NULL;
END $$
"""
OBSERVATION_KEY = "'n.indicator_code, n.indicator_version', 'metrics.indicator_versions', 'p.code, p.version'"


def _observation_triggers(extra: str) -> None:
    for event in ("insert", "update"):
        op.execute(f"DROP TRIGGER observations_parents_{event} ON {SCHEMA}.observations")
        op.execute(
            f"CREATE TRIGGER observations_parents_{event} AFTER {event.upper()} ON {SCHEMA}.observations "
            f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {SCHEMA}.check_parents({OBSERVATION_KEY}{extra})"
        )


def upgrade() -> None:
    op.execute(BY_DISTINCT_KEY)
    _observation_triggers(", 'distinct'")


def downgrade() -> None:
    _observation_triggers("")
    op.execute(BY_ROW)
