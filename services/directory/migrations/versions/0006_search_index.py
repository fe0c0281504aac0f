"""search: one GIN index over the filtered lists, the text and the name trigrams

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SCHEMA = "directory"
COLUMNS = ["countries", "regions", "forms", "interventions", "sectors", "search", "name_trigrams"]


def upgrade() -> None:
    # One scan of one index intersects a search's conditions inside GIN, skipping through the
    # long lists of common terms; an index per column built a bitmap of each list (39,000 rows
    # for a common form) only to AND it away (docs/performance.md).
    op.create_index("ix_organisations_filters", "organisations", COLUMNS, schema=SCHEMA, postgresql_using="gin")
    for name in COLUMNS:
        op.drop_index(f"ix_organisations_{name}", table_name="organisations", schema=SCHEMA)


def downgrade() -> None:
    for name in COLUMNS:
        op.create_index(f"ix_organisations_{name}", "organisations", [name], schema=SCHEMA, postgresql_using="gin")
    op.drop_index("ix_organisations_filters", table_name="organisations", schema=SCHEMA)
