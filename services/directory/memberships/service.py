"""Coalition membership: invite, request to join, approve, leave. A member is an organisation,
or (for a network) a coalition. Transitions:

    invited --(member accepts)--> active        pending --(coalition approves)--> active
    (none|left) --(coalition invites)--> invited    (none|left) --(member asks)--> pending
    invited|pending|active --(either side ends it)--> left
"""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.coalitions import repository as coalition_repository
from services.directory.coalitions.models import Coalition
from services.directory.memberships.models import CoalitionMember
from services.directory.organisations.models import Organisation
from shared.db import insert_unless_taken
from shared.errors import Conflict, NotFound


async def _member_exists(session: AsyncSession, member_id: uuid.UUID, kind: str) -> None:
    model = Organisation if kind == "organisation" else Coalition
    found = await session.get(model, member_id)
    if found is None or found.deleted_at is not None or getattr(found, "status", "active") != "active":
        raise NotFound(f"No {kind} {member_id}.")


async def _coalition(session: AsyncSession, coalition_id: uuid.UUID) -> Coalition:
    coalition = await coalition_repository.get_coalition(session, coalition_id)
    if coalition is None:
        raise NotFound(f"No coalition {coalition_id}.")
    return coalition


async def _membership(session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID) -> CoalitionMember | None:
    """The membership, locked: every caller changes it."""
    return await session.get(CoalitionMember, (coalition_id, member_id), with_for_update=True, populate_existing=True)


async def invite(
    session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID, kind: str, role: str
) -> CoalitionMember:
    """The coalition's side: invite, or approve at once someone who asked."""
    await _coalition(session, coalition_id)
    if kind == "coalition" and member_id == coalition_id:
        raise Conflict("A coalition cannot be a member of itself.")
    await _member_exists(session, member_id, kind)
    membership = await _membership(session, coalition_id, member_id)
    if membership is None:
        first = CoalitionMember(
            coalition_id=coalition_id, member_id=member_id, member_kind=kind, role=role, status="invited"
        )
        # A concurrent first write that won is then treated like any stored membership.
        if await insert_unless_taken(session, first):
            return first
        membership = await _membership(session, coalition_id, member_id)
        assert membership is not None
    if membership.status in ("invited", "active"):
        raise Conflict(f"Already {membership.status}.")
    else:
        membership.status = "active" if membership.status == "pending" else "invited"
        membership.role = role
    await session.flush()
    return membership


async def ask_to_join(
    session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID, kind: str
) -> CoalitionMember:
    """The member's side: ask to join, or accept an invitation."""
    await _coalition(session, coalition_id)
    await _member_exists(session, member_id, kind)
    membership = await _membership(session, coalition_id, member_id)
    if membership is None:
        first = CoalitionMember(coalition_id=coalition_id, member_id=member_id, member_kind=kind, status="pending")
        # A concurrent first write that won is then treated like any stored membership.
        if await insert_unless_taken(session, first):
            return first
        membership = await _membership(session, coalition_id, member_id)
        assert membership is not None
    if membership.status in ("pending", "active"):
        raise Conflict(f"Already {membership.status}.")
    else:
        membership.status = "active" if membership.status == "invited" else "pending"
    await session.flush()
    return membership


async def approve(session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID) -> CoalitionMember:
    membership = await _membership(session, coalition_id, member_id)
    if membership is None or membership.status != "pending":
        raise Conflict("Only a pending request can be approved.")
    membership.status = "active"
    await session.flush()
    return membership


async def end(session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID) -> CoalitionMember:
    """Leave (the member) or remove (the coalition); withdraws an invitation or a request too."""
    membership = await _membership(session, coalition_id, member_id)
    if membership is None or membership.status == "left":
        raise NotFound(f"{member_id} is not in coalition {coalition_id}.")
    membership.status = "left"
    await session.flush()
    return membership


async def members(session: AsyncSession, coalition_id: uuid.UUID, statuses: Sequence[str]) -> Sequence[CoalitionMember]:
    await _coalition(session, coalition_id)
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


async def names(session: AsyncSession, memberships: Sequence[CoalitionMember]) -> dict[uuid.UUID, str]:
    """The name of each member (an organisation, or a coalition in a network), by id."""
    found: dict[uuid.UUID, str] = {}
    for model, kind in ((Organisation, "organisation"), (Coalition, "coalition")):
        ids = [m.member_id for m in memberships if m.member_kind == kind]
        if ids:
            rows = await session.execute(select(model.id, model.name).where(col(model.id).in_(ids)))
            found.update({row.id: row.name for row in rows})
    return found
