"""The reports service with a peer down. Published reports, the public index and feed, commitments
and sign-off states are its own: they are answered without the directory or metrics. What must
ask a peer now answers 503 with Retry-After. A report run whose job meets a peer down waits for
it, queued again and handed back, and fails only once it has waited REPORTS_PEER_PATIENCE_SECONDS."""

import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Iterable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from arq import Retry
from fastapi import FastAPI
from sqlalchemy import delete, select, update
from sqlmodel import col

from services.directory.models.memberships import CoalitionMember
from services.reports import tasks as reports_tasks
from services.reports.config import ReportsSettings
from services.reports.jobs import REPORT_GENERATE, REPORT_MAX_TRIES, WEBHOOK_DELIVER_MAX_TRIES
from services.reports.models.runs import ReportRun
from services.reports.models.webhooks import WebhookDelivery, WebhookSubscription
from services.reports.runs import service as runs
from services.reports.webhooks import service as webhook_service
from services.reports.webhooks import tasks as webhook_tasks
from services.reports.webhooks.schemas import WebhookCreate
from shared.db import session_scope, utcnow
from shared.http import PeerClient, create_client
from shared.identity import Identity
from tests import factories
from tests.conftest import Env, RunWorker, World
from tests.reports import test_webhooks
from tests.reports.test_authoring import _in_review
from tests.reports.test_report_runs import Desk, open_desk

DOWN = "http://127.0.0.1:1"  # nothing listens there: every call is refused
COUNTRIES = iter(["ZWE", "YEM"])  # committed reports data: countries no other test file uses


@contextlib.asynccontextmanager
async def down(app: FastAPI, peer: str) -> AsyncIterator[httpx.AsyncClient]:
    """The reports service cut off from `peer`."""
    kept = app.state.clients[peer]
    async with httpx.AsyncClient(base_url=DOWN) as dead:
        app.state.clients[peer] = dead
        try:
            yield dead
        finally:
            app.state.clients[peer] = kept


async def _published(desk: Desk, reports_app: FastAPI) -> dict[str, Any]:
    path = await _in_review(desk, reports_app)
    await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})
    published = await desk.call("POST", f"{path}/publish", "coalition_admin")
    assert published.status_code == 200, published.text
    return {"run": path, **published.json()}


async def test_what_the_reports_service_holds_is_answered_with_a_peer_down(
    world: World, directory_app: FastAPI, gateway_app: FastAPI, reports_app: FastAPI
) -> None:
    async with open_desk(world, directory_app, gateway_app, next(COUNTRIES)) as desk:
        edition, draft = await _published(desk, reports_app), await _in_review(desk, reports_app)
        commitment = await desk.call(
            "POST", f"/v1/reports/countries/{desk.country}/commitments", "coalition_admin",
            json={"milestone": "justice", "text": "Amend the act.", "responsible_body": "Ministry",
                  "coalition_id": str(desk.coalition), "indicators": [world.indicators["adopted"]]},
        )  # fmt: skip
        assert commitment.status_code == 201, commitment.text
        reads = [
            ("anonymous", edition["public_url"]),
            ("anonymous", f"{edition['public_url']}/report.json"),
            ("anonymous", "/v1/reports/public"),
            ("anonymous", "/v1/reports/public/index.html"),
            ("anonymous", "/v1/reports/public/feed.atom"),
            ("anonymous", "/v1/reports/reports"),
            ("anonymous", edition["run"]),
            ("anonymous", f"/v1/reports/countries/{desk.country}/commitments"),
            ("anonymous", f"/v1/reports/commitments/{commitment.json()['id']}"),
            ("anonymous", f"/v1/reports/countries/{desk.country}/testimonies"),
            ("coalition_admin", f"{draft}/signoffs"),
        ]
        answers = {}
        for peer in ("metrics", "directory"):
            async with down(reports_app, peer):
                for who, path in reads:
                    answers[peer, path] = (await desk.call("GET", path, who)).status_code
                linked = await desk.call(
                    "POST", f"/v1/reports/countries/{desk.country}/commitments", "coalition_admin",
                    json={"milestone": "justice", "text": "Ratify P029.", "responsible_body": "Parliament",
                          "coalition_id": str(desk.coalition), "indicators": [world.indicators["adopted"]]},
                )  # fmt: skip
                requested = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body())
                answers[peer, "link", "request"] = (linked.status_code, requested.status_code)
                for answer in (linked, requested):
                    assert answer.status_code in (201, 202) or answer.headers["retry-after"] == "5", answer.text

    assert {k: v for k, v in answers.items() if len(k) == 2 and v != 200} == {}
    # The catalogue must vouch for a linked indicator; the directory for the coalition and country.
    # A report asked for while metrics is down is accepted: its job waits for metrics.
    assert answers["metrics", "link", "request"] == (503, 202)
    assert answers["directory", "link", "request"] == (503, 503)


