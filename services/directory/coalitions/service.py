"""Coalitions: their profiles with optimistic concurrency, soft deletion, and their admins."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.accounts import repository as account_repository
from services.directory.coalitions import repository
from services.directory.coalitions.schemas import CoalitionCreate, CoalitionUpdate
from services.directory.models.coalitions import Coalition, CoalitionAdmin
from services.directory.reference import repository as reference_repository
from services.directory.text import skeleton
from shared.db import hold_lock, utcnow
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.identity import Identity
from shared.pagination import keyset_cursor, keyset_values, text_part, uuid_part
from shared.preconditions import check_if_match, check_put_exists, version_etag

etag = version_etag
NATIONAL = "national"  # the scope that has a country (vocabularies.COALITION_SCOPES)


def _check_place(scope: str, country: str | None) -> None:
    """A national coalition has its country; a regional or global one has none (it is active in
    no country of its own: its members take part where they are)."""
    if scope == NATIONAL and country is None:
        raise InvalidInput(
            "A national coalition names its country.",
            errors=[{"field": "country", "reason": "required for a national coalition"}],
        )
    if scope != NATIONAL and country is not None:
        raise InvalidInput(
            f"A {scope} coalition has no country: leave country out, or start a national coalition.",
            errors=[{"field": "country", "reason": f"a {scope} coalition has no country"}],
        )


async def _claim_name(session: AsyncSession, name: str, *, other_than: uuid.UUID | None = None) -> str:
    """What `name` reads as (`text.skeleton`), once no other active coalition's name reads so;
    held until the transaction ends, so that of two writes of one name at once the second waits
    for the first and then finds it taken. Compared worldwide: the public index, the feed and a
    report's cover name a coalition by its name alone."""
    reading = skeleton(name)
    await hold_lock(session, f"directory.coalition-name:{reading}")
    if await repository.coalition_by_name_skeleton(session, reading, other_than=other_than):
        raise Conflict(
            "Another coalition has this name (compared whatever its case, accents or look-alike letters): "
            "choose a name of your own. A coalition named as one in another country adds its country "
            "to the name.",
            errors=[{"field": "name", "reason": "taken by another coalition"}],
        )
    return reading


async def create_coalition(session: AsyncSession, data: CoalitionCreate) -> Coalition:
    _check_place(data.scope, data.country)
    if data.country and await reference_repository.get_country(session, data.country) is None:
        raise InvalidInput(f"Unknown country {data.country}.", errors=[{"field": "country", "reason": "unknown"}])
    reading = await _claim_name(session, data.name)
    coalition = Coalition(**data.model_dump(), name_skeleton=reading)
    session.add(coalition)
    await session.flush()
    return coalition


async def start_coalition(session: AsyncSession, data: CoalitionCreate, founder: Identity) -> Coalition:
    """An organisation's admin starts a coalition and is its first admin; platform admins, who
    administer every coalition already, only register it."""
    if not (founder.platform_admin or founder.org_role == "admin"):
        raise Forbidden("Organisation admins (and platform admins) start coalitions.")
    coalition = await create_coalition(session, data)
    if not founder.platform_admin and founder.account_id is not None:
        session.add(CoalitionAdmin(coalition_id=coalition.id, account_id=founder.account_id))
        await session.flush()
    return coalition


async def get_coalition(session: AsyncSession, coalition_id: uuid.UUID, *, for_update: bool = False) -> Coalition:
    coalition = await repository.get_coalition(session, coalition_id, for_update=for_update)
    if coalition is None:
        raise NotFound(f"No coalition {coalition_id}.")
    return coalition


async def list_coalitions(
    session: AsyncSession, *, q: str | None, country: str | None, scope: str | None, cursor: str | None, limit: int
) -> tuple[list[Coalition], str | None]:
    """A page of coalitions by name, and the cursor of the next one."""
    key = keyset_values(cursor, text_part, uuid_part)
    rows = await repository.list_coalitions(
        session, name=q, country=country.upper() if country else None, scope=scope, after=key, limit=limit + 1
    )
    following = keyset_cursor(rows[limit - 1].name, rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], following


