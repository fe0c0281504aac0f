"""A worker SIGKILLed in the middle of each kind of job (an import, a large batch, a webhook
delivery; report runs in tests/reports/test_worker_killed.py): its job is held where it is, the
worker is killed with no chance to hand it back, and a second worker's sweeper hands it back,
counting the death on the run; the job then reaches its final state once. How long each took
from the kill is printed."""

import asyncio
import dataclasses
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from services.directory.jobs import IMPORT_RUN
from services.directory.models.imports import ImportRun
from services.directory.models.organisations import Organisation
from services.metrics.jobs import BATCH_APPLY
from services.metrics.models.batches import Batch
from services.reports.config import ReportsSettings
from services.reports.models.webhooks import WebhookAttempt, WebhookDelivery
from services.reports.webhooks import service as webhooks
from services.reports.webhooks.schemas import WebhookCreate
from shared.db import session_scope
from shared.identity import Identity
from shared.jobs import JobQueue
from tests import factories
from tests.conftest import Env
from tests.processes import Gate, Process, served, start, until

pytestmark = pytest.mark.process

STALE_AFTER = "2"  # seconds a running job may go untouched; its heartbeat is a quarter of it


def own_queue(env: Env) -> Env:
    """The tests' database, a queue of this module's own: a worker killed here leaves its cron
    jobs marked in progress for up to an hour, which must not hold up the in-process workers of
    other tests on the shared queue."""
    return dataclasses.replace(env, queue_name=f"{env.queue_name}:killed-workers")


def worker(env: Env, log: Path, **variables: str) -> Process:
    return start(
        ["-m", "hub", "worker"],
        own_queue(env),
        log,
        DIRECTORY_SWEEP_RUNNING_AFTER_SECONDS=STALE_AFTER,
        METRICS_SWEEP_RUNNING_AFTER_SECONDS=STALE_AFTER,
        WORKER_METRICS_PORT="0",
        WORKER_SHUTDOWN_WAIT_SECONDS="0",
        **variables,
    )


@pytest.fixture
async def queue(env: Env) -> AsyncIterator[JobQueue]:
    jobs = JobQueue.connect(env.redis_url, own_queue(env).queue_name)
    yield jobs
    await jobs.close()


async def row(app: FastAPI, model: type, row_id: uuid.UUID) -> object:
    async with session_scope(app.state.sessionmaker) as session:
        return await session.get(model, row_id)


async def touched_while_held(app: FastAPI, model: type, row_id: uuid.UUID, process: Process) -> bool:
    """Whether the held job's heartbeat goes on touching its row."""
    before = (await row(app, model, row_id)).updated_at  # type: ignore[attr-defined]
    await until(
        lambda: _later(app, model, row_id, before), "the heartbeat to touch the row", seconds=10, process=process
    )
    return True


async def _later(app: FastAPI, model: type, row_id: uuid.UUID, than: object) -> bool:
    return (await row(app, model, row_id)).updated_at > than  # type: ignore[attr-defined,operator]


async def test_an_import_whose_worker_is_killed_is_done_once_by_another(
    env: Env, directory_app: FastAPI, queue: JobQueue, tmp_path: Path
) -> None:
    external_id = f"killed-{uuid.uuid4().hex[:8]}"
    content = f"external_id,name,countries\n{external_id},Killed Import Org,NPL\n".encode()
    async with session_scope(directory_app.state.sessionmaker) as session:
        run = ImportRun(format="csv", content=content)
        session.add(run)
    # A transaction of the test's holds the organisations table: the import's upsert waits there.
    holder = await asyncpg.connect(env.database_url)
    hold = holder.transaction()
    await hold.start()
    await holder.execute("LOCK TABLE directory.organisations IN SHARE MODE")
    first = worker(env, tmp_path / "first.log")
    try:
        await queue.enqueue(IMPORT_RUN, str(run.id))
        await until(
            lambda: _stage_is(directory_app, run.id, "applying valid rows"), "the import to apply", process=first
        )
        assert await touched_while_held(directory_app, ImportRun, run.id, first)
    finally:
        first.stop()
        killed = time.monotonic()
        await hold.rollback()
        await holder.close()
    midway = await row(directory_app, ImportRun, run.id)

    second = worker(env, tmp_path / "second.log")
    try:
        await until(
            lambda: _status_in(directory_app, ImportRun, run.id, {"done", "failed"}), "the import", process=second
        )
        recovery = time.monotonic() - killed
    finally:
        second.terminate()
        second.wait()
    finished = await row(directory_app, ImportRun, run.id)
    async with session_scope(directory_app.state.sessionmaker) as session:
        stored = await session.scalar(select(func.count()).where(Organisation.external_id == external_id))

    print(f"import handed back and done {recovery:.1f} s after its worker was killed")
    assert midway.status == "running"  # type: ignore[attr-defined]
    assert (finished.status, finished.created, finished.error) == ("done", 1, None)  # type: ignore[attr-defined]
    assert finished.orphaned == 1  # type: ignore[attr-defined]  # the kill counted as a worker's death
    assert stored == 1
    assert "handed back runs whose jobs were lost or orphaned" in second.output()


