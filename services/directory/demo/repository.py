"""The demo data set in the database: what it replaces goes first, then COPY puts it in, about
ten times faster than a row-by-row INSERT."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, String, any_, bindparam, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.directory.models import SCHEMA
from services.directory.models.coalitions import Coalition
from services.directory.models.memberships import CoalitionMember
from services.directory.models.organisations import Organisation
from services.directory.organisations.profile import STORED
from services.directory.statuses import OrganisationStatus
from shared.db import raw_connection

# Columns of each demo row, then the columns every row is given on loading.
ORGANISATION_COLUMNS = ["id", "external_id", *STORED, "demo"]
COALITION_COLUMNS = ["id", "name", "scope", "country", "name_skeleton"]
MEMBERSHIP_COLUMNS = ["coalition_id", "member_id", "member_kind", "role", "status"]
TRACKED = ["created_at", "updated_at", "version"]


async def delete_demo(session: AsyncSession) -> list[uuid.UUID]:
    """Remove the demo organisations, coalitions and their memberships; the ids of the
    organisations removed."""
    demo_orgs = select(col(Organisation.id)).where(col(Organisation.demo).is_(True))
    demo_coalitions = select(col(Coalition.id)).where(col(Coalition.demo).is_(True))
    await session.execute(
        delete(CoalitionMember).where(
            or_(col(CoalitionMember.member_id).in_(demo_orgs), col(CoalitionMember.coalition_id).in_(demo_coalitions))
        )
    )
    await session.execute(delete(Coalition).where(col(Coalition.demo).is_(True)))
    replaced = await session.execute(
        delete(Organisation).where(col(Organisation.demo).is_(True)).returning(col(Organisation.id))
    )
    return list(replaced.scalars().all())


async def listed_skeletons(session: AsyncSession, skeletons: list[str]) -> set[str]:
    """Those of `skeletons` (`text.skeleton`) a listed organisation's name reads as, demo ones aside."""
    wanted = bindparam("skeletons", skeletons, type_=ARRAY(String))
    query = select(col(Organisation.name_skeleton)).where(
        col(Organisation.name_skeleton) == any_(wanted),
        col(Organisation.deleted_at).is_(None),
        col(Organisation.status) == OrganisationStatus.ACTIVE,
        col(Organisation.demo).is_(False),
    )
    return set((await session.execute(query)).scalars().all())


async def coalition_skeletons(session: AsyncSession) -> set[str]:
    """What the names of the active coalitions read as (`text.skeleton`), demo ones aside."""
    query = select(col(Coalition.name_skeleton)).where(
        col(Coalition.deleted_at).is_(None), col(Coalition.demo).is_(False)
    )
    return set((await session.execute(query)).scalars().all())


async def copy_demo(
    session: AsyncSession,
    organisations: list[dict[str, Any]],
    coalitions: list[dict[str, Any]],
    memberships: list[dict[str, Any]],
) -> None:
    """COPY the rows in, all with the transaction's time."""
    copy = (await raw_connection(session)).copy_records_to_table
    now: datetime = (await session.execute(select(func.now()))).scalar_one()
    await copy(
        "organisations",
        schema_name=SCHEMA,
        columns=[*ORGANISATION_COLUMNS, *TRACKED],
        records=[tuple(o[c] for c in ORGANISATION_COLUMNS) + (now, now, 1) for o in organisations],
    )
    await copy(
        "coalitions",
        schema_name=SCHEMA,
        columns=[*COALITION_COLUMNS, "demo", *TRACKED],
        records=[tuple(c[k] for k in COALITION_COLUMNS) + (True, now, now, 1) for c in coalitions],
    )
    await copy(
        "coalition_members",
        schema_name=SCHEMA,
        columns=[*MEMBERSHIP_COLUMNS, "created_at", "updated_at"],
        records=[tuple(m[k] for k in MEMBERSHIP_COLUMNS) + (now, now) for m in memberships],
    )
