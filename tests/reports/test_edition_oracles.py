"""What a new edition says changed is public: it may tell a figure's movement only between figures
anyone could read. An edition published before reports held public figures only may show a
coalition's view (values its members share with the coalition alone); such editions were
withdrawn (migrations 0011 and 0015), and the next edition must not tell that figure again as
the "before" of what changed.

The attack reads the second edition anonymously and looks for the coalition's number, written
here as a literal, in every form."""

import itertools
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import update

from services.reports.models.runs import ReportRun
from shared.db import session_scope
from tests import factories
from tests.conftest import RunWorker, World
from tests.reports.test_report_runs import Desk, open_desk

COUNTRIES = itertools.cycle(["KWT", "JOR"])  # committed reports data: countries no other test file uses
SHARED_FIGURE = 15060.0  # the coalition's view of 2023 an old edition showed: 60 public, 15,000 shared
SPELLINGS = ("15060", "15,060", "15 060", "15\u00a0060", "15\u202f060")


@pytest.fixture
async def desk(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    async with open_desk(world, directory_app, gateway_app, next(COUNTRIES)) as opened:
        yield opened


async def _commitment_and_public_figures(desk: Desk, directory_app: FastAPI, metrics_app: FastAPI) -> str:
    """A commitment linked to an indicator, and three public values of 2023 (10, 20, 30)."""
    code = desk.world.indicators["adopted"]
    made = await desk.call(
        "POST", f"/v1/reports/countries/{desk.country}/commitments", "coalition_admin",
        json={"milestone": "justice", "text": "Fund the labour inspectorate.", "responsible_body": "Ministry of Labour",
              "indicators": [code], "coalition_id": str(desk.coalition)},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    async with session_scope(directory_app.state.sessionmaker) as s:
        public = [await factories.organisation_in(s, desk.country) for _ in range(3)]
    for org, value in zip(public, (10, 20, 30), strict=True):
        await factories.report(
            metrics_app, org, indicator=code, country=desk.country, period="2023", value=value, visibility="public"
        )
    return code


async def _publish(desk: Desk, run_worker: RunWorker) -> dict[str, Any]:
    words = await desk.call(
        "PUT", f"/v1/reports/coalitions/{desk.coalition}/contents/{desk.country}/2024/en", "coalition_admin",
        json={"headline_findings": ["The inspectorate lost its budget."]},
    )  # fmt: skip
    assert words.status_code in (200, 201), words.text
    requested = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body())
    assert requested.status_code == 202, requested.text
    await run_worker()
    path = requested.headers["location"]
    assert (await desk.call("POST", f"{path}/submit", "coalition_admin")).status_code == 200
    signed = await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})
    assert signed.status_code == 200, signed.text
    published = await desk.call("POST", f"{path}/publish", "coalition_admin")
    assert published.status_code == 200, published.text
    return dict(published.json())


def _as_before_the_rule(document: dict[str, Any], code: str, coalition: uuid.UUID, *, marked: bool) -> dict[str, Any]:
    """The edition as one made when reports took the coalition's view of a year: its 2023 point
    holds the shared figure, its provenance names the coalition's query, and (`marked`) the point
    says `source: coalition`, as editions made after 2026-11-30 did (earlier ones did not)."""
    [indicator] = [i for i in document["indicators"] if i["code"] == code]
    [point] = [p for p in indicator["series"] if p["period"] == "2023"]
    point.update(value=SHARED_FIGURE, status="F", contributors=6, source="coalition" if marked else None)
    for entry in document["provenance"]:
        if entry["figure_id"] == point["figure_id"]:
            entry.update(contributors=6, source=f"{entry['source']}&coalition={coalition}")
    return document


@pytest.mark.parametrize("marked", [True, False], ids=["source-marked", "provenance-only"])
async def test_the_next_edition_does_not_tell_a_withdrawn_coalition_figure_as_what_changed(
    desk: Desk,
    directory_app: FastAPI,
    metrics_app: FastAPI,
    reports_app: FastAPI,
    run_worker: RunWorker,
    marked: bool,
) -> None:
    code = await _commitment_and_public_figures(desk, directory_app, metrics_app)
    first = await _publish(desk, run_worker)
    old = (await desk.call("GET", f"{first['public_url']}/report.json", "anonymous")).json()
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(
            update(ReportRun)
            .where(ReportRun.id == uuid.UUID(first["id"]))
            .values(
                document=_as_before_the_rule(old, code, desk.coalition, marked=marked),
                needs_regeneration=True,
                regeneration_reason="published with figures of the coalition's view",
            )
        )

    second = await _publish(desk, run_worker)
    forms = {
        form: await desk.call("GET", f"{second['public_url']}/report.{form}", "anonymous")
        for form in ("json", "html", "md", "csv")
    }

    assert second["edition"] == 2 and all(answer.status_code == 200 for answer in forms.values()), forms
    told = [c for c in forms["json"].json()["changes"] if c["kind"] == "figure"]
    # The public figure of 2023 (60 within its noise) is told as first published: there was no
    # public one before it.
    assert [(c["before"], c["after_period"]) for c in told] == [(None, "2023")]
    # 10 + 20 + 30, each with its own noise: at most 2 + 3 + 4.5 (docs/privacy.md), then rounded.
    assert abs(float(told[0]["after"]) - 60) <= 10
    for form, answer in forms.items():
        assert not any(spelling in answer.text for spelling in SPELLINGS), form