async def update_coalition(
    session: AsyncSession, coalition_id: uuid.UUID, data: CoalitionUpdate, if_match: str
) -> Coalition:
    # Locked before If-Match is checked: of concurrent writes sent with the same ETag, one wins,
    # the rest get 412.
    coalition = await get_coalition(session, coalition_id, for_update=True)
    check_if_match(if_match, etag(coalition.version), what="coalition")
    changes = data.model_dump(exclude_unset=True)  # neither field may be null (the schema)
    changes.update(_new_place(coalition, changes.get("scope", coalition.scope)))
    if "name" in changes and skeleton(changes["name"]) != coalition.name_skeleton:
        # Recased or re-accented, its name still reads as its own; another reading is claimed.
        changes["name_skeleton"] = await _claim_name(session, changes["name"], other_than=coalition_id)
    if changes:
        for name, value in changes.items():
            setattr(coalition, name, value)
        coalition.version += 1
        await session.flush()
    return coalition


def _new_place(coalition: Coalition, scope: str) -> dict[str, None]:
    """What a change of scope does to the coalition's country: leaving national scope clears it
    (the coalition stops being active there); becoming national is refused, as the country it
    would need was never given: a coalition given a country would be active there, its members'
    assessments there read by its admins, without any member having joined a coalition of it."""
    if scope == coalition.scope:
        return {}
    if scope == NATIONAL:
        raise InvalidInput(
            "Only a coalition started national has a country: start a national coalition of the country.",
            errors=[{"field": "scope", "reason": "a coalition without a country cannot become national"}],
        )
    return {"country": None} if coalition.country is not None else {}


async def delete_coalition(session: AsyncSession, coalition_id: uuid.UUID, if_match: str) -> None:
    coalition = await get_coalition(session, coalition_id, for_update=True)
    check_if_match(if_match, etag(coalition.version), what="coalition")
    coalition.deleted_at = utcnow()
    coalition.version += 1
    await repository.end_coalition(session, coalition_id)
    await session.flush()


async def grant_coalition_admin(
    session: AsyncSession, coalition_id: uuid.UUID, account_id: uuid.UUID, if_match: str | None = None
) -> None:
    """Only a live account of a listed organisation is made an admin: granted to an organisation
    awaiting review, the right would start when a reviewer approves it, which no admin of the
    coalition decides. Every other id (unknown, removed, of an organisation pending, rejected or
    removed) gets the same answer, so a coalition admin learns nothing of it."""
    await get_coalition(session, coalition_id)
    # Locked: a removal of the account or its organisation committing meanwhile (which drops the
    # account's grants) is seen.
    if await account_repository.listed_account(session, account_id) is None:
        raise InvalidInput(
            f"Account {account_id} cannot be made an admin: it is no account of a listed organisation.",
            errors=[{"field": "path.account_id", "reason": "not an account of a listed organisation"}],
        )
    granted = await repository.get_coalition_admin(session, coalition_id, account_id) is not None
    # After the refusals above, which answer every id alike. `*` on a right granted changes nothing.
    check_put_exists(if_match, granted, what="admin right")
    if not granted:
        session.add(CoalitionAdmin(coalition_id=coalition_id, account_id=account_id))
        await session.flush()


async def revoke_coalition_admin(session: AsyncSession, coalition_id: uuid.UUID, account_id: uuid.UUID) -> None:
    """The last admin stays: without one, nobody of the coalition could approve its members,
    edit it or run and sign its reports. The coalition's row is locked so that two admins
    removing each other at once cannot both see the other still there."""
    await get_coalition(session, coalition_id, for_update=True)
    grant = await repository.get_coalition_admin(session, coalition_id, account_id)
    if grant is None:
        raise NotFound(f"Account {account_id} is not an admin of coalition {coalition_id}.")
    if await repository.count_coalition_admins(session, coalition_id) == 1:
        raise Conflict("This is the coalition's last admin: make another account its admin first.")
    await session.delete(grant)
    await session.flush()
