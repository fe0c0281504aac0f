import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, literal, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.models.accounts import Account
from services.directory.models.coalitions import CoalitionAdmin
from services.directory.models.memberships import CoalitionMember
from services.directory.models.organisations import Organisation
from services.directory.organisations import profile
from services.directory.statuses import MembershipStatus, OrganisationStatus
from shared.db import raw_connection, utcnow

COLUMNS = ", ".join(profile.COLUMNS)
# The organisations public answers show (search, reads, matching, coverage, exports, HSDS), as
# a condition on `o`: not deleted, and active (not awaiting review, not rejected).
LISTED = f"o.deleted_at IS NULL AND o.status = '{OrganisationStatus.ACTIVE}'"


async def get_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, *, listed_only: bool = True, for_update: bool = False
) -> Organisation | None:
    """The organisation unless it is deleted; unless it is active too, when `listed_only`
    (what everyone may see: one awaiting review or rejected is as good as unknown).

    `for_update`: its row locked until the transaction ends, and read afresh (a concurrent write
    committed while this one waited is seen), for a write that checks its version or status
    first: concurrent writers take turns, and each checks what the one before it left."""
    organisation = await session.get(
        Organisation, organisation_id, with_for_update=for_update, populate_existing=for_update
    )
    if organisation is None or organisation.deleted_at is not None:
        return None
    return organisation if organisation.status == OrganisationStatus.ACTIVE or not listed_only else None


# One profile as the public read shows it: SQL on the session's connection, as the search reads
# its rows (building the ORM object and validating it from attributes cost more than the query).
PROFILE_ROW = f"SELECT {COLUMNS} FROM directory.organisations o WHERE o.id = $1 AND o.deleted_at IS NULL"


async def organisation_row(
    session: AsyncSession, organisation_id: uuid.UUID, *, listed_only: bool = True
) -> dict[str, Any] | None:
    """`get_organisation` as the columns of a profile, for reading only."""
    row = await (await raw_connection(session)).fetchrow(PROFILE_ROW, organisation_id)
    if row is None or (listed_only and row["status"] != OrganisationStatus.ACTIVE):
        return None
    return dict(row)


async def organisation_by_name(session: AsyncSession, name: str) -> Organisation | None:
    query = select(Organisation).where(col(Organisation.name) == name, col(Organisation.deleted_at).is_(None))
    return (await session.execute(query)).scalars().first()


async def organisation_by_external_id(session: AsyncSession, external_id: str) -> Organisation | None:
    query = select(Organisation).where(col(Organisation.external_id) == external_id)
    return (await session.execute(query)).scalars().first()


async def end_memberships(session: AsyncSession, organisation_id: uuid.UUID) -> None:
    """A deleted organisation leaves every coalition, and its accounts administer none."""
    await session.execute(
        update(CoalitionMember)
        .where(
            col(CoalitionMember.member_id) == organisation_id,
            col(CoalitionMember.member_kind) == "organisation",
            col(CoalitionMember.status) != MembershipStatus.LEFT,
        )
        .values(status=MembershipStatus.LEFT, updated_at=utcnow())
    )
    accounts = select(Account.id).where(col(Account.organisation_id) == organisation_id)
    await session.execute(delete(CoalitionAdmin).where(col(CoalitionAdmin.account_id).in_(accounts.scalar_subquery())))


async def listed_rows(session: AsyncSession, *, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """A page of organisations (by id, as the exports order them) and how many there are."""
    conn = await raw_connection(session)
    total = await conn.fetchval(f"SELECT count(*) FROM directory.organisations o WHERE {LISTED}")
    rows = await conn.fetch(
        f"SELECT {COLUMNS} FROM directory.organisations o WHERE {LISTED} ORDER BY id OFFSET $1 LIMIT $2",
        offset,
        limit,
    )
    return [dict(r) for r in rows], total


async def listed_after(session: AsyncSession, after: uuid.UUID | None, limit: int) -> list[dict[str, Any]]:
    """Listed organisations by id, after the id `after` (from the first when None)."""
    conn = await raw_connection(session)
    rows = await conn.fetch(
        f"SELECT {COLUMNS} FROM directory.organisations o WHERE {LISTED} "
        "AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2",
        after,
        limit,
    )
    return [dict(r) for r in rows]


async def listed_row(session: AsyncSession, organisation_id: uuid.UUID) -> dict[str, Any] | None:
    conn = await raw_connection(session)
    row = await conn.fetchrow(
        f"SELECT {COLUMNS} FROM directory.organisations o WHERE {LISTED} AND id = $1", organisation_id
    )
    return dict(row) if row else None


async def organisation_by_name_skeleton(
    session: AsyncSession, name_skeleton: str, *, other_than: uuid.UUID | None = None
) -> Organisation | None:
    """A listed organisation whose name reads as that (`text.skeleton`), other than `other_than`."""
    query = select(Organisation).where(
        col(Organisation.name_skeleton) == name_skeleton,
        col(Organisation.deleted_at).is_(None),
        col(Organisation.status) == OrganisationStatus.ACTIVE,
    )
    if other_than is not None:
        query = query.where(col(Organisation.id) != other_than)
    return (await session.execute(query)).scalars().first()


async def pending_organisations(
    session: AsyncSession, *, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[Organisation]:
    """Organisations awaiting review, oldest first, after the (created_at, id) of the page before."""
    query = select(Organisation).where(
        col(Organisation.status) == OrganisationStatus.PENDING, col(Organisation.deleted_at).is_(None)
    )
    if after:
        query = query.where(
            tuple_(col(Organisation.created_at), col(Organisation.id)) > tuple_(literal(after[0]), literal(after[1]))
        )
    query = query.order_by(col(Organisation.created_at), col(Organisation.id)).limit(limit)
    return list((await session.execute(query)).scalars().all())
