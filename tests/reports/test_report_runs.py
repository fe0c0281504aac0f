"""Report runs end to end: a coalition's admins request a report, the worker gathers it from
the directory and metrics (never a private value), renders every form, and the same inputs give
the same report; then review, publication at a public address, and consent withdrawal."""

import asyncio
import itertools
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select, update
from sqlmodel import col

from services.directory.accounts import service as accounts
from services.directory.accounts.schemas import ApiKeyCreate
from services.directory.models.memberships import CoalitionMember
from services.reports.models.runs import ReportRun
from services.reports.models.signoff import Endorsement
from services.reports.models.webhooks import WebhookDelivery, WebhookSubscription
from services.reports.runs import service as runs
from shared import periods
from shared.db import session_scope
from shared.identity import Identity
from tests import factories
from tests.conftest import RunWorker, World, as_service
from tests.reports.sample_document import sample_document
from tests.support.apps import asgi_client

# Reports data is committed for the session: these tests keep to countries no other file uses
# (the first two tests write reports; the others, refused, write nothing).
COUNTRIES = itertools.cycle(["NPL", "FJI", "ISL"])


@dataclass
class Desk:
    country: str
    coalition: uuid.UUID
    client: httpx.AsyncClient
    world: World

    async def call(self, method: str, path: str, who: str, **kwargs: Any) -> httpx.Response:
        headers = {} if who == "anonymous" else self.world.people[who].headers
        return await self.client.request(method, path, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)

    def body(self, **change: Any) -> dict[str, Any]:
        return {"country": self.country, "period": "2024", "coalition_id": str(self.coalition), **change}


