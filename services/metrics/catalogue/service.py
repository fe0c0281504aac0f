"""The shared indicator catalogue. Lifecycle: proposed -> under review -> adopted -> retired.
Any organisation proposes, endorses and comments; the proposer (or a platform admin) revises a
proposal and submits it for review; platform admins adopt, revise adopted indicators, and
retire. Every revision is a new version; earlier versions stay, and observations keep pointing
at the version they were reported under."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics.catalogue import repository
from services.metrics.catalogue.schemas import (
    IndicatorContent,
    IndicatorCreate,
    IndicatorRevision,
    IndicatorTranslation,
    IndicatorTranslationRead,
)
from services.metrics.models.catalogue import Indicator, IndicatorComment, IndicatorEndorsement, IndicatorVersion
from services.metrics.rollups import repository as rollups
from services.metrics.vocabularies import IndicatorStatus
from shared.db import insert_unless_taken, utcnow
from shared.errors import Conflict, Forbidden, NotFound
from shared.identity import Identity
from shared.preconditions import check_if_match, check_put, check_put_exists, content_etag

# status -> the statuses it may move to, and who moves it there
TRANSITIONS: dict[tuple[str, str], str] = {
    (IndicatorStatus.PROPOSED, IndicatorStatus.UNDER_REVIEW): "proposer",
    (IndicatorStatus.UNDER_REVIEW, IndicatorStatus.PROPOSED): "proposer",
    (IndicatorStatus.PROPOSED, IndicatorStatus.ADOPTED): "platform_admin",
    (IndicatorStatus.UNDER_REVIEW, IndicatorStatus.ADOPTED): "platform_admin",
    (IndicatorStatus.ADOPTED, IndicatorStatus.RETIRED): "platform_admin",
}


async def get(session: AsyncSession, code: str, *, for_update: bool = False) -> Indicator:
    indicator = await repository.get(session, code, for_update=for_update)
    if indicator is None:
        raise NotFound(f"No indicator {code!r}.")
    return indicator


# The words a translation renders: when a revision keeps them, it keeps their translations.
TRANSLATED = ("name", "unit", "definition")


def _stored(translation: IndicatorTranslation) -> dict[str, str]:
    return translation.model_dump(exclude_none=True)


def _version(code: str, number: int, content: IndicatorContent, caller: Identity, note: str) -> IndicatorVersion:
    values = content.model_dump(exclude={"code", "change_note", "translations"})
    translations: dict[str, dict[str, str]] = {lang: _stored(t) for lang, t in sorted(content.translations.items())}
    return IndicatorVersion(
        code=code, version=number, created_by=caller.account_id, change_note=note, translations=translations, **values
    )


async def propose(
    session: AsyncSession, caller: Identity, data: IndicatorCreate, *, starter: bool = False
) -> Indicator:
    if await repository.get(session, data.code) is not None:
        raise Conflict(f"An indicator {data.code!r} exists already.")
    indicator = Indicator(code=data.code, proposed_by=caller.organisation_id, starter=starter)
    session.add(indicator)
    await session.flush()
    session.add(_version(data.code, 1, data, caller, "First version."))
    await session.flush()
    return indicator


def _may_revise(indicator: Indicator, caller: Identity) -> None:
    if indicator.status == IndicatorStatus.RETIRED:
        raise Conflict("A retired indicator is not revised; propose a new one.")
    if caller.platform_admin:
        return
    if indicator.status == IndicatorStatus.ADOPTED:
        raise Forbidden("Only platform admins revise an adopted indicator.")
    if caller.organisation_id != indicator.proposed_by:
        raise Forbidden("Only the proposing organisation revises a proposal (others comment).")


async def revise(session: AsyncSession, caller: Identity, code: str, data: IndicatorRevision) -> IndicatorVersion:
    """A new version. One that changes the breakdowns marks every year of the indicator for a
    refresh (the roll-ups keep a table per breakdown): until then its figures are read from the
    observations, by the new breakdowns as by the old, for the public and coalitions alike."""
    indicator = await get(session, code, for_update=True)
    _may_revise(indicator, caller)
    before = await version(session, code, indicator.current_version)
    indicator.current_version += 1
    revised = _version(code, indicator.current_version, data, caller, data.change_note)
    same_words = all(getattr(before, field) == getattr(revised, field) for field in TRANSLATED)
    if "translations" not in data.model_fields_set and same_words:
        revised.translations = dict(before.translations)  # the words did not change: nor do their translations
    session.add(revised)
    await session.flush()
    if set(before.disaggregations) != set(revised.disaggregations):
        await rollups.mark_indicator(session, code)
    return revised


def translation_read(found: IndicatorVersion, language: str) -> IndicatorTranslationRead:
    words = found.translations.get(language)
    if words is None:
        raise NotFound(f"Version {found.version} of {found.code!r} has no {language!r} translation.")
    return IndicatorTranslationRead(code=found.code, version=found.version, language=language, **words)


def translation_etag(found: IndicatorVersion, language: str) -> str | None:
    """None where the version has no translation into `language`."""
    return content_etag(translation_read(found, language)) if language in found.translations else None


async def translate(
    session: AsyncSession,
    caller: Identity,
    code: str,
    number: int,
    language: str,
    data: IndicatorTranslation,
    if_match: str | None = None,
) -> IndicatorVersion:
    """Set a version's words in one language (who may revise the indicator may translate it); the
    indicator's row lock makes the If-Match check and the write one step."""
    _may_revise(await get(session, code, for_update=True), caller)
    found = await version(session, code, number)
    check_put(if_match, translation_etag(found, language), what="translation")
    found.translations = {**found.translations, language: _stored(data)}  # a new dict: JSONB is not mutation-tracked
    await session.flush()
    return found


