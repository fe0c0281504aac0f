"""The public list of published report editions, by country, period and coalition: what the
public index page and the Atom feed show. An edition withdrawn until it is regenerated (consent
withdrawn) is not listed."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.reports.models.runs import ReportRun

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
    meta = col(ReportRun.document)["meta"]
    query = (
        select(
            col(ReportRun.id),
            col(ReportRun.slug),
            meta["title"].astext,
            col(ReportRun.country),
            meta["country"]["name"].astext,
            col(ReportRun.period),
            col(ReportRun.coalition_id),
            meta["coalition"]["name"].astext,
            col(ReportRun.template),
            col(ReportRun.language),
            col(ReportRun.edition),
            col(ReportRun.published_at),
        )  # fmt: skip
        .where(col(ReportRun.workflow) == "published", col(ReportRun.needs_regeneration).is_(False))
        .order_by(col(ReportRun.published_at).desc(), col(ReportRun.id))
        .limit(LIMIT)
    )
    if country:
        query = query.where(col(ReportRun.country) == country.upper())
    if period:
        query = query.where(col(ReportRun.period) == period)
    if coalition_id:
        query = query.where(col(ReportRun.coalition_id) == coalition_id)
    return [Publication(*row) for row in (await session.execute(query)).all()]
