"""Where a caller stands among the coalitions active in a country, asked of the directory.

A coalition is active in a country when the directory gives it that country: national
coalitions carry their country; regional and global ones carry none, so they take part
through their national members."""

import uuid
from collections.abc import Iterable

from services.reports.clients import DirectoryClient
from shared.identity import Identity


def is_active_in(coalition_country: str | None, country: str) -> bool:
    """Whether a coalition that the directory gives `coalition_country` is active in `country`."""
    return coalition_country is not None and coalition_country == country


async def active_in(directory: DirectoryClient, coalition_ids: Iterable[uuid.UUID], country: str) -> set[uuid.UUID]:
    """Those of `coalition_ids` that are active in `country`."""
    found = [await directory.get_coalition(c) for c in sorted(set(coalition_ids))]
    return {c.id for c in found if c is not None and is_active_in(c.country, country)}


async def organisation_coalitions(
    directory: DirectoryClient, organisation_id: uuid.UUID, country: str
) -> set[uuid.UUID]:
    """The coalitions active in `country` that the organisation is an active member of."""
    return await active_in(directory, await directory.active_coalitions(organisation_id), country)


async def administers_in(directory: DirectoryClient, caller: Identity, country: str) -> bool:
    """A platform admin, or an admin of a coalition active in the country."""
    if not caller.is_account:
        return False
    return caller.platform_admin or bool(await active_in(directory, caller.coalition_admin_of, country))


async def in_coalition(directory: DirectoryClient, caller: Identity, coalition_id: uuid.UUID) -> bool:
    """An admin of the coalition (platform admins included), or an account of one of its active
    member organisations."""
    return caller.admin_of_coalition(coalition_id) or (
        caller.is_account
        and caller.organisation_id is not None
        and coalition_id in await directory.active_coalitions(caller.organisation_id)
    )


async def circle(directory: DirectoryClient, caller: Identity, country: str) -> set[uuid.UUID] | None:
    """The organisations whose assessments in `country` the caller reads (None: every one, for
    platform admins): its own, and the active members of the coalitions active there that it
    administers or that its organisation is an active member of. Starting a coalition (any
    organisation admin may) opens the assessments of no one who has not joined it."""
    if not caller.is_account:
        return set()
    if caller.platform_admin:
        return None
    mine = set(caller.coalition_admin_of)
    own = {caller.organisation_id} if caller.organisation_id is not None else set()
    if caller.organisation_id is not None:
        mine |= await directory.active_coalitions(caller.organisation_id)
    members = await directory.members_of(await active_in(directory, mine, country))
    return own.union(*members.values())


async def takes_part_in(directory: DirectoryClient, caller: Identity, country: str) -> bool:
    """Administers in the country, or belongs to an organisation that is an active member of a
    coalition active there: who may read the (unpublished) assessments."""
    if await administers_in(directory, caller, country):
        return True
    return (
        caller.is_account
        and caller.organisation_id is not None
        and bool(await organisation_coalitions(directory, caller.organisation_id, country))
    )
