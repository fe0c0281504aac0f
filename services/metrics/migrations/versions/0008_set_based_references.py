"""time-ordered observation ids; references checked once per statement rather than once per row

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SCHEMA = "metrics"

# A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made in one
# batch sort together, so a million inserts touch the right edge of the primary-key indexes
# (observations, revisions) rather than random pages all over them.
UUID_V7 = f"""
CREATE FUNCTION {SCHEMA}.uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE
RETURN encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                      PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint)
                                                        FROM 3)
                                      FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
"""

# The two foreign keys below ran a lookup and a row lock per inserted row: for a batch of a
# million observations, a million lookups of indicator_versions and then, for the revisions, a
# million lookups and locks of the observations just written (dirtying every one of them again).
# The same rules are now checked once per statement over the statement's new rows (one join),
# for single writes and batches alike. Parents are never deleted by the service; a delete that
# would leave a child without its parent fails, and a parent's key cannot change.
MISSING_PARENT = f"""
CREATE FUNCTION {SCHEMA}.check_parents() RETURNS trigger LANGUAGE plpgsql AS $$
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
ORPHANS = f"""
CREATE FUNCTION {SCHEMA}.check_children() RETURNS trigger LANGUAGE plpgsql AS $$
-- TG_ARGV: the parent's key columns, the child table, the child's key columns.
DECLARE orphaned text;
BEGIN
    EXECUTE format('SELECT (%1$s)::text FROM old_rows p WHERE EXISTS '
                   '(SELECT FROM %2$s c WHERE (%3$s) = (%1$s)) LIMIT 1',
                   TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]) INTO orphaned;
    IF orphaned IS NOT NULL THEN
        RAISE foreign_key_violation USING MESSAGE = format(
            '%s %s is still referenced from %s', TG_TABLE_NAME, orphaned, TG_ARGV[1]);
    END IF;
    RETURN NULL;
END $$
"""
FIXED_KEY = f"""
CREATE FUNCTION {SCHEMA}.refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE foreign_key_violation USING MESSAGE = format('the key of %s rows does not change', TG_TABLE_NAME);
END $$
"""

# (child, its key, parent, the parent's key, foreign key it replaces)
REFERENCES = (
    (
        "observations",
        "n.indicator_code, n.indicator_version",
        "indicator_versions",
        "p.code, p.version",
        "observations_indicator_code_indicator_version_fkey",
        "(indicator_code, indicator_version)",
        "(code, version)",
    ),
    (
        "observation_revisions",
        "n.observation_id",
        "observations",
        "p.id",
        "observation_revisions_observation_id_fkey",
        "(observation_id)",
        "(id)",
    ),
)


def upgrade() -> None:
    op.execute(UUID_V7)
    op.execute(MISSING_PARENT)
    op.execute(ORPHANS)
    op.execute(FIXED_KEY)
    for child, child_key, parent, parent_key, fkey, _, _ in REFERENCES:
        op.drop_constraint(fkey, child, schema=SCHEMA, type_="foreignkey")
        args = f"'{child_key}', '{SCHEMA}.{parent}', '{parent_key}'"
        for event in ("INSERT", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER {child}_parents_{event.lower()} AFTER {event} ON {SCHEMA}.{child} "
                f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {SCHEMA}.check_parents({args})"
            )
        back = f"'{parent_key}', '{SCHEMA}.{child}', '{child_key.replace('n.', 'c.')}'"
        op.execute(
            f"CREATE TRIGGER {parent}_children_{child} AFTER DELETE ON {SCHEMA}.{parent} "
            f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {SCHEMA}.check_children({back})"
        )
        old = parent_key.replace("p.", "OLD.")
        new = parent_key.replace("p.", "NEW.")
        op.execute(
            f"CREATE TRIGGER {parent}_key_for_{child} BEFORE UPDATE ON {SCHEMA}.{parent} FOR EACH ROW "
            f"WHEN (({old}) IS DISTINCT FROM ({new})) EXECUTE FUNCTION {SCHEMA}.refuse_key_change()"
        )


def downgrade() -> None:
    for child, _, parent, _, fkey, child_columns, parent_columns in REFERENCES:
        op.execute(f"DROP TRIGGER {parent}_key_for_{child} ON {SCHEMA}.{parent}")
        op.execute(f"DROP TRIGGER {parent}_children_{child} ON {SCHEMA}.{parent}")
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER {child}_parents_{event} ON {SCHEMA}.{child}")
        op.execute(
            f"ALTER TABLE {SCHEMA}.{child} ADD CONSTRAINT {fkey} FOREIGN KEY {child_columns} "
            f"REFERENCES {SCHEMA}.{parent} {parent_columns}"
        )
    for function in ("refuse_key_change()", "check_children()", "check_parents()", "uuid_v7()"):
        op.execute(f"DROP FUNCTION {SCHEMA}.{function}")
