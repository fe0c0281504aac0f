"""Lists of report runs, newest first: the runs a caller may read (drafts only for their
authoring coalition, as `service.may_read` decides one by one), and the published reports."""

import uuid

from sqlalchemy import or_, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from services.reports.clients import DirectoryClient
from services.reports.models.runs import ReportRun
from shared.identity import Identity
from shared.pagination import keyset_cursor, keyset_values, time_part, uuid_part

# What a list shows of a run (never its document or its forms, which can be large).
LISTED = (
    "id", "country", "period", "coalition_id", "template", "language", "status", "stage", "percent", "attempts",
    "error", "workflow", "edition", "previous_id", "same_as", "content_hash", "needs_regeneration",
    "regeneration_reason", "slug", "created_at", "finished_at", "published_at",
)  # fmt: skip


async def readable_coalitions(caller: Identity, directory: DirectoryClient) -> set[uuid.UUID] | None:
    """The coalitions whose drafts the caller may read; None for every coalition."""
    if caller.is_account and caller.platform_admin:
        return None
    coalitions = set(caller.coalition_admin_of)
    if caller.is_account and caller.organisation_id is not None:
        coalitions |= await directory.active_coalitions(caller.organisation_id)
    return coalitions


async def _page(
    session: AsyncSession, query: SelectOfScalar[ReportRun], when: str, cursor: str | None, limit: int
) -> tuple[list[ReportRun], str | None]:
    column = getattr(ReportRun, when)
    if (after := keyset_values(cursor, time_part, uuid_part)) is not None:
        query = query.where(tuple_(column, col(ReportRun.id)) < tuple_(*after))
    query = query.options(load_only(*(getattr(ReportRun, c) for c in LISTED))).order_by(
        column.desc(), col(ReportRun.id).desc()
    )
    rows = list((await session.scalars(query.limit(limit + 1))).all())
    last = rows[limit - 1] if len(rows) > limit else None
    return rows[:limit], keyset_cursor(getattr(last, when).isoformat(), last.id) if last else None


async def runs(
    session: AsyncSession,
    visible: set[uuid.UUID] | None,
    *,
    coalition: uuid.UUID | None,
    country: str | None,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[ReportRun], str | None]:
    query = select(ReportRun)
    if visible is not None:
        query = query.where(or_(col(ReportRun.workflow) == "published", col(ReportRun.coalition_id).in_(visible)))
    if coalition is not None:
        query = query.where(col(ReportRun.coalition_id) == coalition)
    if country is not None:
        query = query.where(col(ReportRun.country) == country)
    if status is not None:
        query = query.where(col(ReportRun.status) == status)
    return await _page(session, query, "created_at", cursor, limit)


async def published(
    session: AsyncSession,
    *,
    country: str | None,
    period: str | None,
    coalition: uuid.UUID | None,
    language: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[ReportRun], str | None]:
    """Published editions still on show (not withdrawn for regeneration), newest first."""
    query = select(ReportRun).where(
        col(ReportRun.workflow) == "published", col(ReportRun.needs_regeneration).is_(False)
    )
    for column, value in (
        ("country", country),
        ("period", period),
        ("coalition_id", coalition),
        ("language", language),
    ):
        if value is not None:
            query = query.where(getattr(ReportRun, column) == value)
    return await _page(session, query, "published_at", cursor, limit)
