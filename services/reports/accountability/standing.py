"""Where a caller stands among the coalitions active in a country, asked of the directory.

A coalition is active in a country when the directory gives it that country: national
coalitions carry their country; regional and global ones carry none, so they take part
through their national members."""

import uuid
from collections.abc import Iterable

from services.reports.clients import DirectoryClient
from shared.identity import Identity


async def active_in(directory: DirectoryClient, coalition_ids: Iterable[uuid.UUID], country: str) -> set[uuid.UUID]:
    """Those of `coalition_ids` that are active in `country`."""
    found = [await directory.get_coalition(c) for c in sorted(set(coalition_ids))]
    return {c.id for c in found if c is not None and c.country == country}


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
