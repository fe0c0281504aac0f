"""Survivor testimony: contributed by an organisation under the survivor's consent, shown only
as far as that consent reaches, narrowed or withdrawn at any time. Withdrawal erases the words;
withdrawing or narrowing a public testimony takes it out of every report run that quoted it."""

import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.reports.clients import DirectoryClient
from services.reports.document import TestimonyPart
from services.reports.models.testimonies import BREADTH, Consent, Testimony
from services.reports.testimonies import repository
from services.reports.testimonies.schemas import ConsentChange, TestimonyCreate, TestimonyRead
from shared.db import UnitOfWork, utcnow
from shared.errors import Conflict, InvalidInput, NotFound
from shared.identity import Identity
from shared.preconditions import check_put, content_etag

# A reader's coalitions, each with its active member organisations.
Circles = Mapping[uuid.UUID, Collection[uuid.UUID]]

# What narrowing a public testimony does to the report runs quoting it (uow, testimony id,
# reason). The app gives the runs feature's (`runs.regeneration.retraction`): report runs read
# testimonies, so testimonies do not import runs.
Retraction = Callable[[UnitOfWork, uuid.UUID, str], Awaitable[None]]
# Why the editions quoting a testimony are withdrawn, the same whether consent was withdrawn or narrowed.
RETRACTED = "consent to a quoted testimony was withdrawn or narrowed"


def address(testimony_id: uuid.UUID) -> str:
    """The testimony's resource: the `Location` of its creation, the `Content-Location` of a consent change."""
    return f"/v1/reports/testimonies/{testimony_id}"


def read(t: Testimony) -> TestimonyRead:
    return TestimonyRead.model_validate(t, from_attributes=True)


def etag(t: Testimony) -> str:
    """Of the testimony as its organisation reads it, but for the words: they never change while
    they are kept, so the ETag names the state without them, and withdrawal, which erases them,
    leaves no digest of them anywhere an ETag went (a client, a kept answer's headers)."""
    return content_etag(read(t).model_copy(update={"quote": "", "context": ""}))


async def _check_coalition(directory: DirectoryClient, organisation_id: uuid.UUID, coalition_id: uuid.UUID) -> None:
    if coalition_id not in await directory.active_coalitions(organisation_id):
        raise InvalidInput(
            "Coalition consent shares a testimony with a coalition the organisation is active in.",
            errors=[{"field": "coalition_id", "reason": "the organisation is not an active member of this coalition"}],
        )


async def contribute(
    session: AsyncSession,
    directory: DirectoryClient,
    caller: Identity,
    organisation_id: uuid.UUID,
    data: TestimonyCreate,
) -> Testimony:
    if await directory.get_country(data.country) is None:
        raise InvalidInput(
            f"Unknown country {data.country!r}.",
            errors=[{"field": "country", "reason": "not an ISO 3166-1 alpha-3 code known to the directory"}],
        )
    if data.coalition_id is not None:
        await _check_coalition(directory, organisation_id, data.coalition_id)
    organisation = await directory.get_organisation(organisation_id)
    if organisation is None:
        raise NotFound(f"No organisation {organisation_id}.")
    testimony = Testimony(
        organisation_id=organisation_id,
        organisation_name=organisation.name,
        created_by=caller.account_id,
        **data.model_dump(),
    )
    session.add(testimony)
    await session.flush()
    return testimony


async def change_consent(
    uow: UnitOfWork,
    retract: Retraction,
    directory: DirectoryClient,
    organisation_id: uuid.UUID,
    testimony_id: uuid.UUID,
    data: ConsentChange,
    if_match: str | None = None,
) -> Testimony:
    session = uow.session
    testimony = await repository.get(session, testimony_id, for_update=True)
    if testimony is None or testimony.organisation_id != organisation_id:
        raise NotFound(f"No testimony {testimony_id} of organisation {organisation_id}.")
    check_put(if_match, etag(testimony), what="testimony")  # after the 404: another's stays not found
    before, after = Consent(testimony.consent), Consent(data.consent)
    if before == after and testimony.coalition_id == data.coalition_id:
        return testimony
    if before == Consent.withdrawn:
        raise Conflict("Consent to this testimony was withdrawn; it cannot be given again.")
    if BREADTH[after] > BREADTH[before] or (before == after == Consent.coalition):
        raise Conflict(
            f"Consent can only be narrowed (public, coalition, internal) or withdrawn, not changed from {before} to "
            f"{after}{' of another coalition' if before == after else ''}; a wider use needs the survivor's new "
            "consent, recorded as a new testimony."
        )
    if data.coalition_id is not None:
        await _check_coalition(directory, organisation_id, data.coalition_id)
    testimony.consent, testimony.coalition_id = after, data.coalition_id
    if after == Consent.withdrawn:
        testimony.quote, testimony.context, testimony.withdrawn_at = "", "", utcnow()
        # Answers kept for retries of earlier writes hold the words too (sealed, for a day).
        await repository.forget_kept_answers(session, address(testimony.id))
    if before == Consent.public:
        # Told to every reader of the edition: which of the two the survivor chose is not theirs to know.
        await retract(uow, testimony.id, RETRACTED)
    await session.flush()
    return testimony


