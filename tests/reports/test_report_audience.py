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
ELSEWHERE = "KGZ"  # the same, for the one test that needs a country whose commitments it alone enters
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
    # 10 + 20 + 30, each with its own noise: at most 2 + 3 + 4.5 (docs/privacy.md), then rounded.
    assert abs(point["value"] - 60) <= 10 and point["source"] == "public"
    assert all("coalition=" not in entry["source"] for entry in document["provenance"])
    rows = [row for row in csv.DictReader(io.StringIO(forms["csv"].text)) if row["INDICATOR"] == code]
    assert [float(row["OBS_VALUE"]) for row in rows] == [point["value"]]
    texts = [answer.text for answer in forms.values()]
    assert all(OUTSIDER_EVIDENCE not in text for text in texts)
    assert all(MEMBER_EVIDENCE in text for form, text in zip(forms, texts, strict=True) if form != "csv")


@pytest.fixture
async def desk_elsewhere(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    async with open_desk(world, directory_app, gateway_app, ELSEWHERE) as opened:
        yield opened


async def test_a_coalition_not_of_the_country_reports_on_it_without_its_members_assessments(
    desk_elsewhere: Desk, directory_app: FastAPI, run_worker: RunWorker
) -> None:
    """Member A assessed a commitment for the country's coalition. An organisation admin starts a
    global coalition, which A joins, and asks it for a report on the country: the report must not
    show the admin what the assessments route refuses them (and the coalition could publish)."""
    desk = desk_elsewhere
    secret = "For the national coalition only: the inspector named the kiln owners."
    made = await desk.call(
        "POST", f"/v1/reports/countries/{desk.country}/commitments", "coalition_admin",
        json={"milestone": "justice", "text": "Close the bonded kilns.", "responsible_body": "Ministry of Labour",
              "coalition_id": str(desk.coalition)},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    commitment = made.json()["id"]
    assessed = await desk.call(
        "PUT", f"/v1/reports/commitments/{commitment}/assessments/{desk.world.org_a}", "member_a",
        json={"status": "regressed", "evidence": secret},
    )  # fmt: skip
    assert assessed.status_code == 201, assessed.text
    async with session_scope(directory_app.state.sessionmaker) as s:
        founder = await factories.principal(s, "founder", await factories.organisation(s), role="admin")
    desk.world.people["founder"] = founder
    started = await desk.call(
        "POST", "/v1/directory/coalitions", "founder", json={"name": "Kiln Watch Worldwide", "scope": "global"}
    )
    assert started.status_code == 201, started.text
    ours = started.json()["id"]
    invited = await desk.call(
        "POST", f"/v1/directory/coalitions/{ours}/invitations", "founder",
        json={"organisation_id": str(desk.world.org_a)},
    )  # fmt: skip
    accepted = await desk.call(
        "POST", f"/v1/directory/organisations/{desk.world.org_a}/memberships", "admin_a", json={"coalition_id": ours}
    )
    assert invited.status_code == 201 and accepted.status_code in (200, 201), accepted.text
    refused = await desk.call("GET", f"/v1/reports/commitments/{commitment}/assessments", "founder")

    requested = await desk.call("POST", "/v1/reports/reports", "founder", json=desk.body(coalition_id=ours))
    assert requested.status_code == 202, requested.text
    await run_worker()
    run = await desk.call("GET", requested.headers["location"], "founder")
    forms = {
        form: await desk.call("GET", f"{requested.headers['location']}/report.{form}", "founder")
        for form in ("json", "html", "md")
    }

    assert refused.status_code == 403, refused.text
    assert run.json()["status"] == "done", run.text
    assert all(answer.status_code == 200 for answer in forms.values()), forms
    assert all(secret not in answer.text for answer in forms.values())
    [row] = [c for c in forms["json"].json()["scorecard"] if c["id"] == commitment]
    assert row["assessments"] == [] and row["dissent"] == []
    # The country's own coalition still reports its member's assessment.
    theirs = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body())
    assert theirs.status_code == 202, theirs.text
    await run_worker()
    own = await desk.call("GET", f"{theirs.headers['location']}/report.json", "coalition_admin")
    assert own.status_code == 200 and secret in own.text, own.text
