"""Commitments of a country's roadmap, civil society's assessments of them, each coalition's
consolidated rating, and the scorecard the report builder reads."""

import uuid
from collections import Counter
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.reports.accountability import repository, standing
from services.reports.accountability.schemas import (
    AssessmentRead,
    AssessmentWrite,
    CommitmentCreate,
    CommitmentUpdate,
    ConsolidationRead,
    ConsolidationWrite,
)
from services.reports.clients import DirectoryClient, MetricsClient
from services.reports.document import MILESTONES, RATINGS, AssessmentPart, CommitmentPart, MilestoneRating, Rating
from services.reports.models.accountability import Assessment, Commitment, Consolidation
from shared.db import utcnow
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.identity import Identity
from shared.preconditions import check_put, content_etag

# A milestone is rated as its least advanced assessed commitment, in this order (worst last).
SEVERITY: dict[str, int] = {"achieved": 0, "in_progress": 1, "not_started": 2, "regressed": 3}


# Commitments


async def _check_indicators(metrics: MetricsClient, codes: list[str]) -> None:
    statuses = [await metrics.indicator_status(code) for code in codes]
    errors = [
        {
            "field": f"indicators.{i}",
            "reason": "unknown indicator"
            if status is None
            else f"the indicator is {status.replace('_', ' ')}, not adopted",
        }
        for i, status in enumerate(statuses)
        if status != "adopted"
    ]
    if errors:
        raise InvalidInput("Commitments link to adopted indicators of the catalogue.", errors=errors)


async def create_commitment(
    session: AsyncSession,
    directory: DirectoryClient,
    metrics: MetricsClient,
    caller: Identity,
    country: str,
    data: CommitmentCreate,
) -> Commitment:
    if await directory.get_country(country) is None:
        raise InvalidInput(
            f"Unknown country {country!r}.",
            errors=[{"field": "country", "reason": "not an ISO 3166-1 alpha-3 code known to the directory"}],
        )
    await _check_indicators(metrics, data.indicators)
    owner = await _entering_coalition(directory, caller, country, data.coalition_id)
    commitment = Commitment(
        country=country,
        created_by=caller.account_id,
        updated_by=caller.account_id,
        **{**data.model_dump(), "coalition_id": owner},
    )
    session.add(commitment)
    await session.flush()
    return commitment


async def _entering_coalition(
    directory: DirectoryClient, caller: Identity, country: str, asked: uuid.UUID | None
) -> uuid.UUID | None:
    """The coalition a new commitment belongs to: the one named, which the caller must administer
    and which must be active in the country; else the only one the caller administers there. A
    platform admin may name none (the commitment is then the platform admins' to edit)."""
    if asked is not None:
        if not caller.admin_of_coalition(asked) or not await standing.active_in(directory, [asked], country):
            raise InvalidInput(
                f"Name a coalition you administer that is active in {country}.",
                errors=[{"field": "coalition_id", "reason": f"not a coalition you administer in {country}"}],
            )
        return asked
    if caller.platform_admin:
        return None
    mine = await standing.active_in(directory, caller.coalition_admin_of, country)
    if len(mine) > 1:
        raise InvalidInput(
            f"You administer several coalitions active in {country}: name the one entering this commitment.",
            errors=[{"field": "coalition_id", "reason": "required when you administer several coalitions there"}],
        )
    return next(iter(mine))  # the route's rule admitted the caller: it administers one there


async def edits(directory: DirectoryClient, caller: Identity, commitment: Commitment) -> bool:
    """Who edits and deletes a commitment: the admins of the coalition that entered it while it
    is still active in the commitment's country (one made regional or global has left it, as it
    could no longer add to the roadmap there), and platform admins. Any organisation admin may
    start a coalition and so take part in a country; that gives no hold on what other coalitions
    entered."""
    if not caller.is_account:
        return False
    if caller.platform_admin:
        return True
    entered_by = commitment.coalition_id
    return (
        entered_by is not None
        and caller.admin_of_coalition(entered_by)
        and bool(await standing.active_in(directory, [entered_by], commitment.country))
    )


async def get_commitment(session: AsyncSession, commitment_id: uuid.UUID, *, for_update: bool = False) -> Commitment:
    commitment = await repository.get_commitment(session, commitment_id, for_update=for_update)
    if commitment is None or commitment.deleted_at is not None:
        raise NotFound(f"No commitment {commitment_id}.")
    return commitment


async def list_commitments(
    session: AsyncSession, country: str, milestones: Sequence[str], cursor: uuid.UUID | None, limit: int
) -> tuple[Sequence[Commitment], str | None]:
    after = None
    if cursor is not None:
        after = await repository.get_commitment(session, cursor)
        if after is None or after.country != country:
            raise InvalidInput("Unknown cursor.", errors=[{"field": "cursor", "reason": "not from this listing"}])
    rows = await repository.commitments(session, country, milestones=milestones, after=after, limit=limit + 1)
    return rows[:limit], str(rows[limit - 1].id) if len(rows) > limit else None