async def remove_translation(
    session: AsyncSession, caller: Identity, code: str, number: int, language: str, if_match: str
) -> None:
    _may_revise(await get(session, code, for_update=True), caller)
    found = await version(session, code, number)
    check_if_match(if_match, content_etag(translation_read(found, language)), what="translation")
    found.translations = {k: v for k, v in found.translations.items() if k != language}
    await session.flush()


async def move(session: AsyncSession, caller: Identity, code: str, target: str) -> Indicator:
    indicator = await get(session, code, for_update=True)
    who = TRANSITIONS.get((indicator.status, target))
    if who is None:
        raise Conflict(f"An indicator {indicator.status.replace('_', ' ')} cannot become {target.replace('_', ' ')}.")
    allowed = caller.platform_admin or (who == "proposer" and caller.organisation_id == indicator.proposed_by)
    if not allowed:
        raise Forbidden(
            "Only platform admins adopt and retire indicators."
            if who == "platform_admin"
            else "Only the proposing organisation submits its proposal for review."
        )
    indicator.status = target
    indicator.updated_at = utcnow()
    await session.flush()
    return indicator


async def endorse(session: AsyncSession, code: str, organisation_id: uuid.UUID, if_match: str | None = None) -> None:
    """`If-Match: *` holds while the organisation endorses it (an endorsement has no ETag)."""
    indicator = await get(session, code)
    if indicator.status == IndicatorStatus.RETIRED:
        raise Conflict("A retired indicator cannot be endorsed.")
    if indicator.proposed_by == organisation_id:
        raise Conflict("An organisation cannot endorse its own proposal.")
    given = await repository.endorsement(session, code, organisation_id) is not None
    check_put_exists(if_match, given, what="endorsement")
    if not given:
        # Endorsing twice at once endorses once: the second insert finds the first one's row.
        await insert_unless_taken(session, IndicatorEndorsement(code=code, organisation_id=organisation_id))


async def withdraw_endorsement(session: AsyncSession, code: str, organisation_id: uuid.UUID) -> None:
    endorsement = await repository.endorsement(session, code, organisation_id)
    if endorsement is None:
        raise NotFound(f"Organisation {organisation_id} has not endorsed {code!r}.")
    await session.delete(endorsement)
    await session.flush()


async def comment(session: AsyncSession, caller: Identity, code: str, body: str) -> IndicatorComment:
    await get(session, code)
    if caller.organisation_id is None:
        raise Forbidden("Comments are made on behalf of an organisation: use a key of one.")
    entry = IndicatorComment(code=code, organisation_id=caller.organisation_id, account_id=caller.account_id, body=body)
    session.add(entry)
    await session.flush()
    return entry


async def comments(session: AsyncSession, code: str) -> Sequence[IndicatorComment]:
    await get(session, code)
    return await repository.comments(session, code)


async def versions(session: AsyncSession, code: str) -> Sequence[IndicatorVersion]:
    await get(session, code)
    return await repository.versions(session, code)


async def version(session: AsyncSession, code: str, number: int) -> IndicatorVersion:
    found = await repository.version(session, code, number)
    if found is None:
        raise NotFound(f"Indicator {code!r} has no version {number}.")
    return found


async def current(session: AsyncSession, code: str) -> tuple[Indicator, IndicatorVersion, int]:
    indicator = await get(session, code)
    return (await repository.listing(session, statuses=[indicator.status], code=code))[0]


async def load_starter(session: AsyncSession, indicators: list[IndicatorCreate]) -> int:
    """Adopt the starter catalogue; indicators already there are left as they are, except that a
    starter indicator whose current version still has the starter's English words gains the
    starter's translations it lacks. Returns how many were added."""
    platform = Identity(kind="account", platform_admin=True)
    added = 0
    for data in indicators:
        indicator = await repository.get(session, data.code)
        if indicator is None:
            indicator = await propose(session, platform, data, starter=True)
            indicator.status = IndicatorStatus.ADOPTED
            added += 1
        elif indicator.starter:
            current = await version(session, data.code, indicator.current_version)
            if all(getattr(current, field) == getattr(data, field) for field in TRANSLATED):
                missing: dict[str, dict[str, str]] = {
                    k: _stored(t) for k, t in data.translations.items() if k not in current.translations
                }
                if missing:
                    current.translations = {**current.translations, **missing}
    await session.flush()
    return added
