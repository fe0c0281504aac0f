"""The public index of published reports and its Atom feed: what is published is listed, by
country, period and coalition, in the reader's language; what is withdrawn or a draft is not."""

import itertools
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from html import unescape
from xml.etree import ElementTree as ET

import pytest
from fastapi import FastAPI
from sqlalchemy import update

from services.reports.models.runs import ReportRun
from services.reports.publications.index import render_index
from services.reports.publications.service import Publication
from services.reports.rendering.i18n import Translator
from shared.db import session_scope
from tests.conftest import World
from tests.reports.test_authoring import _in_review
from tests.reports.test_report_runs import Desk, open_desk

COUNTRIES = itertools.cycle(["MNG"])  # committed reports data: countries no other test file uses


@pytest.fixture
async def desk(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    async with open_desk(world, directory_app, gateway_app, next(COUNTRIES)) as opened:
        yield opened


ATOM = "{http://www.w3.org/2005/Atom}"


async def _publish(desk: Desk, reports_app: FastAPI) -> dict[str, str]:
    path = await _in_review(desk, reports_app)
    await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})
    published = await desk.call("POST", f"{path}/publish", "coalition_admin")
    assert published.status_code == 200, published.text
    return published.json()


async def test_published_editions_are_listed_and_fed_and_withdrawn_ones_leave(desk: Desk, reports_app: FastAPI) -> None:
    edition = await _publish(desk, reports_app)
    draft = await _in_review(desk, reports_app)  # in review: not public

    page = await desk.call("GET", f"/v1/reports/public/index.html?country={desk.country}", "anonymous")
    french = await desk.call("GET", f"/v1/reports/public/index.html?country={desk.country}&language=fr", "anonymous")
    other = await desk.call("GET", f"/v1/reports/public/index.html?coalition_id={uuid.uuid4()}", "anonymous")
    feed = await desk.call("GET", "/v1/reports/public/feed.atom", "anonymous")

    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert f'href="{edition["public_url"]}"' in page.text and draft.split("/")[-1] not in page.text
    assert "Rapports alternatifs publiés" in french.text and 'lang="fr"' in french.text
    assert edition["public_url"] not in other.text
    assert feed.headers["content-type"].startswith("application/atom+xml")
    entries = {e.findtext(f"{ATOM}id"): e for e in ET.fromstring(feed.content).iter(f"{ATOM}entry")}
    entry = entries[f"urn:uuid:{edition['id']}"]
    assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == edition["public_url"]  # type: ignore[union-attr]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Nepal Civil Society Network on SDG 8.7"

    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(
            update(ReportRun).where(ReportRun.id == uuid.UUID(edition["id"])).values(needs_regeneration=True)
        )
    after = await desk.call("GET", f"/v1/reports/public/index.html?country={desk.country}", "anonymous")
    feed_after = await desk.call("GET", "/v1/reports/public/feed.atom", "anonymous")
    assert edition["public_url"] not in after.text and edition["id"] not in feed_after.text


async def test_the_public_page_links_to_its_pdf_json_and_sdmx_csv(desk: Desk, reports_app: FastAPI) -> None:
    edition = await _publish(desk, reports_app)
    url = edition["public_url"]

    page = await desk.call("GET", url, "anonymous")
    pdf = await desk.call("GET", f"{url}/report.pdf", "anonymous")
    data = await desk.call("GET", f"{url}/report.json", "anonymous")
    sdmx = await desk.call("GET", f"{url}/report.csv", "anonymous")

    assert f'<a href="{url}/report.pdf" type="application/pdf">This report as a PDF</a>' in page.text
    assert f'<a href="{url}/report.json" type="application/json">Its content as JSON</a>' in page.text
    assert f'<a href="{url}/report.csv" type="text/csv">Its figures as SDMX-CSV</a>' in page.text
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert data.status_code == 200 and data.json()["meta"]["draft"] is False
    assert sdmx.status_code == 200 and sdmx.text.startswith("DATAFLOW")


async def test_bad_filters_are_refused_naming_the_field(desk: Desk) -> None:
    for query, field in (("country=X1", "country"), ("period=2024-13", "period"), ("language=de", "language")):
        answer = await desk.call("GET", f"/v1/reports/public/index.html?{query}", "anonymous")
        assert answer.status_code == 422 and field in str(answer.json()["errors"]), query


@pytest.mark.parametrize("reader", ["en", "fr", "es"])
def test_each_entry_names_its_kind_in_the_reports_language(reader: str) -> None:
    """A French or Spanish title is not followed by the English name of its template."""
    when = datetime(2025, 4, 2, 10, 0, tzinfo=UTC)
    items = [
        Publication(uuid.UUID(int=i), f"npl-2024-{language}", f"Title {language}", "NPL", "Nepal", "2024",
                    uuid.UUID(int=99), "Coalition", template, language, 1, when)
        for i, (language, template) in enumerate(
            [("en", "accountability-shadow-report"), ("fr", "accountability-shadow-report"),
             ("es", "accountability-shadow-report"), ("es", "collective-impact")], 1)
    ]  # fmt: skip

    page = unescape(render_index(items, reader))

    for item in items:
        kind = Translator(item.language)(f"template.{item.template}")
        entry = f'lang="{item.language}">Title {item.language}</a><br><span class="muted"><span lang="{item.language}">'
        assert f"{entry}{kind}</span>" in page, (item.language, item.template)
    assert page.count(Translator("en")("template.accountability-shadow-report")) == 1
