"""A worker killed in the middle of a report (SIGKILL: no chance to hand the job back): the
sweeper of another worker hands the job back once the run stops being touched, and the report
is finished once, with one set of artifacts and one `report.completed`."""

import uuid
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import delete, func, select

from services.reports.models.runs import ReportRun
from services.reports.models.webhooks import WebhookDelivery, WebhookSubscription
from shared.db import session_scope
from tests import factories
from tests.conftest import Env, World
from tests.processes import Gate, Process, served, start, until
from tests.support.apps import asgi_client

pytestmark = pytest.mark.process

COUNTRY = "MWI"  # no other test writes reports for Malawi


def worker(env: Env, urls: dict[str, str], log: Path) -> Process:
    """`hub worker` as its own process, on the tests' database and queue."""
    return start(
        ["-m", "hub", "worker"],
        env,
        log,
        DIRECTORY_URL=urls["directory"],
        METRICS_URL=urls["metrics"],
        REPORTS_SWEEP_RUNNING_AFTER_SECONDS="2",
        WORKER_METRICS_PORT="0",
        WORKER_SHUTDOWN_WAIT_SECONDS="0",
    )


async def run_row(app: FastAPI, run_id: uuid.UUID) -> ReportRun:
    async with session_scope(app.state.sessionmaker) as session:
        run = await session.get(ReportRun, run_id)
        assert run is not None
        return run


async def test_a_report_whose_worker_is_killed_is_finished_once_by_another(
    env: Env,
    world: World,
    directory_app: FastAPI,
    metrics_app: FastAPI,
    reports_app: FastAPI,
    gateway_app: FastAPI,
    tmp_path: Path,
) -> None:
    async with session_scope(directory_app.state.sessionmaker) as s:
        # The requester (the coalition's admin, of organisation B) is of a member organisation.
        coalition = await factories.coalition_in(
            s, COUNTRY, active=[world.org_a, world.org_b], admins=[world.people["coalition_admin"].account_id]
        )
    gate = Gate(metrics_app, "/v1/metrics/")
    async with served(directory_app) as directory_url, served(gate) as metrics_url:
        urls = {"directory": directory_url, "metrics": metrics_url}
        async with asgi_client(gateway_app, "http://gateway") as gateway:
            # The requester's organisation hears of the finished report (the address is never reached).
            hook = await gateway.post(
                f"/v1/reports/organisations/{world.org_b}/webhooks",
                json={"url": "https://93.184.215.14/hooks", "events": ["report.completed"]},
                headers=world.people["platform_admin"].headers,
            )
            requested = await gateway.post(
                "/v1/reports/reports",
                json={"country": COUNTRY, "period": "2024", "coalition_id": str(coalition)},
                headers=world.people["coalition_admin"].headers,
            )
        assert hook.status_code == 201, hook.text
        assert requested.status_code == 202, requested.text
        run_id = uuid.UUID(requested.json()["id"])

        first = worker(env, urls, tmp_path / "first.log")
        try:
            await until(gate.reached.is_set, "the job to reach metrics", seconds=90, process=first)
            midway = await run_row(reports_app, run_id)
        finally:
            first.stop()  # killed outright: no shutdown hook runs
        gate.open.set()

        second = worker(env, urls, tmp_path / "second.log")
        try:
            await until(
                lambda: _status_is(reports_app, run_id, "done"), "the run to be done", seconds=90, process=second
            )
        finally:
            second.terminate()
            second.wait()

    finished = await run_row(reports_app, run_id)
    async with session_scope(reports_app.state.sessionmaker) as session:
        runs_of_country = await session.scalar(select(func.count()).where(ReportRun.country == COUNTRY))
        completions = (
            await session.scalars(
                select(WebhookDelivery).where(
                    WebhookDelivery.event == "report.completed", WebhookDelivery.payload["run_id"].astext == str(run_id)
                )
            )
        ).all()
        await session.execute(delete(WebhookSubscription).where(WebhookSubscription.id == uuid.UUID(hook.json()["id"])))

    assert (midway.status, midway.attempts, midway.html) == ("running", 1, None)
    assert finished.status == "done" and finished.attempts == 2 and finished.error is None
    assert finished.orphaned == 1  # the kill counted as a worker's death (arq's mark was left)
    assert finished.html and finished.pdf and finished.pdf.startswith(b"%PDF")
    assert runs_of_country == 1  # handed back, not requested anew
    assert len(completions) == 1
    assert "handed back runs whose jobs were lost or orphaned" in second.output()


async def _status_is(app: FastAPI, run_id: uuid.UUID, status: str) -> bool:
    return (await run_row(app, run_id)).status == status
