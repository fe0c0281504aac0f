"""one public reason for a withdrawn or narrowed testimony

A report withdrawn because consent to a quoted testimony changed said whether the survivor
withdrew it or narrowed it; that reason is shown to every reader of the edition, and "narrowed"
told them the words still go round a coalition. Both now read the same.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE reports.report_runs SET regeneration_reason = :told "
            "WHERE regeneration_reason IN (:withdrawn, :narrowed)"
        ).bindparams(
            told="consent to a quoted testimony was withdrawn or narrowed",
            withdrawn="consent to a quoted testimony was withdrawn",
            narrowed="consent to a quoted testimony was narrowed",
        )
    )


def downgrade() -> None:
    """Which of the two it was is not kept: the organisation's own testimonies say it."""
