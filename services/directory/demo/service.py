"""Loading the generated demo data set (`hub seed demo`): replaces any earlier demo data, keeps
everything else. Organisations go in with COPY, about ten times faster than a row-by-row INSERT."""

import uuid

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.coalitions.models import Coalition
from services.directory.imports.repository import PROFILE
from services.directory.memberships.models import CoalitionMember
from services.directory.models import SCHEMA
from services.directory.organisations.models import Organisation
from services.directory.seed.demo import DemoSet
from shared.db import raw_connection

ORG_COLUMNS = ["id", "external_id", *PROFILE, "demo", "created_at", "updated_at", "version"]


async def load_demo(session: AsyncSession, demo: DemoSet) -> list[uuid.UUID]:
    """Returns the ids of the demo organisations replaced (their figures go too, see hub/migrate.py)."""
    demo_orgs = select(Organisation.id).where(Organisation.demo.is_(True))
    demo_coalitions = select(Coalition.id).where(Coalition.demo.is_(True))
    await session.execute(
        delete(CoalitionMember).where(
            or_(CoalitionMember.member_id.in_(demo_orgs), CoalitionMember.coalition_id.in_(demo_coalitions))
        )
    )
    await session.execute(delete(Coalition).where(Coalition.demo.is_(True)))
    replaced = await session.execute(delete(Organisation).where(Organisation.demo.is_(True)).returning(Organisation.id))
    earlier = list(replaced.scalars().all())

    copy = (await raw_connection(session)).copy_records_to_table
    now = (await session.execute(select(func.now()))).scalar_one()
    await copy(
        "organisations",
        schema_name=SCHEMA,
        columns=ORG_COLUMNS,
        records=[tuple(o[c] for c in ORG_COLUMNS[:-3]) + (now, now, 1) for o in demo.organisations],
    )
    await copy(
        "coalitions",
        schema_name=SCHEMA,
        columns=["id", "name", "scope", "country", "demo", "created_at", "updated_at", "version"],
        records=[(c["id"], c["name"], c["scope"], c["country"], True, now, now, 1) for c in demo.coalitions],
    )
    await copy(
        "coalition_members",
        schema_name=SCHEMA,
        columns=["coalition_id", "member_id", "member_kind", "role", "status", "created_at", "updated_at"],
        records=[
            (m["coalition_id"], m["member_id"], m["member_kind"], m["role"], m["status"], now, now)
            for m in demo.memberships
        ],
    )
    return earlier