async def _after(
    session: AsyncSession, cursor: uuid.UUID | None, listed: Callable[[Testimony], bool]
) -> Testimony | None:
    """The testimony a page starts after: one the listing itself holds, or the cursor is refused
    alike whether the id is unknown or another's (else a cursor would say it exists, and when)."""
    if cursor is None:
        return None
    after = await repository.get(session, cursor)
    if after is None or not listed(after):
        raise InvalidInput("Unknown cursor.", errors=[{"field": "cursor", "reason": "not from this listing"}])
    return after


def _readable(testimony: Testimony, organisation_id: uuid.UUID | None, coalitions: Circles) -> bool:
    """Whether a reader (of `organisation_id`, active in `coalitions`) may see a testimony: its
    own organisation's, or one whose consent lets the reader see it (shared with one of the
    reader's coalitions by an organisation still active in it)."""
    if organisation_id is not None and testimony.organisation_id == organisation_id:
        return True
    return testimony.consent == Consent.public or (
        testimony.consent == Consent.coalition
        and testimony.coalition_id is not None
        and testimony.organisation_id in coalitions.get(testimony.coalition_id, ())
    )


def _page(rows: Sequence[Testimony], limit: int) -> tuple[Sequence[Testimony], str | None]:
    return rows[:limit], str(rows[limit - 1].id) if len(rows) > limit else None


async def of_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, cursor: uuid.UUID | None, limit: int
) -> tuple[Sequence[Testimony], str | None]:
    """All of the organisation's testimonies, withdrawn ones too (their words erased)."""
    after = await _after(session, cursor, lambda t: t.organisation_id == organisation_id)
    rows = await repository.of_organisation(session, organisation_id, after=after, limit=limit + 1)
    return _page(rows, limit)


async def _reader_coalitions(directory: DirectoryClient, caller: Identity) -> Circles:
    """The coalitions the reader's organisation is active in, each with its active members: a
    testimony shared with a coalition reaches it while its organisation is a member."""
    if not (caller.is_account and caller.organisation_id):
        return {}
    return await directory.members_of(await directory.active_coalitions(caller.organisation_id))


async def visible_in(
    session: AsyncSession,
    directory: DirectoryClient,
    caller: Identity,
    country: str,
    cursor: uuid.UUID | None,
    limit: int,
) -> tuple[Sequence[Testimony], str | None]:
    reader = caller.organisation_id if caller.is_account else None
    coalitions = await _reader_coalitions(directory, caller)
    after = await _after(
        session,
        cursor,
        lambda t: t.country == country and t.consent != Consent.withdrawn and _readable(t, reader, coalitions),
    )
    rows = await repository.visible_in(
        session, country, organisation_id=reader, coalitions=coalitions, after=after, limit=limit + 1
    )
    return _page(rows, limit)


async def get(
    session: AsyncSession, directory: DirectoryClient, caller: Identity, testimony_id: uuid.UUID
) -> Testimony:
    """One testimony, if the caller may see it; otherwise as if there were none."""
    testimony = await repository.get(session, testimony_id)
    reader = caller.organisation_id if caller.is_account else None
    if testimony is not None and (
        _readable(testimony, reader, {})  # its own, or public: no need to ask the directory
        or (
            testimony.consent == Consent.coalition
            and _readable(testimony, reader, await _reader_coalitions(directory, caller))
        )
    ):
        return testimony
    raise NotFound(f"No testimony {testimony_id}.")


async def public_testimonies(session: AsyncSession, country: str) -> list[TestimonyPart]:
    """For the report builder: the country's testimonies with public consent, in contributed order."""
    rows = await repository.visible_in(session, country, organisation_id=None, coalitions={})
    return [TestimonyPart(id=t.id, quote=t.quote, context=t.context, organisation=t.organisation_name) for t in rows]


async def still_public(session: AsyncSession, ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """For a report run about to store its forms: which of the testimonies it quotes may still be
    quoted (see repository.still_public for the lock)."""
    return await repository.still_public(session, ids)
