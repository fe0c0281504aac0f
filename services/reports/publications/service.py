"""The public list of published report editions, by country, period and coalition: what the
public index page and the Atom feed show. An edition withdrawn until it is regenerated (consent
withdrawn) is not listed."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.reports.runs.models import ReportRun

LIMIT = 500  # the newest editions; the index and the feed are for browsing, not for harvesting


@dataclass(frozen=True)
class Publication:
    run_id: uuid.UUID
    slug: str
    title: str
    country: str  # ISO 3166-1 alpha-3
    country_name: str  # as the directory named it
    period: str
    coalition_id: uuid.UUID
    coalition: str
    template: str
    language: str
    edition: int
    published_at: datetime


async def published(
    session: AsyncSession,
    *,
    country: str | None = None,
    period: str | None = None,
    coalition_id: uuid.UUID | None = None,
) -> list[Publication]:
    meta = ReportRun.document["meta"]  # type: ignore[index]
    query = (
        select(
            ReportRun.id,
            ReportRun.slug,
            meta["title"].astext,
            ReportRun.country,
            meta["country"]["name"].astext,
            ReportRun.period,
            ReportRun.coalition_id,
            meta["coalition"]["name"].astext,
            ReportRun.template,
            ReportRun.language,
            ReportRun.edition,
            ReportRun.published_at,
        )  # fmt: skip
        .where(ReportRun.workflow == "published", ReportRun.needs_regeneration.is_(False))  # type: ignore[attr-defined]
        .order_by(ReportRun.published_at.desc(), ReportRun.id)  # type: ignore[union-attr]
        .limit(LIMIT)
    )
    if country:
        query = query.where(ReportRun.country == country.upper())
    if period:
        query = query.where(ReportRun.period == period)
    if coalition_id:
        query = query.where(ReportRun.coalition_id == coalition_id)
    return [Publication(*row) for row in (await session.execute(query)).all()]
