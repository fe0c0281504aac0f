"""published editions holding a coalition's figures are withdrawn until requested again

Reports now hold public figures only: a coalition's view holds values its members share with the
coalition alone. Editions published before that rule may show such figures (a point whose
`source` is `coalition`); they leave the public index and their public address answers 409 with
the reason, as an edition that lost a testimony does. The coalition's members still read them at
the run's own address, and a new request makes the edition again with public figures.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

REASON = (
    "published with figures of the coalition's view, which only its members may read; "
    "request the report again for an edition with public figures"
)


def upgrade() -> None:
    withdraw = sa.text(
        "UPDATE reports.report_runs SET needs_regeneration = true, regeneration_reason = :reason "
        "WHERE workflow = 'published' AND NOT needs_regeneration "
        "AND jsonb_path_exists(document, '$.indicators[*].series[*] ? (@.source == \"coalition\")')"
    )
    op.execute(withdraw.bindparams(reason=REASON))


def downgrade() -> None:
    restore = sa.text(
        "UPDATE reports.report_runs SET needs_regeneration = false, regeneration_reason = NULL "
        "WHERE regeneration_reason = :reason"
    )
    op.execute(restore.bindparams(reason=REASON))