@asynccontextmanager
async def open_desk(world: World, directory_app: FastAPI, gateway_app: FastAPI, country: str) -> AsyncIterator[Desk]:
    """A coalition of the country with organisation A active in it, and a client of the gateway.
    Reports data is committed: each test file keeps to countries of its own."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        coalition = await factories.coalition_in(
            s, country, active=[world.org_a], admins=[world.people["coalition_admin"].account_id]
        )
    async with asgi_client(gateway_app, "http://gateway") as client:
        yield Desk(country, coalition, client, world)


@pytest.fixture
async def desk(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    async with open_desk(world, directory_app, gateway_app, next(COUNTRIES)) as opened:
        yield opened


async def scorecard_and_figures(desk: Desk, metrics_app: FastAPI) -> dict[str, Any]:
    """A commitment linked to an indicator, assessed and rated; public figures from 3 organisations
    and a private one that must never appear."""
    code = desk.world.indicators["adopted"]
    commitment = await desk.call(
        "POST",
        f"/v1/reports/countries/{desk.country}/commitments",
        "coalition_admin",
        json={"milestone": "justice", "text": "Amend the labour act.", "responsible_body": "Ministry of Labour",
              "indicators": [code], "coalition_id": str(desk.coalition)},
    )  # fmt: skip
    assert commitment.status_code == 201, commitment.text
    cid = commitment.json()["id"]
    assessed = await desk.call(
        "PUT",
        f"/v1/reports/commitments/{cid}/assessments/{desk.world.org_a}",
        "member_a",
        json={"status": "regressed", "evidence": "The amendment was withdrawn.", "confidence": "high"},
    )
    assert assessed.status_code in (200, 201), assessed.text
    rated = await desk.call(
        "PUT",
        f"/v1/reports/commitments/{cid}/consolidations/{desk.coalition}",
        "coalition_admin",
        json={"rating": "regressed", "rationale": "Withdrawn in March."},
    )
    assert rated.status_code in (200, 201), rated.text
    for value, visibility in ((11, "public"), (13, "public"), (17, "public"), (98765, "private")):
        await factories.report(
            metrics_app,
            uuid.uuid4(),
            indicator=code,
            country=desk.country,
            period="2023",
            value=value,
            visibility=visibility,
        )
    return {"code": code, "commitment": cid}


async def test_a_report_is_gathered_rendered_and_the_same_inputs_give_the_same_report(
    desk: Desk, metrics_app: FastAPI, run_worker: RunWorker
) -> None:
    await scorecard_and_figures(desk, metrics_app)
    key = {"Idempotency-Key": f"report-{uuid.uuid4()}"}
    first = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(), headers=key)
    again = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(), headers=key)
    assert first.status_code == 202, first.text
    # The same key again: the first answer again, marked as such (shared/idempotency.py).
    assert again.status_code == 202 and again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"

    await run_worker()
    run = (await desk.call("GET", first.headers["location"], "coalition_admin")).json()
    assert run["status"] == "done", run
    assert len(run["content_hash"]) == 64 and run["edition"] == 1
    html = (await desk.call("GET", run["artifacts"]["html"], "coalition_admin")).text
    document = (await desk.call("GET", run["artifacts"]["json"], "coalition_admin")).json()
    pdf = (await desk.call("GET", run["artifacts"]["pdf"], "coalition_admin")).content
    markdown = (await desk.call("GET", run["artifacts"]["md"], "coalition_admin")).text

    assert "Amend the labour act." in html and "Amend the labour act." in markdown
    assert pdf.startswith(b"%PDF")
    assert "98765" not in html and "98765" not in markdown and "98765" not in pdf.decode("latin-1")
    figures = [p for i in document["indicators"] for p in i["series"]]
    [(period, value, contributors)] = [(p["period"], p["value"], p["contributors"]) for p in figures]
    # 11 + 13 + 17, each with noise of at most max(2, 0.15 x itself), rounded (docs/privacy.md)
    assert period == "2023" and abs(value - 41) <= 2 + 2 + 2.55 + 0.5 and contributors in (3, 4)
    assert figures[0]["source"] == "public"  # no member shares values with the coalition: the public figure
    # Figures count organisations without naming them: the total can only be stated as a floor.
    assert document["methodology"]["contributors_at_least"] is True
    assert f"At least {document['methodology']['contributors']} organisations contributed" in html
    # Every figure is traced, and so is every baseline and target (another test's may be in NPL).
    stated = {p["figure_id"] for i in document["indicators"] for p in (i["baseline"], i["target"]) if p}
    assert {e["figure_id"] for e in document["provenance"]} == {p["figure_id"] for p in figures} | stated
    # The figure is the one the metrics service answers to the query its provenance names.
    async with asgi_client(metrics_app, "http://metrics", signer=as_service("reports")) as metrics:
        [traced] = [e for e in document["provenance"] if e["figure_id"] == figures[0]["figure_id"]]
        answered = (await metrics.get(traced["source"])).json()
    assert [float(c["value"]) for c in answered["cells"]] == [value]
    assert document["scorecard"][0]["rating"] == "regressed"
    assert document["meta"]["content_hash"] == run["content_hash"]

    # Asked again (no key): a new run, which finds the same inputs and gives the same report.
    second = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body())
    await run_worker()
    rerun = (await desk.call("GET", second.headers["location"], "coalition_admin")).json()
    assert second.status_code == 202 and rerun["id"] != run["id"]
    assert rerun["content_hash"] == run["content_hash"] and rerun["same_as"] == run["id"]
    assert (await desk.call("GET", rerun["artifacts"]["html"], "coalition_admin")).text == html

    # The rerun is the same report, not another edition: it cannot go to review or be published.
    for action in ("submit", "publish"):
        refused = await desk.call("POST", f"{second.headers['location']}/{action}", "coalition_admin")
        assert refused.status_code == 409 and refused.headers["content-type"] == "application/problem+json"
        assert "same inputs" in refused.json()["detail"] and run["id"] in refused.json()["detail"]
    assert (await desk.call("GET", second.headers["location"], "coalition_admin")).json()["workflow"] == "draft"


async def test_a_coalition_made_regional_reports_none_of_its_members_assessments_there(
    desk: Desk, metrics_app: FastAPI, run_worker: RunWorker
) -> None:
    """A report prints its members' assessments only while the coalition is one of the
    country's: made regional, the coalition loses its country in the directory, and the report
    gathered next speaks for no member's assessment there."""
    made = await scorecard_and_figures(desk, metrics_app)
    changed = await desk.call(
        "PATCH", f"/v1/directory/coalitions/{desk.coalition}", "coalition_admin",
        json={"scope": "regional"}, headers={"If-Match": "*"},
    )  # fmt: skip
    requested = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body())
    await run_worker()
    run = (await desk.call("GET", requested.headers["location"], "coalition_admin")).json()
    document = (await desk.call("GET", run["artifacts"]["json"], "coalition_admin")).json()
    [part] = [c for c in document["scorecard"] if c["id"] == made["commitment"]]

    assert changed.status_code == 200 and run["status"] == "done", run
    assert "The amendment was withdrawn." not in json.dumps(document)
    assert part["assessments"] == [] and part["dissent"] == []
    assert changed.json()["country"] is None