@contextlib.asynccontextmanager
async def worker_with(env: Env, reports_app: FastAPI, **peers: httpx.AsyncClient) -> AsyncIterator[dict[str, Any]]:
    """A reports worker's context whose peers are `peers`, else the app's."""
    resources = reports_tasks.Resources.open(ReportsSettings(**env.settings()), {**reports_app.state.clients, **peers})
    try:
        yield {"reports": resources, "redis": reports_app.state.jobs.pool}
    finally:
        await resources.outbound.aclose()
        await resources.engine.dispose()


async def _run(reports_app: FastAPI, run_id: str) -> ReportRun:
    async with session_scope(reports_app.state.sessionmaker) as session:
        run = await session.get(ReportRun, uuid.UUID(run_id))
        assert run is not None
        return run


async def test_a_report_run_waits_for_metrics_and_is_made_once_it_is_back(
    env: Env, world: World, directory_app: FastAPI, gateway_app: FastAPI, reports_app: FastAPI
) -> None:
    [job] = [f for f in reports_tasks.registry.functions if f.name == REPORT_GENERATE]
    async with open_desk(world, directory_app, gateway_app, next(COUNTRIES)) as desk:
        requested = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(period="2023"))
        assert requested.status_code == 202, requested.text
        run_id = requested.json()["id"]
        async with (
            create_client(DOWN, peer="metrics", timeout=1) as dead,
            worker_with(env, reports_app, metrics=dead) as ctx,
        ):
            with pytest.raises(Retry):
                await job.coroutine({**ctx, "job_try": 1}, run_id)
            last = await job.coroutine({**ctx, "job_try": REPORT_MAX_TRIES}, run_id)
            waiting = await _run(reports_app, run_id)
            # A run requested longer ago than the patience: the same outage fails it, saying why.
            again = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(period="2022"))
            await _requested_at(reports_app, again.json()["id"], ctx["reports"].settings.peer_patience_seconds + 60)
            gave_up = await job.coroutine({**ctx, "job_try": 1}, again.json()["id"])
        made = await runs.generate(
            reports_app.state.sessionmaker, reports_app.state.clients, reports_app.state.jobs,
            reports_app.state.artifacts, uuid.UUID(run_id), min_contributors=3, min_sensitive_count=5,
            heartbeat_seconds=30,
        )  # fmt: skip
        failed = await _run(reports_app, again.json()["id"])

    assert last == "waiting"
    assert (waiting.status, waiting.error) == ("queued", None)
    # The stage names the service, not its internal address: run statuses reach users.
    assert waiting.stage.startswith("waiting for a service it needs") and "The metrics service" in waiting.stage
    assert "127.0.0.1" not in waiting.stage and "127.0.0.1" not in (failed.error or "")
    assert made == "done" and (await _run(reports_app, run_id)).status == "done"
    assert gave_up == "failed" and failed.status == "failed"
    assert failed.error is not None and failed.error.startswith("Gave up after waiting 360 minutes")


async def _requested_at(reports_app: FastAPI, run_id: str, seconds_ago: int) -> None:
    old = utcnow() - timedelta(seconds=seconds_ago)
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(update(ReportRun).where(ReportRun.id == uuid.UUID(run_id)).values(created_at=old))


async def test_a_report_whose_job_fails_on_its_own_ends_failed_at_once(
    env: Env,
    world: World,
    directory_app: FastAPI,
    gateway_app: FastAPI,
    reports_app: FastAPI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not an outage (here rendering breaks): the run fails on the first try with a reason and
    keeps no form; a finished run is not the sweeper's (it hands back queued and running ones)."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(runs.rendering, "render", broken)
    [job] = [f for f in reports_tasks.registry.functions if f.name == REPORT_GENERATE]
    async with open_desk(world, directory_app, gateway_app, "YEM") as desk:
        requested = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(period="2021"))
        async with worker_with(env, reports_app) as ctx:
            outcome = await job.coroutine({**ctx, "job_try": 1}, requested.json()["id"], request_id="req-broken")
        run = await _run(reports_app, requested.json()["id"])

    assert outcome == "failed" and (run.status, run.html, run.document) == ("failed", None, None)
    # The requester reads no logs: the reason gives the id an operator finds the error under.
    assert run.error == "The report could not be generated: an unexpected error, logged under request id req-broken."


# A real HTTP receiver (tests/reports/test_webhooks.py), as a fixture of this file too.
receiver = test_webhooks.receiver


