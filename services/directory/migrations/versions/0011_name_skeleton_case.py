"""organisations: what each name reads as, again, now that i and l read as one letter

`text.skeleton` took a capital I to a small l but left a small i as it was, so a name written in
capitals read apart from itself ("OPEN HOPE ALLIANCE" beside "Open Hope Alliance"). The stored
readings are emptied here; `hub migrate` fills them again after the migrations with the code that
reads them (`name_readings.fill`), as it did after 0010.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE directory.organisations SET name_skeleton = ''")


def downgrade() -> None:
    # Filled again by `hub migrate`, with whatever code is then running.
    op.execute("UPDATE directory.organisations SET name_skeleton = ''")