async def test_review_publication_and_consent_withdrawal(
    desk: Desk, metrics_app: FastAPI, reports_app: FastAPI, run_worker: RunWorker
) -> None:
    figures = await scorecard_and_figures(desk, metrics_app)
    quote = await desk.call(
        "POST",
        f"/v1/reports/organisations/{desk.world.org_a}/testimonies",
        "member_a",
        json={
            "quote": "They kept our papers.",
            "context": "A kiln worker",
            "country": desk.country,
            "consent": "public",
        },
    )
    assert quote.status_code == 201, quote.text
    words = await desk.call(
        "PUT",
        f"/v1/reports/coalitions/{desk.coalition}/contents/{desk.country}/2024/fr",
        "coalition_admin",
        json={"headline_findings": ["La loi sur le travail a reculé."],
              "recommendations": [{"addressee": "government", "text": "Rétablir l’amendement.",
                                   "commitments": [figures["commitment"]]}]},
    )  # fmt: skip
    assert words.status_code == 201 and words.json()["version"] == 1, words.text
    english = (await desk.call("GET", f"/v1/metrics/indicators/{figures['code']}", "anonymous")).json()["content"]
    french = {"name": "Ménages atteints par la prévention", "unit": "ménages"}
    translated = await desk.call(
        "PUT",
        f"/v1/metrics/indicators/{figures['code']}/versions/{english['version']}/translations/fr",
        "platform_admin",
        json=french,
    )
    assert translated.status_code == 200, translated.text
    requested = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(language="fr"))
    await run_worker()
    # A second report quoting it, left a draft. (One job at a time: the in-process directory of
    # the tests holds one database connection.)
    draft = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(language="es"))
    await run_worker()
    path = requested.headers["location"]
    draft_path = draft.headers["location"]
    draft_html = (await desk.call("GET", f"{path}/report.html", "member_a")).text
    draft_md = (await desk.call("GET", f"{draft_path}/report.md", "member_a")).text
    assert "They kept our papers." in draft_md and "> **Borrador**" in draft_md
    # The indicator in French where the catalogue has it; in Spanish it has none: English.
    assert french["name"] in draft_html and "ménages" in draft_html and english["name"] not in draft_html
    assert english["name"] in draft_md.replace("\\", "") and english["definition"] in draft_md

    assert (await desk.call("GET", path, "anonymous")).status_code == 404  # drafts are the coalition's
    assert (await desk.call("GET", path, "member_a")).status_code == 200  # A is an active member
    assert (await desk.call("POST", f"{path}/publish", "coalition_admin")).status_code == 409  # not in review yet
    assert (await desk.call("POST", f"{path}/submit", "member_a")).status_code == 403
    assert (await desk.call("POST", f"{path}/submit", "coalition_admin")).json()["workflow"] == "in_review"
    unsigned = await desk.call("POST", f"{path}/publish", "coalition_admin")
    assert unsigned.status_code == 409 and "not signed off" in unsigned.json()["detail"]
    signed = await desk.call(
        "PUT",
        f"{path}/signoffs/{desk.world.org_a}",
        "admin_a",
        json={"endorsed": True, "statement": "Nous demandons aussi une ligne budgétaire."},
    )
    assert signed.status_code == 200, signed.text
    published = (await desk.call("POST", f"{path}/publish", "coalition_admin")).json()
    page = await desk.call("GET", published["public_url"], "anonymous")
    pdf = await desk.call("GET", published["public_url"] + "/report.pdf", "anonymous")

    assert published["workflow"] == "published" and published["public_url"].startswith("/v1/reports/public/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    # Through the gateway, the page keeps the policy that lets its inline style apply, and no script.
    assert page.headers["content-security-policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")
    assert "They kept our papers." in page.text and 'lang="fr"' in page.text
    # The draft was marked as one; the published edition is rendered again, unmarked and dated.
    draft_page = (await desk.call("GET", f"{path}/report.html", "member_a")).text
    assert 'class="draft-marker"' not in page.text and "Publication" in page.text
    # The coalition's words and its signatories; no suggestion of the system.
    assert "Rétablir l’amendement." in page.text and "Nous demandons aussi une ligne budgétaire." in page.text
    assert 'id="endorsement"' in page.text and 'class="suggestions"' not in page.text
    assert 'class="suggestions"' in draft_html and "Revenir sur le recul" in draft_html
    published_json = (await desk.call("GET", published["public_url"] + "/report.json", "anonymous")).json()
    assert published["published_at"][:10] in json.dumps(published_json["meta"])
    # The system's suggestions are the draft's, in every form: the edition speaks for the coalition.
    assert (
        published_json["suggestions"] == []
        and (await desk.call("GET", f"{path}/report.json", "member_a")).json() == published_json
    )
    assert draft_page == page.text  # the run's own address serves the published forms now
    csv = await desk.call("GET", published["public_url"] + "/report.csv", "anonymous")
    assert csv.status_code == 200 and csv.text.startswith("DATAFLOW,FREQ,INDICATOR,REF_AREA")
    assert pdf.headers["content-type"] == "application/pdf"

    hook = await desk.call(
        "POST",
        f"/v1/reports/organisations/{desk.world.org_a}/webhooks",
        "admin_a",
        json={"url": "https://93.184.215.14/hooks", "events": ["report.regeneration_needed"]},
    )
    assert hook.status_code == 201, hook.text
    withdrawn = await desk.call(
        "PUT",
        f"/v1/reports/organisations/{desk.world.org_a}/testimonies/{quote.json()['id']}/consent",
        "member_a",
        json={"consent": "withdrawn"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    marked = (await desk.call("GET", path, "coalition_admin")).json()
    assert marked["needs_regeneration"] is True and marked["artifacts"] == {}
    assert (await desk.call("GET", published["public_url"], "anonymous")).status_code == 409
    # Every form of every run that quoted it is gone, for members too: the published edition and the draft.
    for run_path in (path, draft_path):
        for form in ("html", "md", "json", "pdf", "csv"):
            answer = await desk.call("GET", f"{run_path}/report.{form}", "member_a")
            assert answer.status_code == 409 and answer.headers["content-type"] == "application/problem+json"
            assert "withdrawn" in answer.json()["detail"] and "kept our papers" not in answer.text
    assert (await desk.call("POST", f"{draft_path}/submit", "coalition_admin")).status_code == 409
    async with session_scope(reports_app.state.sessionmaker) as session:
        stored = (await session.scalars(select(ReportRun).where(ReportRun.country == desk.country))).all()
    assert stored and not any("kept our papers" in json.dumps(r.document) + (r.markdown or "") for r in stored)
    # Subscribers hear that the edition is withdrawn, without a word of the testimony.
    async with session_scope(reports_app.state.sessionmaker) as session:
        announced = (
            await session.scalars(
                select(WebhookDelivery).where(WebhookDelivery.subscription_id == uuid.UUID(hook.json()["id"]))
            )
        ).all()
        await session.execute(delete(WebhookSubscription).where(WebhookSubscription.id == uuid.UUID(hook.json()["id"])))
    assert [(d.event, d.payload["run_id"]) for d in announced] == [("report.regeneration_needed", marked["id"])]
    assert announced[0].payload["needs_regeneration"] is True
    assert "kept our papers" not in json.dumps(announced[0].payload)

    # The next edition leaves the quote out and says what changed.
    requested = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(language="fr"))
    assert requested.status_code == 202 and requested.json()["edition"] == 2  # said as requested, not 1
    await run_worker()
    runs = [r for r in await _runs(desk, reports_app) if r["edition"] == 2]
    assert runs, "a second edition"
    second = (await desk.call("GET", runs[0]["artifacts"]["json"], "coalition_admin")).json()
    assert second["testimonies"] == [] and any(c["kind"] == "testimonies_removed" for c in second["changes"])
    assert second["methodology"]["sources"][0].startswith("Engagements")  # written in the report's language


async def _runs(desk: Desk, reports_app: FastAPI) -> list[dict[str, Any]]:
    """Every run of the desk's coalition and country, as the status resource shows it (other
    tests on the same database may have runs of the country, for coalitions the desk cannot see)."""
    query = select(ReportRun.id).where(ReportRun.country == desk.country, ReportRun.coalition_id == desk.coalition)
    async with session_scope(reports_app.state.sessionmaker) as session:
        ids = (await session.execute(query)).scalars().all()
    return [(await desk.call("GET", f"/v1/reports/reports/{i}", "coalition_admin")).json() for i in ids]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "XX1"}, "country"),
        ({"country": "XXX"}, "country"),
        ({"period": "2024-13"}, "period"),
        ({"template": "memo"}, "template"),
        ({"language": "de"}, "language"),
        ({"coalition_id": "not-a-uuid"}, "coalition_id"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_bad_requests_are_refused_with_the_field(desk: Desk, change: dict[str, Any], field: str) -> None:
    response = await desk.call("POST", "/v1/reports/reports", "platform_admin", json=desk.body(**change))

    assert response.status_code == 422, response.text
    assert field in str(response.json()["errors"])


async def test_a_validators_reason_reads_without_pydantics_prefix(desk: Desk) -> None:
    response = await desk.call("POST", "/v1/reports/reports", "platform_admin", json=desk.body(period="2024-13"))

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "period", "reason": periods.REASON}]


