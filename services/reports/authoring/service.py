"""What a coalition writes for its report on a country, period and language: headline findings,
recommendations (each to government, business, trade unions or the Alliance, optionally tied to
commitments), the country context with prevalence estimates and their citations, and the limits
of the data. Written by the coalition's admins, read by them and its active members; every write
that changes something is a new version, and each report run takes the latest one."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.reports import document as doc
from services.reports.accountability import repository as accountability
from services.reports.accountability import standing
from services.reports.authoring.schemas import ContentWrite
from services.reports.clients import DirectoryClient
from services.reports.models.authoring import ReportContent
from shared.db import insert_unless_taken
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.identity import Identity
from shared.preconditions import check_put, version_etag

WRITTEN = ("headline_findings", "recommendations", "context", "prevalence", "limits")
ATTEMPTS = 3  # versions written by others at the same moment, before giving up (409)


async def latest(
    session: AsyncSession, coalition_id: uuid.UUID, country: str, period: str, language: str
) -> ReportContent | None:
    return await session.scalar(
        select(ReportContent)
        .where(
            col(ReportContent.coalition_id) == coalition_id,
            col(ReportContent.country) == country,
            col(ReportContent.period) == period,
            col(ReportContent.language) == language,
        )
        .order_by(col(ReportContent.version).desc())
        .limit(1)
    )


async def write(
    session: AsyncSession,
    directory: DirectoryClient,
    caller: Identity,
    coalition_id: uuid.UUID,
    where: tuple[str, str, str],
    data: ContentWrite,
    if_match: str | None = None,
) -> tuple[ReportContent, bool]:
    """The new version, and True; or the latest one, and False, when nothing changed. `If-Match`
    names the version it replaces (checked again when another was written meanwhile)."""
    country, period, language = where
    if not caller.admin_of_coalition(coalition_id):
        raise Forbidden("The coalition's admins write its report.")
    if await directory.get_country(country) is None:
        raise InvalidInput("Unknown country.", errors=[{"field": "iso3", "reason": "not known to the directory"}])
    await _check_commitments(session, country, data)
    values = data.model_dump(mode="json")
    # A version written at the same moment is read afresh and written after, as if it had come
    # first: the same words again are that version (200), other words the next one.
    for _ in range(ATTEMPTS):
        found = await latest(session, coalition_id, country, period, language)
        check_put(if_match, version_etag(found.version) if found else None, what="report's words")
        if found is not None and all(getattr(found, k) == values[k] for k in WRITTEN):
            return found, False
        content = ReportContent(
            coalition_id=coalition_id, country=country, period=period, language=language,
            version=(found.version if found else 0) + 1, created_by=caller.account_id, **values,
        )  # fmt: skip
        if await insert_unless_taken(session, content):
            return content, True
    raise Conflict("Other versions were being written at the same moment; read them and write again.")


async def _check_commitments(session: AsyncSession, country: str, data: ContentWrite) -> None:
    errors = []
    for i, recommendation in enumerate(data.recommendations):
        for j, commitment_id in enumerate(recommendation.commitments):
            found = await accountability.get_commitment(session, commitment_id)
            if found is None or found.deleted_at is not None or found.country != country:
                errors.append(
                    {"field": f"recommendations.{i}.commitments.{j}", "reason": "no such commitment in this country"}
                )
    if errors:
        raise InvalidInput("A recommendation is tied to an unknown commitment.", errors=errors)


async def may_read(directory: DirectoryClient, caller: Identity, coalition_id: uuid.UUID) -> bool:
    """The coalition's admins and its active members."""
    return await standing.in_coalition(directory, caller, coalition_id)


async def read(session: AsyncSession, coalition_id: uuid.UUID, where: tuple[str, str, str]) -> ReportContent:
    """For those who `may_read` (the route's rule); as if absent for everyone else."""
    found = await latest(session, coalition_id, *where)
    if found is None:
        raise NotFound("The coalition has written nothing for this report yet.")
    return found


def authored(content: ReportContent | None) -> tuple[doc.Authored | None, list[doc.Recommendation]]:
    """For the report builder: the version's words, as the document holds them."""
    if content is None:
        return None, []
    words = doc.Authored(
        version=content.version,
        headline_findings=content.headline_findings,
        context=content.context,
        prevalence=[doc.Prevalence.model_validate(p) for p in content.prevalence],
        limits=content.limits,
    )
    return words, [doc.Recommendation.model_validate(r) for r in content.recommendations]
