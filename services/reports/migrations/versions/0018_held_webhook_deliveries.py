"""webhook deliveries: held until the directory says whether their organisation may receive them

`report.completed` and `report.failed` name a draft. Their audience was asked of the directory
when the run ended, and with the directory down the event was dropped. A delivery now carries
the coalition whose active members may receive it, and its job decides once the directory
answers. Existing deliveries hold no condition.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

SCHEMA = "reports"


def upgrade() -> None:
    op.add_column("webhook_deliveries", sa.Column("members_of", UUID(as_uuid=True), nullable=True), schema=SCHEMA)


def downgrade() -> None:
    op.drop_column("webhook_deliveries", "members_of", schema=SCHEMA)