async def test_only_the_authoring_coalitions_admins_request_reports(desk: Desk) -> None:
    refused = await desk.call("POST", "/v1/reports/reports", "other_coalition_admin", json=desk.body())
    member = await desk.call("POST", "/v1/reports/reports", "member_a", json=desk.body())

    assert refused.status_code == 403 and member.status_code == 403


def matrix_run(world: World) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"matrix-report-run-{world.org_a}")


async def seed_for_access_matrix(world: World, apps: dict[str, FastAPI]) -> None:
    """A generated draft by `world.coalition`, ready for review."""
    async with session_scope(apps["reports"].state.sessionmaker) as session:
        session.add(
            ReportRun(
                id=matrix_run(world),
                country="NPL",
                period="2024",
                coalition_id=world.coalition,
                template="collective-impact",
                language="en",
                status="done",
                stage="done",
                percent=100,
            )
        )


def matrix_review_run(world: World) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"matrix-review-run-{world.org_a}")


async def seed_review_for_access_matrix(world: World, apps: dict[str, FastAPI]) -> None:
    """A generated run by `world.coalition` in review, endorsed by organisation A (the default
    quorum): ready to be returned or published."""
    async with session_scope(apps["reports"].state.sessionmaker) as session:
        session.add(
            ReportRun(
                id=matrix_review_run(world), country="NPL", period="2024", coalition_id=world.coalition,
                template="accountability-shadow-report", language="en", status="done", stage="done", percent=100,
                workflow="in_review", document=sample_document().model_dump(mode="json"),
            )
        )  # fmt: skip
        await session.flush()
        session.add(
            Endorsement(
                run_id=matrix_review_run(world), organisation_id=world.org_a, organisation_name="Org A", endorsed=True
            )
        )


