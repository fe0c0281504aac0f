"""Sign-off of a report run by the authoring coalition's member organisations, before it is
published: the coalition sets the rule (a quorum of endorsements, or named signatories who must
all endorse; one endorsement when it has set none); an organisation's admins endorse the run under
review or not, with a dissenting statement that is published with the report. Only organisations
that were members when the run was gathered sign it (those its cover lists). Publication checks
the rule and puts the endorsements and statements into the published edition."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.reports import document as doc
from services.reports.clients import DirectoryClient
from services.reports.models.runs import ReportRun
from services.reports.models.signoff import Endorsement, SignoffRule
from services.reports.signoff.schemas import EndorsementRead, EndorsementWrite, RuleRead, RuleWrite
from shared.db import insert_unless_taken
from shared.errors import PEER_OUTAGES, Conflict, Forbidden, InvalidInput, NotFound
from shared.identity import Identity
from shared.preconditions import check_put, content_etag

DEFAULT_QUORUM = 1


async def rule(session: AsyncSession, coalition_id: uuid.UUID) -> SignoffRule:
    found = await session.get(SignoffRule, coalition_id)
    return found or SignoffRule(coalition_id=coalition_id, quorum=DEFAULT_QUORUM)


def rule_etag(found: SignoffRule) -> str:
    """Of the rule as its admins read it (the public may see fewer signatories, and another ETag)."""
    return content_etag(RuleRead(coalition_id=found.coalition_id, quorum=found.quorum, signatories=found.signatories))


async def set_rule(
    session: AsyncSession,
    directory: DirectoryClient,
    caller: Identity,
    coalition_id: uuid.UUID,
    data: RuleWrite,
    if_match: str | None = None,
) -> SignoffRule:
    if not caller.admin_of_coalition(coalition_id):
        raise Forbidden("The coalition's admins set how its reports are signed off.")
    members = await directory.active_members(coalition_id)
    strangers = [
        {"field": f"signatories.{i}", "reason": "not an active member organisation of the coalition"}
        for i, org in enumerate(data.signatories)
        if org not in members
    ]
    if strangers:
        raise InvalidInput("Signatories are member organisations of the coalition.", errors=strangers)
    found = await session.get(SignoffRule, coalition_id, with_for_update=True)
    if found is None:
        # The rule applied until now, stored and locked: what If-Match names, as the GET showed it.
        found = SignoffRule(coalition_id=coalition_id, quorum=DEFAULT_QUORUM)
        if not await insert_unless_taken(session, found):
            found = await session.get(SignoffRule, coalition_id, with_for_update=True)
            assert found is not None
    check_put(if_match, rule_etag(found), what="sign-off rule")
    found.quorum, found.signatories, found.updated_by = data.quorum, list(data.signatories), caller.account_id
    await session.flush()
    return found


async def endorsements(session: AsyncSession, run_id: uuid.UUID) -> Sequence[Endorsement]:
    query = select(Endorsement).where(col(Endorsement.run_id) == run_id).order_by(col(Endorsement.organisation_name))
    return (await session.scalars(query)).all()


def endorsement_read(e: Endorsement) -> EndorsementRead:
    return EndorsementRead.model_validate(e, from_attributes=True)


def endorsement_etag(e: Endorsement) -> str:
    """Of the endorsement as its PUT answers it, its organisation's admins."""
    return content_etag(endorsement_read(e))


async def _may_sign(directory: DirectoryClient, run: ReportRun, organisation_id: uuid.UUID) -> None:
    """An active member of the authoring coalition that was one when the run was gathered: the
    edition's cover lists it and its scorecard may hold its assessments. A run that recorded no
    members (made before migration 0013) asks only the first."""
    if run.coalition_id not in await directory.active_coalitions(organisation_id):
        raise Forbidden("Only active member organisations of the authoring coalition sign its reports off.")
    if run.gathered_members is not None and organisation_id not in run.gathered_members:
        raise Forbidden(
            "Only organisations that were active members of the authoring coalition when this report was gathered "
            "sign it off: its cover does not list this organisation and its scorecard holds none of its "
            "assessments. A report requested again includes it."
        )


async def sign(
    session: AsyncSession,
    directory: DirectoryClient,
    caller: Identity,
    run: ReportRun,
    organisation_id: uuid.UUID,
    data: EndorsementWrite,
    if_match: str | None = None,
) -> Endorsement:
    """An organisation's own admins sign for it (the route's rule: a platform admin does not speak
    for it). `if_match`: the ETag of the endorsement its PUT answered, under the row's lock."""
    await _may_sign(directory, run, organisation_id)
    # The run read afresh and locked before its workflow is checked; shared, so endorsements do
    # not wait on each other. A workflow step (runs.service.move, which locks it for update)
    # waits for this endorsement, and publishes with it, or this one waits for the step and is
    # refused if the report has left review: never an endorsement the edition does not state.
    await session.refresh(run, with_for_update={"read": True})
    if run.workflow != "in_review" or run.needs_regeneration:
        raise Conflict("Only a report in review is signed off.")
    organisation = await directory.get_organisation(organisation_id)
    if organisation is None:
        raise NotFound(f"No organisation {organisation_id}.")
    found = await session.get(Endorsement, (run.id, organisation_id), with_for_update=True)
    check_put(if_match, endorsement_etag(found) if found else None, what="endorsement")
    if found is None:
        found = Endorsement(run_id=run.id, organisation_id=organisation_id, organisation_name=organisation.name,
                            endorsed=data.endorsed)  # fmt: skip
        if not await insert_unless_taken(session, found):
            found = await session.get(Endorsement, (run.id, organisation_id), with_for_update=True)
            assert found is not None
    found.endorsed, found.statement, found.signed_by = data.endorsed, data.statement.strip(), caller.account_id
    found.organisation_name = organisation.name
    await session.flush()
    return found