def memberships_down(directory: httpx.AsyncClient) -> httpx.AsyncClient:
    """The directory as a job finds it when it goes down after gathering a report: it answers
    everything but who is a member of what, which answers 503."""

    async def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/memberships"):
            return httpx.Response(503, json={"title": "Service unavailable"})
        answer = await directory.send(request)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    return PeerClient(peer="directory", transport=httpx.MockTransport(handle), base_url=str(directory.base_url))


async def _hooks(
    env: Env, reports_app: FastAPI, receiver: test_webhooks.Receiver, **orgs: uuid.UUID
) -> dict[str, uuid.UUID]:
    """A webhook of each organisation for the run events, calling the receiver at /<name>."""
    hooks = {}
    async with session_scope(reports_app.state.sessionmaker) as session:
        for name, org in orgs.items():
            made = await webhook_service.create(
                session, Identity(kind="account", account_id=uuid.uuid4(), organisation_id=org, platform_admin=True),
                org, WebhookCreate(url="https://93.184.215.14/hook", events=["report.completed", "report.failed"]),
                ReportsSettings(**env.settings()),
            )  # fmt: skip
            made[0].url = receiver.url(f"/{name}")
            hooks[name] = made[0].id
    return hooks


async def _deliveries(reports_app: FastAPI, org: uuid.UUID, hook: uuid.UUID) -> list[dict[str, Any]]:
    """The webhook's deliveries as its organisation's admin lists them."""
    async with test_webhooks.client(reports_app, factories.account(org, "admin")) as c:
        listed = await c.get(f"/v1/reports/organisations/{org}/webhooks/{hook}/deliveries")
    assert listed.status_code == 200, listed.text
    return list(listed.json()["items"])


