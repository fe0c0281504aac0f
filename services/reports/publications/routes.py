import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from services.reports.document import Language
from services.reports.publications import feed, service
from services.reports.publications.index import render_index
from shared.auth import PUBLIC, access
from shared.db import UoW, utcnow
from shared.fields import Iso3, Period

router = APIRouter(prefix="/v1/reports", tags=["reports: published reports"])
# As for a report page: inline style, nothing else.
PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


@router.get(
    "/public/index.html",
    summary="The public index of published reports, by country, period and coalition (HTML)",
    description="Filters: `country`, `period`, `coalition_id`. `language` is the page's own (en, fr, es).",
    response_class=Response,
    **access(PUBLIC),
)
async def get_public_index_page(
    uow: UoW,
    country: Iso3 | None = None,
    period: Annotated[Period | None, Query()] = None,
    coalition_id: uuid.UUID | None = None,
    language: Language = "en",
) -> Response:
    items = await service.published(uow.session, country=country, period=period, coalition_id=coalition_id)
    return Response(
        render_index(items, language),
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": PAGE_CSP},
    )


@router.get(
    "/public/feed.atom",
    summary="Newly published report editions, as an Atom feed",
    response_class=Response,
    **access(PUBLIC),
)
async def get_public_reports_feed(uow: UoW, request: Request) -> Response:
    items = await service.published(uow.session)
    body = feed.atom(items, request.app.state.settings.public_base_url, utcnow())
    return Response(body, media_type="application/atom+xml; charset=utf-8")
