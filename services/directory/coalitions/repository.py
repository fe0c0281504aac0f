import uuid

from sqlalchemy import delete, func, literal, or_, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.models.coalitions import Coalition, CoalitionAdmin
from services.directory.models.memberships import CoalitionMember
from services.directory.statuses import MembershipStatus
from shared.db import utcnow


async def get_coalition(
    session: AsyncSession, coalition_id: uuid.UUID, *, for_update: bool = False
) -> Coalition | None:
    """The coalition unless it is deleted; `for_update`: its row locked until the transaction
    ends and read afresh, for a write that checks its version first."""
    coalition = await session.get(Coalition, coalition_id, with_for_update=for_update, populate_existing=for_update)
    return coalition if coalition and coalition.deleted_at is None else None


async def coalition_by_name_skeleton(
    session: AsyncSession, name_skeleton: str, *, other_than: uuid.UUID | None = None
) -> Coalition | None:
    """An active coalition whose name reads as that (`text.skeleton`), other than `other_than`."""
    query = select(Coalition).where(col(Coalition.name_skeleton) == name_skeleton, col(Coalition.deleted_at).is_(None))
    if other_than is not None:
        query = query.where(col(Coalition.id) != other_than)
    return (await session.execute(query.limit(1))).scalars().first()


async def end_coalition(session: AsyncSession, coalition_id: uuid.UUID) -> None:
    """A deleted coalition's members leave it, it leaves every network, and nobody administers
    it: what reads an organisation's coalitions or an account's rights no longer finds it."""
    await session.execute(
        update(CoalitionMember)
        .where(
            or_(
                col(CoalitionMember.coalition_id) == coalition_id,
                (col(CoalitionMember.member_id) == coalition_id) & (col(CoalitionMember.member_kind) == "coalition"),
            ),
            col(CoalitionMember.status) != MembershipStatus.LEFT,
        )
        .values(status=MembershipStatus.LEFT, updated_at=utcnow())
    )
    await session.execute(delete(CoalitionAdmin).where(col(CoalitionAdmin.coalition_id) == coalition_id))


async def list_coalitions(
    session: AsyncSession,
    *,
    name: str | None,
    country: str | None,
    scope: str | None,
    after: tuple[str, uuid.UUID] | None,
    limit: int,
) -> list[Coalition]:
    """Coalitions by name (then id), after the (name, id) of the page before."""
    query = select(Coalition).where(col(Coalition.deleted_at).is_(None))
    if name:
        words = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(col(Coalition.name).ilike(f"%{words}%"))
    if country:
        query = query.where(col(Coalition.country) == country)
    if scope:
        query = query.where(col(Coalition.scope) == scope)
    if after:
        query = query.where(
            tuple_(col(Coalition.name), col(Coalition.id)) > tuple_(literal(after[0]), literal(after[1]))
        )
    query = query.order_by(col(Coalition.name), col(Coalition.id)).limit(limit)
    return list((await session.execute(query)).scalars().all())


async def count_coalition_admins(session: AsyncSession, coalition_id: uuid.UUID) -> int:
    count = select(func.count()).select_from(CoalitionAdmin).where(col(CoalitionAdmin.coalition_id) == coalition_id)
    return (await session.execute(count)).scalar_one()


async def get_coalition_admin(
    session: AsyncSession, coalition_id: uuid.UUID, account_id: uuid.UUID
) -> CoalitionAdmin | None:
    return await session.get(CoalitionAdmin, (coalition_id, account_id))
