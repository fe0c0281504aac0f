"""coalitions: only a national one has a country

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A coalition is active in the country the directory gives it (reports' standing). Coalitions
    # started regional or global with a country, or made so while national, kept it and so were
    # active there: they lose it (a new version, so an ETag read before no longer matches), and
    # the table refuses such a row from now on (coalitions/service.py refuses it first).
    op.execute(
        "UPDATE directory.coalitions SET country = NULL, version = version + 1, updated_at = now()"
        " WHERE scope <> 'national' AND country IS NOT NULL"
    )
    op.create_check_constraint(
        "ck_coalitions_country", "coalitions", "scope = 'national' OR country IS NULL", schema="directory"
    )


def downgrade() -> None:
    # The countries cleared are not kept: those coalitions were active nowhere they should be.
    op.drop_constraint("ck_coalitions_country", "coalitions", schema="directory", type_="check")