async def test_run_events_wait_for_the_directory_and_reach_only_a_member_once_it_is_back(
    env: Env,
    world: World,
    directory_app: FastAPI,
    gateway_app: FastAPI,
    reports_app: FastAPI,
    receiver: test_webhooks.Receiver,
    run_worker: RunWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`report.completed` and `report.failed` are decided when the directory can say who may read
    the run: with it down when the run ends, they wait, and once it is back they reach the
    requesting organisation if it is still a member, once; one that left meanwhile hears nothing."""
    monkeypatch.setenv("REPORTS_WEBHOOKS_ALLOW_LOOPBACK", "true")
    [job] = [f for f in reports_tasks.registry.functions if f.name == REPORT_GENERATE]
    async with open_desk(world, directory_app, gateway_app, "BTN") as desk:
        async with session_scope(directory_app.state.sessionmaker) as s:
            await factories.membership(s, desk.coalition, world.org_b, "active")
            admin_in_a = await factories.principal(s, "coalition admin in A", world.org_a, admin_of=[desk.coalition])
        hooks = await _hooks(env, reports_app, receiver, a=world.org_a, b=world.org_b)
        by_a = await desk.client.post("/v1/reports/reports", json=desk.body(), headers=admin_in_a.headers)
        by_b = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(language="fr"))
        assert by_a.status_code == by_b.status_code == 202, (by_a.text, by_b.text)
        await _requested_at(reports_app, by_b.json()["id"], ReportsSettings().peer_patience_seconds + 60)
        async with create_client(DOWN, peer="directory", timeout=1) as dead:
            async with worker_with(
                env, reports_app, directory=memberships_down(reports_app.state.clients["directory"])
            ) as ctx:
                completed = await job.coroutine({**ctx, "job_try": 1}, by_a.json()["id"])
            async with worker_with(env, reports_app, directory=dead) as ctx:
                failed = await job.coroutine({**ctx, "job_try": 1}, by_b.json()["id"])
                for delivery_id in await _pending(reports_app, hooks.values()):
                    with pytest.raises(Retry):  # the directory is still down: it waits
                        await webhook_tasks.deliver({**ctx, "job_try": 1}, str(delivery_id))
            while_down = (len(receiver.requests), await _deliveries(reports_app, world.org_a, hooks["a"]))
        async with session_scope(directory_app.state.sessionmaker) as s:
            await s.execute(
                update(CoalitionMember)
                .where(CoalitionMember.coalition_id == desk.coalition, CoalitionMember.member_id == world.org_b)
                .values(status="left")
            )
        await run_worker()
        await run_worker()
        delivered = await _deliveries(reports_app, world.org_a, hooks["a"])
        withheld = await _deliveries(reports_app, world.org_b, hooks["b"])
        async with session_scope(reports_app.state.sessionmaker) as session:
            await session.execute(delete(WebhookSubscription).where(col(WebhookSubscription.id).in_(hooks.values())))

    assert (completed, failed) == ("done", "failed")
    assert while_down == (0, [])  # nothing sent, nothing shown while undecided
    assert [(r.path, json.loads(r.body)["type"], json.loads(r.body)["data"]["run_id"]) for r in receiver.requests] == [
        ("/a", "report.completed", by_a.json()["id"])
    ]
    assert [d["status"] for d in delivered] == ["delivered"]
    assert withheld == []


async def _pending(reports_app: FastAPI, hooks: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    async with session_scope(reports_app.state.sessionmaker) as session:
        found = await session.scalars(
            select(WebhookDelivery.id).where(col(WebhookDelivery.subscription_id).in_(list(hooks)))
        )
        return list(found.all())


async def test_a_run_event_the_directory_never_decides_is_given_up_unsent_after_the_patience(
    env: Env, reports_app: FastAPI, receiver: test_webhooks.Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    """Within REPORTS_PEER_PATIENCE_SECONDS of the event the delivery waits (on arq's last try the
    sweeper hands it back); past it, it is deleted, logged, and nothing is sent."""
    org, coalition = uuid.uuid4(), uuid.uuid4()
    hooks = await _hooks(env, reports_app, receiver, a=org)
    async with session_scope(reports_app.state.sessionmaker) as session:
        young, old = [
            (await webhook_service.emit(session, "report.failed", {"run_id": str(uuid.uuid4())}, {org},
                                        members_of=coalition))[0]
            for _ in range(2)
        ]  # fmt: skip
        long_ago = utcnow() - timedelta(seconds=ReportsSettings().peer_patience_seconds + 60)
        await session.execute(update(WebhookDelivery).where(WebhookDelivery.id == old).values(occurred_at=long_ago))
    async with (
        create_client(DOWN, peer="directory", timeout=1) as dead,
        worker_with(env, reports_app, directory=dead) as ctx,
    ):
        waiting = await webhook_tasks.deliver({**ctx, "job_try": WEBHOOK_DELIVER_MAX_TRIES}, str(young))
        with caplog.at_level("WARNING", logger="hub.reports.webhooks"):
            given_up = await webhook_tasks.deliver({**ctx, "job_try": 1}, str(old))
    left = await _pending(reports_app, hooks.values())
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(delete(WebhookSubscription).where(col(WebhookSubscription.id).in_(hooks.values())))

    assert (waiting, given_up) == ("waiting", None)
    assert left == [young] and receiver.requests == []
    [line] = [r for r in caplog.records if "given up" in r.getMessage()]
    assert line.delivery_id == str(old)  # type: ignore[attr-defined]


async def test_public_sign_off_answers_need_no_directory_and_then_show_no_ids(
    world: World, directory_app: FastAPI, gateway_app: FastAPI, reports_app: FastAPI
) -> None:
    """The rule and a published edition's sign-off are public. The directory only says which
    organisations are still members, whose ids are shown: while it cannot, a reader gets the
    answer without ids rather than a 503; the coalition's admins, who see every id, need no
    directory at all."""
    async with open_desk(world, directory_app, gateway_app, "MDV") as desk:
        rule = f"/v1/reports/coalitions/{desk.coalition}/signoff-rule"
        named = await desk.call("PUT", rule, "coalition_admin", json={"signatories": [str(world.org_a)]})
        assert named.status_code == 200, named.text
        edition = await _published(desk, reports_app)
        reads = {"rule": ("anonymous", rule), "signoffs": ("anonymous", f"{edition['run']}/signoffs"),
                 "admin": ("coalition_admin", rule)}  # fmt: skip
        up = {name: await desk.call("GET", path, who) for name, (who, path) in reads.items()}
        async with down(reports_app, "directory"):
            cut = {name: await desk.call("GET", path, who) for name, (who, path) in reads.items()}

    assert {name: a.status_code for name, a in {**up, **{f"{k} down": v for k, v in cut.items()}}.items()} == {
        "rule": 200, "signoffs": 200, "admin": 200, "rule down": 200, "signoffs down": 200, "admin down": 200,
    }, [a.text for a in cut.values()]  # fmt: skip
    assert up["rule"].json()["signatories"] == up["admin"].json()["signatories"] == [str(world.org_a)]
    assert cut["rule"].json()["signatories"] == [] and cut["admin"].json()["signatories"] == [str(world.org_a)]
    assert [e["organisation_id"] for e in up["signoffs"].json()["endorsements"]] == [str(world.org_a)]
    assert [e["organisation_id"] for e in cut["signoffs"].json()["endorsements"]] == [None]
    assert cut["signoffs"].json()["rule"]["signatories"] == []
