"""A published report is read by anyone, so it may hold only what anyone may read or what the
coalition's members put into it. An anonymous reader sets the published edition beside the public
API: every figure in it is the public figure, never the coalition's view (values its members
share only with the coalition), and no assessment appears but those of the coalition's members
(the country's other coalitions read the others' assessments; the public does not)."""

import csv
import io
import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI

from shared.db import session_scope
from tests import factories
from tests.conftest import RunWorker, World
from tests.reports.test_report_runs import Desk, open_desk

COUNTRIES = itertools.cycle(["PER"])  # committed reports data: a country no other test file reports on
OUTSIDER_EVIDENCE = "Seen by the outsider only: the inspectorate's budget was cut."
MEMBER_EVIDENCE = "The amendment was withdrawn in committee."


@pytest.fixture
async def desk(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    async with open_desk(world, directory_app, gateway_app, next(COUNTRIES)) as opened:
        yield opened


async def _published(desk: Desk, run_worker: RunWorker) -> dict[str, Any]:
    words = await desk.call(
        "PUT", f"/v1/reports/coalitions/{desk.coalition}/contents/{desk.country}/2024/en", "coalition_admin",
        json={"headline_findings": ["The inspectorate lost its budget."]},
    )  # fmt: skip
    assert words.status_code == 201, words.text
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


async def _members_sharing(desk: Desk, directory_app: FastAPI, metrics_app: FastAPI, code: str) -> None:
    """Three public values, and three members that share large values with the coalition only:
    enough for the coalition's view of 2023 to differ from the public figure."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        public = [await factories.organisation_in(s, desk.country) for _ in range(3)]
        sharing = [await factories.organisation_in(s, desk.country) for _ in range(3)]
        for org in sharing:
            await factories.membership(s, desk.coalition, org, "active")
    for org, value in zip(public, (10, 20, 30), strict=True):
        await factories.report(
            metrics_app, org, indicator=code, country=desk.country, period="2023", value=value, visibility="public"
        )
    for org, value in zip(sharing, (4000, 5000, 6000), strict=True):
        await factories.report(
            metrics_app, org, indicator=code, country=desk.country, period="2023", value=value,
            visibility="coalition", coalition_id=desk.coalition,
        )  # fmt: skip


async def _commitment_assessed_inside_and_out(desk: Desk, directory_app: FastAPI, code: str) -> None:
    """A commitment linked to the indicator, assessed by member A and by an organisation of
    another coalition of the country."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        outsider = await factories.organisation_in(s, desk.country)
        await factories.coalition_in(s, desk.country, active=[outsider])
        person = await factories.principal(s, "outsider", outsider)
    made = await desk.call(
        "POST", f"/v1/reports/countries/{desk.country}/commitments", "coalition_admin",
        json={"milestone": "justice", "text": "Fund the labour inspectorate.", "responsible_body": "Ministry of Labour",
              "indicators": [code], "coalition_id": str(desk.coalition)},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    commitment = made.json()["id"]
    for org, headers, evidence in (
        (desk.world.org_a, desk.world.people["member_a"].headers, MEMBER_EVIDENCE),
        (outsider, person.headers, OUTSIDER_EVIDENCE),
    ):
        assessed = await desk.client.put(
            f"/v1/reports/commitments/{commitment}/assessments/{org}",
            headers=headers,
            json={"status": "regressed", "evidence": evidence, "confidence": "high"},
        )
        assert assessed.status_code == 201, assessed.text


async def test_a_published_report_holds_public_figures_and_its_members_assessments_only(
    desk: Desk, directory_app: FastAPI, metrics_app: FastAPI, run_worker: RunWorker
) -> None:
    code = desk.world.indicators["adopted"]
    await _members_sharing(desk, directory_app, metrics_app, code)
    await _commitment_assessed_inside_and_out(desk, directory_app, code)

    published = await _published(desk, run_worker)
    forms = {
        form: await desk.call("GET", f"{published['public_url']}/report.{form}", "anonymous")
        for form in ("json", "html", "md", "csv")
    }
    public = await desk.call(
        "GET", "/v1/metrics/aggregates", "anonymous",
        params={"indicator": code, "country": desk.country, "by": "period", "granularity": "year"},
    )  # fmt: skip

    assert all(answer.status_code == 200 for answer in forms.values()), forms
    document = forms["json"].json()
    [indicator] = [i for i in document["indicators"] if i["code"] == code]
    [cell] = public.json()["cells"]
    [point] = indicator["series"]
    # The anonymous reader's own figure, not the members' shared 15,000 on top of it.
    assert point["value"] == float(cell["value"]) and point["contributors"] == cell["contributors"]
    assert abs(point["value"] - 60) <= 8 and point["source"] == "public"
    assert all("coalition=" not in entry["source"] for entry in document["provenance"])
    rows = [row for row in csv.DictReader(io.StringIO(forms["csv"].text)) if row["INDICATOR"] == code]
    assert [float(row["OBS_VALUE"]) for row in rows] == [point["value"]]
    texts = [answer.text for answer in forms.values()]
    assert all(OUTSIDER_EVIDENCE not in text for text in texts)
    assert all(MEMBER_EVIDENCE in text for form, text in zip(forms, texts, strict=True) if form != "csv")
