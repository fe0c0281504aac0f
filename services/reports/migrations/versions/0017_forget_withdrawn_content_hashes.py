"""withdrawn reports keep no digest of what they held

A report withdrawn until it is regenerated (`needs_regeneration`: consent to a quoted testimony
withdrawn, or figures only a coalition's members may read) kept its content hash, on its row and
in its stored document. The hash covers the withdrawn words, so anyone holding a guess at them
could confirm it. Both are cleared; from now on a withdrawal clears them as it happens. Nothing
needs the hash of a withdrawn run: a run with the same inputs never takes its forms.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE reports.report_runs SET content_hash = NULL, "
            "document = CASE WHEN document ? 'meta' "
            "THEN jsonb_set(document, '{meta,content_hash}', to_jsonb(''::text)) ELSE document END "
            "WHERE needs_regeneration"
        )
    )


def downgrade() -> None:
    """The hashes are gone for good: a withdrawn run never needs one."""
