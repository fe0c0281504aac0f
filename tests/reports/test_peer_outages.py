"""The reports service with a peer down. Published reports, the public index and feed, commitments
and sign-off states are its own: they are answered without the directory or metrics. What must
ask a peer now answers 503 with Retry-After. A report run whose job meets a peer down waits for
it, queued again and handed back, and fails only once it has waited REPORTS_PEER_PATIENCE_SECONDS."""

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from arq import Retry
from fastapi import FastAPI
from sqlalchemy import update

from services.reports import tasks as reports_tasks
from services.reports.config import ReportsSettings
from services.reports.jobs import REPORT_GENERATE, REPORT_MAX_TRIES
from services.reports.models.runs import ReportRun
from services.reports.runs import service as runs
from shared.db import session_scope, utcnow
from shared.http import create_client
from tests.conftest import Env, World
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