async def test_a_batch_whose_worker_is_killed_is_applied_once_by_another(
    env: Env, directory_app: FastAPI, metrics_app: FastAPI, queue: JobQueue, tmp_path: Path
) -> None:
    async with session_scope(directory_app.state.sessionmaker) as session:
        org = await factories.organisation(session)
    code = await factories.adopted(metrics_app, prefix="kill")
    content = (
        "indicator,country,subdivision,period,value,disaggregation,visibility,status\n"
        + "".join(f"{code},NPL,NP-{i},2024,5,sex=female,public,final\n" for i in range(20))
    ).encode()
    async with session_scope(metrics_app.state.sessionmaker) as session:
        batch = Batch(organisation_id=org, content_sha256=uuid.uuid4().hex, format="csv", content=content, rows=20)
        session.add(batch)
    # The batch checks its rows against the directory: held shut, the job waits there.
    gate = Gate(directory_app, "/v1/directory/")
    async with served(gate) as directory_url:
        first = worker(env, tmp_path / "first.log", DIRECTORY_URL=directory_url)
        try:
            await queue.enqueue(BATCH_APPLY, str(batch.id))
            await until(gate.reached.is_set, "the batch to call the directory", process=first)
            assert await touched_while_held(metrics_app, Batch, batch.id, first)
        finally:
            first.stop()
            killed = time.monotonic()
        midway = await row(metrics_app, Batch, batch.id)
        gate.open.set()

        second = worker(env, tmp_path / "second.log", DIRECTORY_URL=directory_url)
        try:
            await until(
                lambda: _status_in(metrics_app, Batch, batch.id, {"applied", "rejected", "failed"}),
                "the batch",
                process=second,
            )
            recovery = time.monotonic() - killed
        finally:
            second.terminate()
            second.wait()
    finished = await row(metrics_app, Batch, batch.id)

    print(f"batch handed back and applied {recovery:.1f} s after its worker was killed")
    assert (midway.status, midway.attempts) == ("running", 1)  # type: ignore[attr-defined]
    assert (finished.status, finished.created, finished.attempts) == ("applied", 20, 2)  # type: ignore[attr-defined]
    assert finished.orphaned == 1  # type: ignore[attr-defined]  # the kill counted as a worker's death
    assert "handed back runs whose jobs were lost or orphaned" in second.output()


async def test_a_delivery_whose_worker_is_killed_mid_call_is_delivered_by_another(
    env: Env, reports_app: FastAPI, queue: JobQueue, tmp_path: Path
) -> None:
    received: list[str] = []

    async def hook(request: Request) -> Response:
        received.append(request.headers["webhook-id"])
        return Response(status_code=204)

    gate = Gate(Starlette(routes=[Route("/hook", hook, methods=["POST"])]), "/hook")
    settings = ReportsSettings(**env.settings(), webhooks_allow_loopback=True)
    org = uuid.uuid4()
    async with served(gate) as receiver:
        async with session_scope(reports_app.state.sessionmaker) as session:
            subscription, _ = await webhooks.create(
                session,
                Identity(kind="account", organisation_id=org, org_role="admin"),
                org,
                WebhookCreate(url=f"{receiver}/hook", events=["report.completed"]),
                settings,
            )
            [delivery_id] = await webhooks.emit(session, "report.completed", {"run_id": str(uuid.uuid4())}, {org})
        variables = {
            "REPORTS_WEBHOOKS_ALLOW_LOOPBACK": "true",
            "REPORTS_WEBHOOKS_TIMEOUT_SECONDS": "5",
            "REPORTS_WEBHOOKS_CLAIM_MARGIN_SECONDS": "1",  # the claim then runs out 6 s after the call began
        }
        first = worker(env, tmp_path / "first.log", **variables)
        try:
            await queue.enqueue("reports.webhook.deliver", str(delivery_id))
            await until(gate.reached.is_set, "the delivery to call the receiver", process=first)
        finally:
            first.stop()  # mid-call
            killed = time.monotonic()
        midway = await row(reports_app, WebhookDelivery, delivery_id)
        gate.open.set()
        # The claim of the killed call runs out (the call's timeout and a margin); a sweep after
        # that hands it back. A new worker sweeps at its start.
        claim_left = midway.next_attempt_at.timestamp() - time.time()  # type: ignore[attr-defined]
        await asyncio.sleep(max(0.0, claim_left) + 0.5)
        second = worker(env, tmp_path / "second.log", **variables)
        try:
            await until(
                lambda: _status_in(reports_app, WebhookDelivery, delivery_id, {"delivered", "failed"}),
                "the delivery",
                process=second,
            )
            recovery = time.monotonic() - killed
        finally:
            second.terminate()
            second.wait()
    finished = await row(reports_app, WebhookDelivery, delivery_id)
    async with session_scope(reports_app.state.sessionmaker) as session:
        attempts = (
            await session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery_id))
        ).all()
        await webhooks.delete(session, org, subscription.id)

    print(f"webhook delivery handed back and delivered {recovery:.1f} s after its worker was killed")
    assert (midway.status, midway.attempts) == ("sending", 1)  # type: ignore[attr-defined]
    assert (finished.status, finished.attempts) == ("delivered", 2)  # type: ignore[attr-defined]
    assert sorted((a.number, a.error or "") for a in attempts) == [
        (1, "no outcome recorded: the worker stopped"),
        (2, ""),
    ]
    assert len(set(received)) == 1  # one message id, whichever call the receiver saw
    assert "re-enqueued webhook deliveries whose jobs were missing or orphaned" in second.output()


async def _stage_is(app: FastAPI, run_id: uuid.UUID, stage: str) -> bool:
    return (await row(app, ImportRun, run_id)).stage == stage  # type: ignore[attr-defined]


async def _status_in(app: FastAPI, model: type, row_id: uuid.UUID, statuses: set[str]) -> bool:
    return (await row(app, model, row_id)).status in statuses  # type: ignore[attr-defined]
