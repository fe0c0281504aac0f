"""A report whose job kills its worker every time (out of memory while rendering, say: the process
dies, so no handler of the job runs). The sweeper hands it back after each death, and fails it
at the third (REPORTS_SWEEP_ORPHANED_LIMIT) as any failed run fails: `report.failed` to the
requester's webhooks (while it is a member of the coalition), and the reason on the run. A job that Redis lost is no death and is
handed back however often it is lost. The worker's death is simulated as arq leaves it: the
run `running` and untouched past the grace period, arq's in-progress mark on its job still set."""

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy import delete, select, update

from services.reports import tasks as reports_tasks
from services.reports.config import ReportsSettings
from services.reports.models.runs import ReportRun
from services.reports.models.webhooks import WebhookDelivery, WebhookSubscription
from shared.db import session_scope, utcnow
from tests.conftest import Env, World, as_service
from tests.support.apps import asgi_client

JOB = "reports.report.generate"
LONG_AGO = timedelta(minutes=10)  # past the default running grace period (120 s)


@pytest.fixture
async def sweeper(
    env: Env, reports_app: FastAPI, directory_app: FastAPI, redis: Redis
) -> AsyncIterator[dict[str, Any]]:
    """A reports worker's context on a queue of its own (what it hands back runs nowhere), its
    way to the directory in process."""
    queue_name = f"{env.queue_name}:orphans:{uuid.uuid4().hex[:6]}"
    directory = asgi_client(directory_app, "http://directory", signer=as_service("reports"))
    settings = ReportsSettings(**{**env.settings(), "queue_name": queue_name})
    resources = reports_tasks.Resources.open(settings, {"directory": directory})
    try:
        yield {"reports": resources, "redis": reports_app.state.jobs.pool, "queue": queue_name}
    finally:
        await redis.delete(queue_name)
        await resources.close()


async def _run(
    reports_app: FastAPI, status: str, requester_org: uuid.UUID | None = None, coalition: uuid.UUID | None = None
) -> uuid.UUID:
    async with session_scope(reports_app.state.sessionmaker) as session:
        run = ReportRun(
            country="TLS",
            period="2024",
            coalition_id=coalition or uuid.uuid4(),
            template="accountability-shadow-report",
            language="en",
            requester_org=requester_org,
            status=status,
        )
        session.add(run)
    return run.id


async def _untouched(reports_app: FastAPI, run_id: uuid.UUID, status: str) -> None:
    """The run as a worker that took its job leaves it (or as Redis losing a queued job does)."""
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(
            update(ReportRun).where(ReportRun.id == run_id).values(status=status, updated_at=utcnow() - LONG_AGO)
        )


async def _row(reports_app: FastAPI, run_id: uuid.UUID) -> ReportRun:
    async with session_scope(reports_app.state.sessionmaker) as session:
        run = await session.get(ReportRun, run_id)
        assert run is not None
        return run


async def _forget(reports_app: FastAPI, redis: Redis, *runs: uuid.UUID) -> None:
    for run_id in runs:
        await redis.delete(f"arq:job:{JOB}:{run_id}", f"arq:in-progress:{JOB}:{run_id}")
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(delete(ReportRun).where(ReportRun.id.in_(runs)))


async def test_a_run_whose_job_kills_its_worker_every_time_fails_at_the_third_death(
    reports_app: FastAPI, redis: Redis, sweeper: dict[str, Any], world: World
) -> None:
    org = world.org_a  # an active member of the run's coalition
    async with session_scope(reports_app.state.sessionmaker) as session:
        hook = WebhookSubscription(
            organisation_id=org, url="https://93.184.215.14/hooks", events=["report.failed"], secret="s" * 32
        )
        session.add(hook)
    run_id = await _run(reports_app, "running", requester_org=org, coalition=world.coalition)
    held = f"arq:in-progress:{JOB}:{run_id}"
    seen = []
    try:
        for _ in range(3):
            # A worker took the job and died holding it.
            await redis.set(held, b"1", ex=3600)
            await _untouched(reports_app, run_id, "running")
            await reports_tasks.sweep_reports(sweeper)
            run = await _row(reports_app, run_id)
            queued = await redis.zscore(sweeper["queue"], f"{JOB}:{run_id}")
            seen.append((run.status, bool(await redis.exists(held)), queued is not None))
        async with session_scope(reports_app.state.sessionmaker) as session:
            events = (
                await session.scalars(select(WebhookDelivery.event).where(WebhookDelivery.subscription_id == hook.id))
            ).all()
        failed = await _row(reports_app, run_id)
        await reports_tasks.sweep_reports(sweeper)  # a failed run is no longer the sweeper's
        after = await _row(reports_app, run_id)
    finally:
        await _forget(reports_app, redis, run_id)
        async with session_scope(reports_app.state.sessionmaker) as session:
            await session.execute(delete(WebhookDelivery).where(WebhookDelivery.subscription_id == hook.id))
            await session.execute(delete(WebhookSubscription).where(WebhookSubscription.id == hook.id))

    # Handed back twice (the dead worker's hold released, the job queued), then failed.
    assert seen[:2] == [("running", False, True)] * 2
    assert seen[2][0] == "failed"
    assert failed.error is not None and failed.error.startswith("The report's job stopped its worker 3 times")
    assert "Request the report again" in failed.error
    assert failed.finished_at is not None and failed.html is None and failed.document is None
    assert events == ["report.failed"]
    assert (after.status, after.updated_at) == ("failed", failed.updated_at)


async def test_a_job_redis_loses_again_and_again_is_handed_back_every_time(
    reports_app: FastAPI, redis: Redis, sweeper: dict[str, Any]
) -> None:
    """Queued with no job in Redis, or running with no worker holding its job (an attempt that
    ended in an outage, or one handed back at a worker's orderly shutdown): no worker died, so
    nothing is counted, however often it happens."""
    lost, unheld = await _run(reports_app, "queued"), await _run(reports_app, "running")
    outcomes = []
    try:
        for _ in range(5):
            for run_id in (lost, unheld):
                await redis.delete(f"arq:job:{JOB}:{run_id}")
                await redis.zrem(sweeper["queue"], f"{JOB}:{run_id}")
            await _untouched(reports_app, lost, "queued")
            await _untouched(reports_app, unheld, "running")
            await reports_tasks.sweep_reports(sweeper)
            queued = {m.decode() for m in await redis.zrange(sweeper["queue"], 0, -1)}
            rows = [await _row(reports_app, r) for r in (lost, unheld)]
            outcomes.append(([r.status for r in rows], {f"{JOB}:{lost}", f"{JOB}:{unheld}"} <= queued))
    finally:
        await _forget(reports_app, redis, lost, unheld)

    assert outcomes == [(["queued", "running"], True)] * 5


async def test_a_run_whose_job_overruns_its_time_limit_ends_failed_with_the_reason(
    reports_app: FastAPI, redis: Redis, sweeper: dict[str, Any]
) -> None:
    """Past its limit the job is stopped by its registry, which hands the run to the report's
    failure path: left `running`, the run would be handed back and overrun again without end."""
    [job] = [f for f in reports_tasks.registry.functions if f.name == JOB]
    run_id = await _run(reports_app, "running")
    try:
        await reports_tasks.fail_report(
            sweeper, str(run_id), reason="The job was stopped after running for 15 minutes."
        )
        run = await _row(reports_app, run_id)
    finally:
        await _forget(reports_app, redis, run_id)

    assert job.timeout_s is not None and job.timeout_s > 900  # arq cancels only after the registry's limit
    assert (run.status, run.error) == ("failed", "The job was stopped after running for 15 minutes.")