async def test_an_action_on_a_draft_the_caller_may_not_read_answers_as_an_unknown_id(
    world: World, upstreams: dict[str, FastAPI], gateway_app: FastAPI
) -> None:
    await seed_for_access_matrix(world, upstreams)
    draft, unknown_id = matrix_run(world), uuid.uuid4()
    async with asgi_client(gateway_app, "http://gateway") as client:

        async def submit(run_id: uuid.UUID, who: str) -> httpx.Response:
            return await client.post(f"/v1/reports/reports/{run_id}/submit", headers=world.people[who].headers)

        hidden, unknown = (
            await submit(draft, "other_coalition_admin"),
            await submit(unknown_id, "other_coalition_admin"),
        )
        member = await submit(draft, "member_a")

    def shape(response: httpx.Response, run_id: uuid.UUID) -> dict[str, Any]:
        problem = response.json()
        return {k: str(v).replace(str(run_id), "<id>") for k, v in problem.items() if k != "request_id"}

    assert hidden.status_code == unknown.status_code == 404
    assert shape(hidden, draft) == shape(unknown, unknown_id)
    assert member.status_code == 403  # an active member sees the draft: refused, not hidden


async def test_the_same_request_sent_at_once_is_one_run(desk: Desk) -> None:
    """Sent six times at once, a request makes one run; the others answer with it (before, two
    or more runs were made, each later publishable as edition 1)."""
    answers = await asyncio.gather(
        *(desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(period="2017")) for _ in range(6))
    )

    assert sorted(a.status_code for a in answers) == [200] * 5 + [202], [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1


async def test_an_idempotency_key_reused_through_another_key_of_the_account_is_refused(
    desk: Desk, directory_app: FastAPI
) -> None:
    """The gateway keeps Idempotency-Keys per API key; the reports service looks runs up per
    account. The same key through the account's other API key with another request is refused,
    not answered with the first request's run (which lost the second)."""
    admin = desk.world.people["coalition_admin"]
    async with session_scope(directory_app.state.sessionmaker) as s:
        caller = Identity(kind="account", account_id=admin.account_id, organisation_id=admin.organisation_id)
        _, other = await accounts.create_key(s, caller, admin.organisation_id, ApiKeyCreate(name="second"))
    key = {"Idempotency-Key": f"run-{uuid.uuid4().hex}"}
    first = await desk.call(
        "POST", "/v1/reports/reports", "coalition_admin", json=desk.body(period="2016"), headers=key
    )
    through_other = {"Authorization": f"Bearer {other}", **key}
    another = await desk.client.post("/v1/reports/reports", json=desk.body(period="2015"), headers=through_other)
    again = await desk.client.post("/v1/reports/reports", json=desk.body(period="2016"), headers=through_other)

    assert first.status_code == 202 and again.json()["id"] == first.json()["id"]
    assert another.status_code == 422, another.text
    assert another.json()["errors"] == [{"field": "Idempotency-Key", "reason": "already used for a different request"}]


UNCALLED = "https://127.0.0.1/hooks"


async def _hooks_of(desk: Desk, reports_app: FastAPI, *orgs: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
    """A webhook for `report.completed` and `report.failed` of each organisation, registered by a
    platform admin; organisation -> webhook id."""
    hooks = {}
    for org in orgs:
        made = await desk.call(
            "POST",
            f"/v1/reports/organisations/{org}/webhooks",
            "platform_admin",
            json={"url": "https://93.184.215.14/hooks", "events": ["report.completed", "report.failed"]},
        )
        assert made.status_code == 201, made.text
        hooks[org] = uuid.UUID(made.json()["id"])
    # Each delivery is recorded, then refused at once by the address check (nothing is sent), so
    # the worker does not wait on retries to a receiver that is not there.
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(
            update(WebhookSubscription).where(col(WebhookSubscription.id).in_(hooks.values())).values(url=UNCALLED)
        )
    return hooks


async def _announced(reports_app: FastAPI, hook: uuid.UUID) -> list[tuple[str, str]]:
    async with session_scope(reports_app.state.sessionmaker) as session:
        found = await session.scalars(select(WebhookDelivery).where(WebhookDelivery.subscription_id == hook))
        return sorted((d.event, d.payload["run_id"]) for d in found.all())


@pytest.fixture
async def own_desk(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    """A desk in a country of this test's own: the reports data of the others' is committed."""
    async with open_desk(world, directory_app, gateway_app, "VUT") as opened:
        yield opened


async def test_report_events_go_only_to_an_organisation_that_may_read_the_run(
    own_desk: Desk, directory_app: FastAPI, reports_app: FastAPI, run_worker: RunWorker
) -> None:
    """`report.completed` and `report.failed` name a draft: they reach the requesting organisation
    only while it is an active member of the coalition, as the run's status does."""
    desk, world = own_desk, own_desk.world
    async with session_scope(directory_app.state.sessionmaker) as s:
        admin_in_a = await factories.principal(s, "coalition admin in A", world.org_a, admin_of=[desk.coalition])
    hooks = await _hooks_of(desk, reports_app, world.org_a, world.org_b)

    async def request_as(headers: dict[str, str], language: str) -> str:
        made = await desk.client.post("/v1/reports/reports", json=desk.body(language=language), headers=headers)
        assert made.status_code == 202, made.text
        return str(made.json()["id"])

    # The coalition's admin from organisation B, never a member: B's webhooks learn nothing.
    by_b = await request_as(world.people["coalition_admin"].headers, "en")
    await run_worker()
    # An admin from member A: A's webhooks hear of it.
    by_a = await request_as(admin_in_a.headers, "fr")
    await run_worker()
    state = reports_app.state
    failing = await request_as(admin_in_a.headers, "es")
    await runs.fail(state.sessionmaker, state.jobs, state.artifacts, uuid.UUID(failing), "gave up")
    await run_worker()  # delivered while A may read the run
    # A leaves the coalition: its requests of before are announced to it no more.
    async with session_scope(directory_app.state.sessionmaker) as s:
        await s.execute(
            update(CoalitionMember)
            .where(CoalitionMember.coalition_id == desk.coalition, CoalitionMember.member_id == world.org_a)
            .values(status="left")
        )
    after_leaving = await request_as(admin_in_a.headers, "en")  # the series of `by_b`, done: a new run
    failing_after = await request_as(admin_in_a.headers, "es")
    await runs.fail(state.sessionmaker, state.jobs, state.artifacts, uuid.UUID(failing_after), "gave up")
    await run_worker()

    statuses = {r: (await desk.call("GET", f"/v1/reports/reports/{r}", "platform_admin")).json()["status"]
                for r in (by_b, by_a, failing, after_leaving, failing_after)}  # fmt: skip
    assert statuses == {by_b: "done", by_a: "done", failing: "failed", after_leaving: "done", failing_after: "failed"}
    assert await _announced(reports_app, hooks[world.org_b]) == []
    assert await _announced(reports_app, hooks[world.org_a]) == sorted(
        [("report.completed", by_a), ("report.failed", failing)]
    )
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(delete(WebhookSubscription).where(col(WebhookSubscription.id).in_(hooks.values())))
