"""organisation profiles and search, coalition membership, shared services, imports

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA = "directory"
TERM_LISTS = (
    "countries",
    "regions",
    "forms",
    "interventions",
    "sectors",
    "languages",
    "survivor_leadership",
    "action_groups",
    "name_trigrams",
)
FILTERED_LISTS = ("countries", "regions", "forms", "interventions", "sectors")


def upgrade() -> None:
    add = lambda column: op.add_column("organisations", column, schema=SCHEMA)  # noqa: E731
    add(sa.Column("external_id", sa.String(200), nullable=True, unique=True))
    add(sa.Column("kind", sa.String(32), nullable=False, server_default="ngo"))
    add(sa.Column("hq_country", sa.String(3), sa.ForeignKey(f"{SCHEMA}.countries.iso3"), nullable=True))
    for name in TERM_LISTS:
        add(sa.Column(name, ARRAY(sa.String()), nullable=False, server_default="{}"))
    add(sa.Column("alliance87_partner", sa.Boolean(), nullable=False, server_default=sa.false()))
    add(sa.Column("size_band", sa.String(16), nullable=True))
    add(sa.Column("website", sa.String(), nullable=True))
    add(sa.Column("contact_email", sa.String(), nullable=True))
    add(sa.Column("contact_phone", sa.String(), nullable=True))
    add(sa.Column("description", sa.String(), nullable=False, server_default=""))
    add(sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()))
    add(sa.Column("name_folded", sa.String(), nullable=False, server_default=""))
    add(sa.Column("search_text", sa.String(), nullable=False, server_default=""))
    # Folded text is written by the service (accents and case removed in Python), so the
    # 'simple' configuration suffices and the expression stays immutable.
    op.execute(
        f"""ALTER TABLE {SCHEMA}.organisations ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', name_folded), 'A') || setweight(to_tsvector('simple', search_text), 'B')
        ) STORED"""
    )
    op.create_index("ix_organisations_search", "organisations", ["search"], schema=SCHEMA, postgresql_using="gin")
    for name in (*FILTERED_LISTS, "name_trigrams"):
        op.create_index(f"ix_organisations_{name}", "organisations", [name], schema=SCHEMA, postgresql_using="gin")
    op.create_index(
        "ix_organisations_name_order",
        "organisations",
        ["name_folded", "id"],
        schema=SCHEMA,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )

    op.add_column(
        "coalitions", sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()), schema=SCHEMA
    )
    op.create_table(
        "coalition_members",
        sa.Column("coalition_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.coalitions.id"), primary_key=True),
        sa.Column("member_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("member_kind", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('invited', 'pending', 'active', 'left')", name="ck_coalition_members_status"),
        sa.CheckConstraint("member_kind IN ('organisation', 'coalition')", name="ck_coalition_members_kind"),
        schema=SCHEMA,
    )
    op.create_index("ix_coalition_members_member", "coalition_members", ["member_id", "status"], schema=SCHEMA)

    op.create_table(
        "shared_services",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.organisations.id"), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("service_type", sa.String(32), nullable=False),
        sa.Column("countries", ARRAY(sa.String()), nullable=False, server_default="{}"),
        sa.Column("description", sa.String(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("direction IN ('offer', 'need')", name="ck_shared_services_direction"),
        schema=SCHEMA,
    )
    op.create_index("ix_shared_services_organisation_id", "shared_services", ["organisation_id"], schema=SCHEMA)
    op.create_index("ix_shared_services_type", "shared_services", ["service_type", "direction"], schema=SCHEMA)

    op.create_table(
        "import_runs",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("account_id", UUID(as_uuid=True), nullable=True),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        *[
            sa.Column(n, sa.Integer(), nullable=False)
            for n in ("rows_total", "created", "updated", "unchanged", "failed")
        ],
        sa.Column("errors", JSONB(), nullable=False),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_import_runs_unfinished",
        "import_runs",
        ["updated_at"],
        schema=SCHEMA,
        postgresql_where=sa.text("status IN ('queued', 'running')"),
    )


def downgrade() -> None:
    for table in ("import_runs", "shared_services", "coalition_members"):
        op.drop_table(table, schema=SCHEMA)
    op.drop_column("coalitions", "demo", schema=SCHEMA)
    op.drop_index("ix_organisations_name_order", table_name="organisations", schema=SCHEMA)
    op.drop_column("organisations", "search", schema=SCHEMA)
    for name in (
        "external_id",
        "kind",
        "hq_country",
        *TERM_LISTS,
        "alliance87_partner",
        "size_band",
        "website",
        "contact_email",
        "contact_phone",
        "description",
        "demo",
        "name_folded",
        "search_text",
    ):
        op.drop_column("organisations", name, schema=SCHEMA)