def shown(run: ReportRun, given: Sequence[Endorsement]) -> Sequence[Endorsement]:
    """The endorsements a reader of the run sees: in review, every one (its readers are the
    coalition's admins and members); once published, those the edition states and no other, so
    an organisation that endorsed and left before publication (`for_publication` leaves it out)
    does not have its unpublished statement shown to anyone by the edition's public sign-off.
    The rows are frozen from publication on (only a run in review is signed), so each stated one
    is found by what the edition prints of it."""
    if run.workflow != "published":
        return given
    edition = doc.SignOff.model_validate((run.document or {}).get("signoff") or {"rule": ""})
    stated = {(e.organisation, e.endorsed, e.statement) for e in edition.endorsements}
    return [e for e in given if (e.organisation_name, e.endorsed, e.statement) in stated]


@dataclass(frozen=True)
class Shown:
    """What a reader sees of a sign-off: the rule's signatories, each endorsement with its
    organisation's id or None, and, for a run in review, what publication still waits for."""

    signatories: list[uuid.UUID]
    endorsements: list[tuple[Endorsement, uuid.UUID | None]]
    missing: str | None = None


async def as_shown(
    directory: DirectoryClient,
    caller: Identity,
    run: ReportRun | None,
    applied: SignoffRule,
    given: Sequence[Endorsement],
) -> Shown:
    """Organisation ids tie an organisation to the coalition. One that has left stays named where
    a published edition names it (what it endorsed then is a fact of the edition), but its id is
    shown no more: on endorsements, to anyone but the coalition's admins while the run is in
    review and to anyone once it is published; among the rule's signatories, to anyone but the
    coalition's admins (who need it to name other signatories). A run in review waits for what
    publication would (`for_publication`): its endorsements count while their organisations are
    members. While the directory cannot say who is still a member, the public answers show none
    of these ids rather than wait for it; the admins' answers are unchanged."""
    whole = caller.admin_of_coalition(applied.coalition_id)
    if run is None and (whole or not applied.signatories):
        return Shown(list(applied.signatories), [])
    in_review = run is not None and run.workflow != "published"
    try:
        members = await directory.active_members(applied.coalition_id)
    except PEER_OUTAGES:
        if in_review and not whole:  # what a member is shown, and what counts, the directory says
            raise
        if in_review:  # the admins follow it, endorsements counted as they stand; publishing waits
            return Shown(list(applied.signatories), [(e, e.organisation_id) for e in given], missing(applied, given))
        members = set()
    signatories = [org for org in applied.signatories if whole or org in members]
    if not in_review:
        return Shown(signatories, [(e, e.organisation_id if e.organisation_id in members else None) for e in given])
    shown = [(e, e.organisation_id if whole or e.organisation_id in members else None) for e in given]
    counted = [e for e in given if e.organisation_id in members]
    return Shown(signatories, shown, missing(applied, counted, None if whole else signatories))


def missing(
    applied: SignoffRule, given: Sequence[Endorsement], visible: Sequence[uuid.UUID] | None = None
) -> str | None:
    """What the rule still waits for, in words; None when it is met. `visible`: the signatories
    the reader may see named; the others are counted."""
    endorsed = {e.organisation_id for e in given if e.endorsed}
    if applied.signatories:
        absent = [org for org in applied.signatories if org not in endorsed]
        if not absent:
            return None
        named = [str(org) for org in absent if visible is None or org in visible]
        others = f"{len(absent) - len(named)} organisation(s) no longer a member" if len(named) < len(absent) else ""
        return f"endorsement by the named signatories {' and '.join(filter(None, [', '.join(named), others]))}"
    needed = applied.quorum or DEFAULT_QUORUM
    return f"{needed - len(endorsed)} more endorsement(s) of {needed}" if len(endorsed) < needed else None


async def for_publication(session: AsyncSession, directory: DirectoryClient, run: ReportRun) -> doc.SignOff:
    """The sign-off the published edition states; Conflict when the rule is not met. Only the
    endorsements of organisations still active members count: one that left speaks for the
    coalition no longer."""
    members = await directory.active_members(run.coalition_id)
    applied = await rule(session, run.coalition_id)
    given = [e for e in await endorsements(session, run.id) if e.organisation_id in members]
    if waiting := missing(applied, given):
        raise Conflict(f"The report is not signed off yet: it waits for {waiting}.")
    name = "signatories" if applied.signatories else f"quorum:{applied.quorum or DEFAULT_QUORUM}"
    return doc.SignOff(
        rule=name,
        endorsements=[
            doc.Endorsement(organisation=e.organisation_name, endorsed=e.endorsed, statement=e.statement) for e in given
        ],
    )
