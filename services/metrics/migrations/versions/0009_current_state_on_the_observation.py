"""an observation's current state lives on its row only; revisions keep the states it replaced;
observations listed per organisation in id order from an index

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SCHEMA = "metrics"
CHANGED = "indicator_version, value, weight, method_note, source, visibility, coalition_id, status"


def upgrade() -> None:
    # Writing every new observation twice (row and revision 1) was a third of a large batch's
    # time. The row already holds who changed it and when; it now holds the request too.
    op.add_column("observations", sa.Column("request_id", sa.String(128), nullable=True), schema=SCHEMA)
    op.execute(
        f"UPDATE {SCHEMA}.observations o SET request_id = r.request_id FROM {SCHEMA}.observation_revisions r "
        f"WHERE r.observation_id = o.id AND r.revision = o.revision AND r.request_id IS NOT NULL"
    )
    op.execute(
        f"DELETE FROM {SCHEMA}.observation_revisions r USING {SCHEMA}.observations o "
        f"WHERE r.observation_id = o.id AND r.revision = o.revision"
    )
    # An organisation's observations are paged by id: with the organisation alone indexed, each
    # page of an organisation holding a million sorted all of them (a second per page).
    op.create_index("ix_observations_organisation_id", "observations", ["organisation_id", "id"], schema=SCHEMA)
    op.drop_index("ix_metrics_observations_organisation_id", "observations", schema=SCHEMA)


def downgrade() -> None:
    op.create_index("ix_metrics_observations_organisation_id", "observations", ["organisation_id"], schema=SCHEMA)
    op.drop_index("ix_observations_organisation_id", "observations", schema=SCHEMA)
    op.execute(
        f"INSERT INTO {SCHEMA}.observation_revisions (observation_id, revision, {CHANGED}, changed_by, request_id, "
        f"changed_at) SELECT id, revision, {CHANGED}, updated_by, request_id, updated_at FROM {SCHEMA}.observations"
    )
    op.drop_column("observations", "request_id", schema=SCHEMA)
