"""Coalition membership: invite, request to join, approve, leave. A member is an organisation,
or (for a network) a coalition. Transitions:

    invited --(member accepts)--> active        pending --(coalition approves)--> active
    (none|left) --(coalition invites)--> invited    (none|left) --(member asks)--> pending
    invited|pending|active --(either side ends it)--> left
"""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.coalitions import repository as coalition_repository
from services.directory.memberships import repository
from services.directory.memberships.schemas import MembershipRead
from services.directory.models.coalitions import Coalition
from services.directory.models.memberships import CoalitionMember
from services.directory.organisations import service as organisations
from services.directory.statuses import MembershipStatus
from shared.db import insert_unless_taken
from shared.errors import Conflict, NotFound


async def _member_exists(session: AsyncSession, member_id: uuid.UUID, kind: str) -> None:
    if not await repository.member_is_listed(session, member_id, kind):
        raise NotFound(f"No {kind} {member_id}.")


async def _coalition(session: AsyncSession, coalition_id: uuid.UUID) -> Coalition:
    coalition = await coalition_repository.get_coalition(session, coalition_id)
    if coalition is None:
        raise NotFound(f"No coalition {coalition_id}.")
    return coalition


async def _membership(session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID) -> CoalitionMember | None:
    """The membership, locked: every caller changes it."""
    return await repository.locked_membership(session, coalition_id, member_id)


def _not_itself(coalition_id: uuid.UUID, member_id: uuid.UUID, kind: str) -> None:
    if kind == "coalition" and member_id == coalition_id:
        raise Conflict("A coalition cannot be a member of itself.")


async def invite(
    session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID, kind: str, role: str
) -> CoalitionMember:
    """The coalition's side: invite, or approve at once someone who asked."""
    await _coalition(session, coalition_id)
    _not_itself(coalition_id, member_id, kind)
    await _member_exists(session, member_id, kind)
    membership = await _membership(session, coalition_id, member_id)
    if membership is None:
        first = CoalitionMember(
            coalition_id=coalition_id, member_id=member_id, member_kind=kind, role=role, status=MembershipStatus.INVITED
        )
        # A concurrent first write that won is then treated like any stored membership.
        if await insert_unless_taken(session, first):
            return first
        membership = await _membership(session, coalition_id, member_id)
        assert membership is not None
    if membership.status in (MembershipStatus.INVITED, MembershipStatus.ACTIVE):
        raise Conflict(f"Already {membership.status}.")
    else:
        membership.status = (
            MembershipStatus.ACTIVE if membership.status == MembershipStatus.PENDING else MembershipStatus.INVITED
        )
        membership.role = role
    await session.flush()
    return membership


async def ask_to_join(
    session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID, kind: str
) -> CoalitionMember:
    """The member's side: ask to join, or accept an invitation."""
    await _coalition(session, coalition_id)
    _not_itself(coalition_id, member_id, kind)
    await _member_exists(session, member_id, kind)
    membership = await _membership(session, coalition_id, member_id)
    if membership is None:
        first = CoalitionMember(
            coalition_id=coalition_id, member_id=member_id, member_kind=kind, status=MembershipStatus.PENDING
        )
        # A concurrent first write that won is then treated like any stored membership.
        if await insert_unless_taken(session, first):
            return first
        membership = await _membership(session, coalition_id, member_id)
        assert membership is not None
    if membership.status in (MembershipStatus.PENDING, MembershipStatus.ACTIVE):
        raise Conflict(f"Already {membership.status}.")
    else:
        membership.status = (
            MembershipStatus.ACTIVE if membership.status == MembershipStatus.INVITED else MembershipStatus.PENDING
        )
    await session.flush()
    return membership


async def approve(session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID) -> CoalitionMember:
    await _coalition(session, coalition_id)
    membership = await _membership(session, coalition_id, member_id)
    if membership is None or membership.status != MembershipStatus.PENDING:
        raise Conflict("Only a pending request can be approved.")
    membership.status = MembershipStatus.ACTIVE
    await session.flush()
    return membership


async def end(session: AsyncSession, coalition_id: uuid.UUID, member_id: uuid.UUID) -> CoalitionMember:
    """Leave (the member) or remove (the coalition); withdraws an invitation or a request too."""
    membership = await _membership(session, coalition_id, member_id)
    if membership is None or membership.status == MembershipStatus.LEFT:
        raise NotFound(f"{member_id} is not in coalition {coalition_id}.")
    membership.status = MembershipStatus.LEFT
    await session.flush()
    return membership


async def members(session: AsyncSession, coalition_id: uuid.UUID, statuses: Sequence[str]) -> Sequence[CoalitionMember]:
    await _coalition(session, coalition_id)
    return await repository.members(session, coalition_id, statuses)


def as_seen_by_anyone(memberships: Sequence[CoalitionMember]) -> list[MembershipRead]:
    """Active memberships as anyone but the coalition's admins sees them: each dated from when it
    became active (its last change, as an active membership changes only when it ends), in that
    order. When it was first asked for or offered, and any earlier spell in the coalition, are the
    coalition's admins' to know: `created_at` and the first-asked order would tell them."""
    shown = [
        MembershipRead.model_validate(m, from_attributes=True).model_copy(update={"created_at": m.updated_at})
        for m in memberships
    ]
    return sorted(shown, key=lambda m: (m.created_at, m.member_id))


async def active_memberships_of(
    session: AsyncSession, organisation_id: uuid.UUID, *, listed_only: bool
) -> Sequence[CoalitionMember]:
    """404 where the organisation's profile is (unknown, removed, or `listed_only` and not listed)."""
    await organisations.get_organisation(session, organisation_id, listed_only=listed_only)
    return await repository.memberships_of(session, organisation_id, [MembershipStatus.ACTIVE])


async def names(session: AsyncSession, memberships: Sequence[MembershipRead]) -> dict[uuid.UUID, str]:
    """The name of each member (an organisation, or a coalition in a network), by id."""
    return await repository.names(session, [(m.member_id, m.member_kind) for m in memberships])
