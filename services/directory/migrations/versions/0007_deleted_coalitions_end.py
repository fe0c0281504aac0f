"""deleted coalitions: their memberships end and their admin grants go

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Deleting a coalition now ends its memberships (its own members and its place in networks)
    # and drops its admin grants (coalitions/repository.py, end_coalition); coalitions deleted
    # before are brought to the same state.
    op.execute(
        "UPDATE directory.coalition_members m SET status = 'left', updated_at = now()"
        " FROM directory.coalitions c WHERE c.deleted_at IS NOT NULL AND m.status <> 'left'"
        " AND (m.coalition_id = c.id OR (m.member_kind = 'coalition' AND m.member_id = c.id))"
    )
    op.execute(
        "DELETE FROM directory.coalition_admins a USING directory.coalitions c"
        " WHERE c.deleted_at IS NOT NULL AND a.coalition_id = c.id"
    )


def downgrade() -> None:
    pass  # what the memberships were before the coalition was deleted is not kept
