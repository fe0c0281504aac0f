"""published editions whose provenance names a coalition's view are withdrawn too

Migration 0011 found a coalition's figures by their `source`, which points carry since
2026-11-30. Editions made from 2026-11-23, when reports began to take a coalition's view of a
year, until then hold such figures with no `source`: only the figure's provenance says so, the
query it was fetched with naming the coalition (`coalition=`). They leave the public index and
their public address answers 409 with the reason, as 0011 does.

A run that followed an edition holding a coalition's figures (marked either way) may tell such a
figure as the "before" of what changed: those that tell a figure's movement are withdrawn as well,
drafts too, which could otherwise be published as they are (a run with the same inputs takes
their forms).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

REASON = (
    "published with figures of the coalition's view (named in the figures' provenance), which only "
    "its members may read; request the report again for an edition with public figures"
)
TOLD = (
    "tells what changed since an edition holding figures of the coalition's view, which only its "
    "members may read; request the report again for an edition with public figures"
)
NAMED = '$.provenance[*].source ? (@ like_regex "[?&]coalition=")'
MARKED = '$.indicators[*].series[*] ? (@.source == "coalition")'


def upgrade() -> None:
    withdraw = sa.text(
        "UPDATE reports.report_runs SET needs_regeneration = true, regeneration_reason = :reason "
        "WHERE workflow = 'published' AND NOT needs_regeneration "
        "AND jsonb_path_exists(document, CAST(:named AS jsonpath))"
    )
    op.execute(withdraw.bindparams(reason=REASON, named=NAMED))
    told = sa.text(
        "UPDATE reports.report_runs r SET needs_regeneration = true, regeneration_reason = :reason "
        "FROM reports.report_runs p WHERE r.previous_id = p.id "
        "AND NOT r.needs_regeneration "
        "AND jsonb_path_exists(r.document, '$.changes[*] ? (@.kind == \"figure\" && @.before != null)') "
        "AND (jsonb_path_exists(p.document, CAST(:named AS jsonpath)) "
        "OR jsonb_path_exists(p.document, CAST(:marked AS jsonpath)))"
    )
    op.execute(told.bindparams(reason=TOLD, named=NAMED, marked=MARKED))


def downgrade() -> None:
    restore = sa.text(
        "UPDATE reports.report_runs SET needs_regeneration = false, regeneration_reason = NULL "
        "WHERE regeneration_reason IN (:reason, :told)"
    )
    op.execute(restore.bindparams(reason=REASON, told=TOLD))
