"""what the published figures of an indicator were computed from: a number that changes with
every change of its observations, so an answer can be kept until then

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SCHEMA = "metrics"


def upgrade() -> None:
    # A sequence, not a timestamp: it moves on within one transaction and is never rolled back,
    # so no two states of an indicator's observations share a number.
    op.execute(f"CREATE SEQUENCE {SCHEMA}.rollup_change_seq")
    op.execute(
        f"ALTER TABLE {SCHEMA}.rollup_changes "
        f"ADD COLUMN seq bigint NOT NULL DEFAULT nextval('{SCHEMA}.rollup_change_seq')"
    )
    op.execute(
        f"CREATE TABLE {SCHEMA}.rollup_generations (indicator_code varchar(64) PRIMARY KEY, seq bigint NOT NULL)"
    )


def downgrade() -> None:
    op.execute(f"DROP TABLE {SCHEMA}.rollup_generations")
    op.execute(f"ALTER TABLE {SCHEMA}.rollup_changes DROP COLUMN seq")
    op.execute(f"DROP SEQUENCE {SCHEMA}.rollup_change_seq")
