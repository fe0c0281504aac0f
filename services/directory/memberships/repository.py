import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.models.coalitions import Coalition
from services.directory.models.memberships import CoalitionMember
from services.directory.models.organisations import Organisation
from services.directory.statuses import OrganisationStatus


async def member_is_listed(session: AsyncSession, member_id: uuid.UUID, kind: str) -> bool:
    """Whether the organisation (or coalition) exists, is not deleted and, for an organisation,
    is active."""
    model = Organisation if kind == "organisation" else Coalition
    found = await session.get(model, member_id)
    return (
        found is not None
        and found.deleted_at is None
        and getattr(found, "status", OrganisationStatus.ACTIVE) == OrganisationStatus.ACTIVE
    )


async def locked_membership(
    session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID
) -> CoalitionMember | None:
    """The membership, locked (and read afresh): every caller changes it."""
    return await session.get(CoalitionMember, (coalition_id, member_id), with_for_update=True, populate_existing=True)


async def members(session: AsyncSession, coalition_id: uuid.UUID, statuses: Sequence[str]) -> Sequence[CoalitionMember]:
    query = (
        select(CoalitionMember)
        .where(col(CoalitionMember.coalition_id) == coalition_id, col(CoalitionMember.status).in_(statuses))
        .order_by(col(CoalitionMember.created_at))
    )
    return (await session.execute(query)).scalars().all()


async def memberships_of(
    session: AsyncSession, member_id: uuid.UUID, statuses: Sequence[str]
) -> Sequence[CoalitionMember]:
    query = (
        select(CoalitionMember)
        .where(col(CoalitionMember.member_id) == member_id, col(CoalitionMember.status).in_(statuses))
        .order_by(col(CoalitionMember.created_at))
    )
    return (await session.execute(query)).scalars().all()


async def names(session: AsyncSession, members: Sequence[tuple[uuid.UUID, str]]) -> dict[uuid.UUID, str]:
    """The name of each member (an organisation, or a coalition in a network: its id and kind), by id."""
    found: dict[uuid.UUID, str] = {}
    for model, kind in ((Organisation, "organisation"), (Coalition, "coalition")):
        ids = [member_id for member_id, member_kind in members if member_kind == kind]
        if ids:
            rows = await session.execute(select(col(model.id), col(model.name)).where(col(model.id).in_(ids)))
            found.update({row[0]: row[1] for row in rows})
    return found