async def update_commitment(
    session: AsyncSession,
    metrics: MetricsClient,
    caller: Identity,
    commitment_id: uuid.UUID,
    data: CommitmentUpdate,
) -> Commitment:
    commitment = await get_commitment(session, commitment_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    if "indicators" in changes:
        await _check_indicators(metrics, changes["indicators"])
    for name, value in changes.items():
        setattr(commitment, name, value)
    if changes:
        commitment.updated_by = caller.account_id
    await session.flush()
    return commitment


async def delete_commitment(session: AsyncSession, caller: Identity, commitment_id: uuid.UUID) -> None:
    commitment = await get_commitment(session, commitment_id, for_update=True)
    commitment.deleted_at = utcnow()
    commitment.updated_by = caller.account_id
    await session.flush()


# Assessments


def assessment_read(a: Assessment) -> AssessmentRead:
    return AssessmentRead.model_validate(a, from_attributes=True)


def assessment_etag(a: Assessment) -> str:
    return content_etag(assessment_read(a))


async def assess(
    session: AsyncSession,
    directory: DirectoryClient,
    caller: Identity,
    commitment_id: uuid.UUID,
    organisation_id: uuid.UUID,
    data: AssessmentWrite,
    if_match: str | None = None,
) -> tuple[Assessment, bool]:
    """Write the organisation's assessment; returns it and whether it is new."""
    # The row lock serialises writers of one commitment, so two first writes cannot collide.
    commitment = await get_commitment(session, commitment_id, for_update=True)
    if not await standing.organisation_coalitions(directory, organisation_id, commitment.country):
        raise Forbidden(
            f"Only organisations that are active members of a coalition active in {commitment.country} assess "
            "its commitments."
        )
    values = {**data.model_dump(), "links": [str(link) for link in data.links]}
    assessment = await repository.get_assessment(session, commitment_id, organisation_id)
    check_put(if_match, assessment_etag(assessment) if assessment else None, what="assessment")
    created = assessment is None
    if assessment is None:
        assessment = Assessment(commitment_id=commitment_id, organisation_id=organisation_id, **values)
        session.add(assessment)
    for name, value in values.items():
        setattr(assessment, name, value)
    if created or session.is_modified(assessment):
        assessment.updated_by = caller.account_id
    await session.flush()
    return assessment, created


async def assessments(
    session: AsyncSession, directory: DirectoryClient, caller: Identity, commitment_id: uuid.UUID
) -> Sequence[Assessment]:
    """For the coalitions active in the commitment's country and their members (the route's
    rule), each reading those of its own circle (`standing.circle`); a coalition's published
    report is the public form of its members' assessments."""
    commitment = await get_commitment(session, commitment_id)
    readable = await standing.circle(directory, caller, commitment.country)
    found = await repository.assessments(session, [commitment_id])
    return [a for a in found if readable is None or a.organisation_id in readable]


async def _members_assessments(
    session: AsyncSession, directory: DirectoryClient, commitment_id: uuid.UUID, coalition_id: uuid.UUID
) -> list[Assessment]:
    """The assessments a coalition consolidates: its active member organisations'."""
    members = await directory.active_members(coalition_id)
    return [a for a in await repository.assessments(session, [commitment_id]) if a.organisation_id in members]


async def own_assessment(session: AsyncSession, commitment_id: uuid.UUID, organisation_id: uuid.UUID) -> Assessment:
    await get_commitment(session, commitment_id)
    assessment = await repository.get_assessment(session, commitment_id, organisation_id)
    if assessment is None:
        raise NotFound(f"Organisation {organisation_id} has not assessed commitment {commitment_id}.")
    return assessment


# Consolidation


def dissent(rating: str, among: Sequence[Assessment]) -> list[Assessment]:
    return [a for a in among if a.status != rating]


def consolidation_read(c: Consolidation, assessments: Sequence[Assessment]) -> ConsolidationRead:
    return ConsolidationRead(
        commitment_id=c.commitment_id,
        coalition_id=c.coalition_id,
        rating=c.rating,
        rationale=c.rationale,
        assessments=[assessment_read(a) for a in assessments],
        dissent=[assessment_read(a) for a in dissent(c.rating, assessments)],
        assessments_changed=any(a.updated_at > c.updated_at for a in assessments),
        created_at=c.created_at,
        updated_at=c.updated_at,
    )


def consolidation_etag(c: Consolidation, assessments: Sequence[Assessment]) -> str:
    """Of the rating with the assessments it consolidates: one that changed since makes it stale too."""
    return content_etag(consolidation_read(c, assessments))


async def consolidate(
    session: AsyncSession,
    directory: DirectoryClient,
    caller: Identity,
    commitment_id: uuid.UUID,
    coalition_id: uuid.UUID,
    data: ConsolidationWrite,
    if_match: str | None = None,
) -> tuple[Consolidation, Sequence[Assessment]]:
    commitment = await get_commitment(session, commitment_id, for_update=True)
    if not await standing.active_in(directory, [coalition_id], commitment.country):
        raise InvalidInput(
            f"The coalition is not active in {commitment.country}.",
            errors=[{"field": "coalition_id", "reason": f"not a coalition active in {commitment.country}"}],
        )
    found = await _members_assessments(session, directory, commitment_id, coalition_id)
    if not found:
        raise Conflict("No member organisation of the coalition has assessed this commitment yet.")
    consolidation = await repository.get_consolidation(session, commitment_id, coalition_id)
    check_put(if_match, consolidation_etag(consolidation, found) if consolidation else None, what="consolidated rating")
    if consolidation is None:
        consolidation = Consolidation(commitment_id=commitment_id, coalition_id=coalition_id, **data.model_dump())
        session.add(consolidation)
    consolidation.rating, consolidation.rationale = data.rating, data.rationale
    # Stamped on every write: re-confirming a rating after new assessments counts as a review.
    consolidation.updated_at = utcnow()
    consolidation.updated_by = caller.account_id
    await session.flush()
    return consolidation, found


async def consolidation(
    session: AsyncSession, directory: DirectoryClient, commitment_id: uuid.UUID, coalition_id: uuid.UUID
) -> tuple[Consolidation, Sequence[Assessment]]:
    """For the coalition's admins and active members (the route's rule): its rating and the
    assessments of its members."""
    await get_commitment(session, commitment_id)
    found = await repository.get_consolidation(session, commitment_id, coalition_id)
    if found is None:
        raise NotFound(f"Coalition {coalition_id} has not consolidated commitment {commitment_id}.")
    return found, await _members_assessments(session, directory, commitment_id, coalition_id)


# For the report builder


async def assessing_organisations(session: AsyncSession, country: str) -> list[uuid.UUID]:
    """The organisations that assessed some commitment of the country (whose names the builder
    looks up for `scorecard`), in id order."""
    return await repository.assessing_organisations(session, country)


def _part(assessment: Assessment, name: str) -> AssessmentPart:
    return AssessmentPart(
        organisation=name,
        status=assessment.status,
        confidence=assessment.confidence,
        evidence=assessment.evidence,
        links=list(assessment.links),
    )


async def scorecard(
    session: AsyncSession, country: str, coalition_id: uuid.UUID, organisation_names: dict[uuid.UUID, str]
) -> list[CommitmentPart]:
    """The country's commitments (milestone order, then created order) with the coalition's
    rating ('not_assessed' without one), its rationale, and the assessments of the organisations
    named in `organisation_names` (by name, then id); those not named are left out, so the
    caller decides whose assessments a report shows."""
    commitments = await repository.commitments(session, country)
    ids = [c.id for c in commitments]
    ratings = await repository.consolidations(session, coalition_id, ids)
    by_commitment: dict[uuid.UUID, list[Assessment]] = {i: [] for i in ids}
    for assessment in await repository.assessments(session, ids):
        if assessment.organisation_id in organisation_names:
            by_commitment[assessment.commitment_id].append(assessment)
    parts = []
    for commitment in commitments:
        found = sorted(
            by_commitment[commitment.id],
            key=lambda a: (organisation_names[a.organisation_id], str(a.organisation_id)),
        )
        consolidated = ratings.get(commitment.id)
        rating = consolidated.rating if consolidated else "not_assessed"
        parts.append(
            CommitmentPart(
                id=commitment.id,
                milestone=commitment.milestone,
                text=commitment.text,
                responsible_body=commitment.responsible_body,
                target_date=commitment.target_date,
                rating=rating,
                rationale=consolidated.rationale if consolidated else "",
                assessments=[_part(a, organisation_names[a.organisation_id]) for a in found],
                dissent=[
                    _part(a, organisation_names[a.organisation_id])
                    for a in (dissent(rating, found) if consolidated else [])
                ],
                indicators=list(commitment.indicators),
            )
        )
    return parts


def milestone_summary(scorecard: list[CommitmentPart]) -> list[MilestoneRating]:
    """One rating per milestone, all five in order: the least advanced status among its rated
    commitments (achieved < in_progress < not_started < regressed), so one achievement never
    hides a regression; 'not_assessed' when none is rated. `counts` has every rating."""
    summary = []
    for milestone in MILESTONES:
        ratings = [part.rating for part in scorecard if part.milestone == milestone]
        counts: Counter[str] = Counter(ratings)
        rated = [r for r in ratings if r != "not_assessed"]
        rating: Rating = max(rated, key=SEVERITY.__getitem__) if rated else "not_assessed"
        summary.append(
            MilestoneRating(
                milestone=milestone,
                rating=rating,
                commitments=len(ratings),
                counts={r: counts.get(r, 0) for r in RATINGS},
            )
        )
    return summary
