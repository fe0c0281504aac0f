import asyncio
import logging
import uuid
from datetime import timedelta
from typing import Any

import pytest
from arq.constants import in_progress_key_prefix, result_key_prefix
from arq.worker import Retry, Worker
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy import delete, update

from services.reports.models.runs import ReportRun
from shared.db import session_scope, utcnow
from shared.errors import PeerUnavailable, UpstreamTimeout
from shared.jobs import Ctx, JobQueue, TaskRegistry, job_id, keep_alive, redis_settings, requeue_stale_runs
from shared.logging import QuietJobs
from tests.conftest import Env

TEMPLATE = "accountability-shadow-report"


@pytest.mark.parametrize("name", ["reports.generate", "reports.Brief.run", "metrics.brief.run", "reports..run"])
def test_job_names_must_be_service_noun_verb(name: str) -> None:
    registry = TaskRegistry("reports")

    with pytest.raises(ValueError, match="reports.<noun>.<verb>"):
        registry.task(name)


def test_a_job_name_is_registered_once() -> None:
    registry = TaskRegistry("reports")

    @registry.task("reports.thing.make")
    async def make(ctx: dict, thing_id: str) -> None: ...

    with pytest.raises(ValueError, match="twice"):
        registry.task("reports.thing.make")
    assert [f.name for f in registry.functions] == ["reports.thing.make"]


async def test_enqueue_with_the_same_ids_queues_one_job(env: Env, redis: Redis) -> None:
    queue = JobQueue.connect(env.redis_url, env.queue_name)
    try:
        first = await queue.enqueue("reports.thing.make", "abc-1")
        second = await queue.enqueue("reports.thing.make", "abc-1")
    finally:
        await redis.zrem(env.queue_name, job_id("reports.thing.make", "abc-1"))
        await redis.delete(f"arq:job:{job_id('reports.thing.make', 'abc-1')}")
        await queue.close()

    assert (first, second) == (True, False)


async def test_enqueue_refuses_a_malformed_name(env: Env) -> None:
    queue = JobQueue.connect(env.redis_url, env.queue_name)
    try:
        with pytest.raises(ValueError):
            await queue.enqueue("not a job")
    finally:
        await queue.close()


async def _stale_run(app: FastAPI, status: str) -> uuid.UUID:
    async with session_scope(app.state.sessionmaker) as session:
        run = ReportRun(country="TLS", period="2024", coalition_id=uuid.uuid4(), template=TEMPLATE, language="en")
        run.status = status
        session.add(run)
        await session.flush()
        await session.execute(
            update(ReportRun).where(ReportRun.id == run.id).values(updated_at=utcnow() - timedelta(seconds=60))
        )
        return run.id


async def _others_fresh(sessionmaker: Any) -> None:
    """Runs other tests left unfinished in this database are not stale while a test sweeps: it
    counts what the sweeper hands back, which must be its own runs alone."""
    async with session_scope(sessionmaker) as session:
        await session.execute(
            update(ReportRun).where(ReportRun.status.in_(["queued", "running"])).values(updated_at=utcnow())
        )


async def _never(run_id: uuid.UUID) -> None:
    raise AssertionError(f"run {run_id} was given up, having been orphaned once at most")


async def _touched(sessionmaker: Any, run: uuid.UUID) -> None:
    for _ in range(600):
        async with session_scope(sessionmaker) as session:
            if (await session.get(ReportRun, run)).updated_at > utcnow() - timedelta(seconds=10):
                return
        await asyncio.sleep(0.05)
    raise AssertionError("the run was never touched")


async def test_the_sweeper_hands_back_dead_runs_not_live_ones_and_each_once(
    env: Env, redis: Redis, reports_app: FastAPI
) -> None:
    sessionmaker = reports_app.state.sessionmaker
    queue = JobQueue.connect(env.redis_url, f"{env.queue_name}:sweeper")
    name = "reports.report.generate"
    await _others_fresh(sessionmaker)
    alive, dead, waiting = [await _stale_run(reports_app, s) for s in ("running", "running", "queued")]
    held = {run: in_progress_key_prefix + job_id(name, str(run)) for run in (alive, dead)}
    for key in held.values():
        await redis.set(key, b"1", ex=60)  # what arq leaves for a started job
    grace = {"queued_after_seconds": 30, "running_after_seconds": 30, "orphaned_limit": 3, "give_up": _never}
    try:
        async with keep_alive(sessionmaker, ReportRun, alive, every_seconds=0.05):
            await _touched(sessionmaker, alive)  # the first beat is in (a loaded machine may take a while)
            handed_back = await asyncio.gather(
                *(requeue_stale_runs(sessionmaker, queue, ReportRun, name, **grace) for _ in range(3))
            )
        queued = {m.decode() for m in await redis.zrange(queue.queue_name, 0, -1)}
        kept = await redis.exists(held[alive])
        released = await redis.exists(held[dead])
    finally:
        for run in (alive, dead, waiting):
            await redis.delete(held.get(run, ""), f"arq:job:{job_id(name, str(run))}")
        await redis.delete(queue.queue_name)
        async with session_scope(sessionmaker) as session:
            await session.execute(delete(ReportRun).where(ReportRun.id.in_([alive, dead, waiting])))
        await queue.close()

    # Three sweepers at once, claiming rows with SKIP LOCKED: between them, each stale run handed
    # back once (one sweeper may take both, or two one each, as the machine's load has it).
    assert sum(handed_back) == 2
    assert queued == {job_id(name, str(dead)), job_id(name, str(waiting))}
    assert (kept, released) == (1, 0)


async def test_a_job_that_fails_on_its_own_ends_its_run_failed_and_an_outage_is_retried() -> None:
    registry, failed = TaskRegistry("reports"), []

    async def fail(ctx: dict, thing_id: str, *, reason: str) -> None:
        failed.append((thing_id, reason))

    @registry.task("reports.thing.make", max_tries=3, on_failure=fail)
    async def make(ctx: dict, thing_id: str) -> None:
        raise ctx["error"]

    [job] = registry.functions
    with pytest.raises(ConnectionRefusedError):  # an outage on the last try: left to the sweeper
        await job.coroutine({"error": ConnectionRefusedError(), "job_try": 3}, "t1")
    with pytest.raises(Retry) as retry:  # an outage before it: retried with backoff
        await job.coroutine({"error": ConnectionRefusedError(), "job_try": 2}, "t1")
    assert retry.value.defer_score == 4000 and failed == []
    for peer_down in (PeerUnavailable("the directory is unreachable"), UpstreamTimeout("too slow")):
        with pytest.raises(Retry):  # a peer service down or slow is an outage too, not the run's failure
            await job.coroutine({"error": peer_down, "job_try": 1}, "t1")
    assert failed == []
    with pytest.raises(KeyError):  # anything else: the run ends failed, with a reason to read
        await job.coroutine({"error": KeyError("x"), "job_try": 1}, "t2", request_id="req-1")
    assert failed == [
        ("t2", "The job stopped on an unexpected error; nothing was applied. It is logged under request id req-1.")
    ]


async def test_a_job_past_its_time_limit_ends_its_run_failed_before_arq_cancels_it() -> None:
    """Cancelled by arq at its limit, the job would leave its run `running`; the sweeper would
    hand it back, and it would overrun again, without end."""
    registry, failed = TaskRegistry("reports"), []

    async def fail(ctx: dict, thing_id: str, *, reason: str) -> None:
        failed.append((thing_id, reason))

    @registry.task("reports.thing.make", timeout_seconds=1, on_failure=fail)
    async def make(ctx: dict, thing_id: str) -> None:
        await asyncio.sleep(30)

    [job] = registry.functions
    with pytest.raises(Exception, match="ran past its limit of 1 s"):
        await asyncio.wait_for(job.coroutine({"job_try": 1}, "t1", request_id="req-2"), 10)

    assert job.timeout_s is not None and job.timeout_s > 1  # arq's limit comes after the job's
    assert failed == [
        ("t1", "The job was stopped after running for its limit of 1 second; nothing was applied. "
               "It is logged under request id req-2.")
    ]  # fmt: skip


async def test_a_run_handed_back_is_enqueued_again_despite_an_earlier_attempts_result(
    env: Env, redis: Redis, reports_app: FastAPI
) -> None:
    """arq keeps an ended job's result for an hour and refuses its id meanwhile: a run whose
    attempt failed during an outage must still be enqueued by the sweeper."""
    sessionmaker = reports_app.state.sessionmaker
    queue = JobQueue.connect(env.redis_url, f"{env.queue_name}:stale-result")
    name = "reports.report.generate"
    await _others_fresh(sessionmaker)
    run = await _stale_run(reports_app, "queued")
    key = job_id(name, str(run))
    await redis.set(result_key_prefix + key, b"an earlier attempt's result", ex=3600)
    try:
        refused = await queue.enqueue(name, str(run))
        handed_back = await requeue_stale_runs(
            sessionmaker,
            queue,
            ReportRun,
            name,
            queued_after_seconds=30,
            running_after_seconds=30,
            orphaned_limit=3,
            give_up=_never,
        )
        queued = {m.decode() for m in await redis.zrange(queue.queue_name, 0, -1)}
    finally:
        await redis.delete(result_key_prefix + key, f"arq:job:{key}", queue.queue_name)
        async with session_scope(sessionmaker) as session:
            await session.execute(delete(ReportRun).where(ReportRun.id == run))
        await queue.close()

    assert refused is False  # what the sweeper met before
    assert handed_back == 1 and queued == {key}


async def test_a_worker_logs_its_jobs_but_not_its_sweeps(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    """arq's start and finish lines of a periodic sweep are left out of the log; a job's stay."""
    registry = TaskRegistry("hub")
    ran: list[str] = []

    @registry.cron("hub.quiet.sweep", every_seconds=30)
    async def sweep(ctx: Ctx) -> None:
        ran.append("sweep")

    @registry.task("hub.loud.apply")
    async def apply(ctx: Ctx, tag: str) -> None:
        ran.append("apply")

    worker = Worker(
        functions=registry.functions,
        cron_jobs=registry.cron_jobs,
        redis_settings=redis_settings(env.redis_url),
        queue_name=env.queue_name,
        burst=True,
        poll_delay=0.01,
        handle_signals=False,
    )
    quiet = QuietJobs({c.name for c in registry.cron_jobs})
    logging.getLogger("arq.worker").addFilter(quiet)
    try:
        queue = JobQueue.connect(env.redis_url, env.queue_name)
        await queue.enqueue("hub.loud.apply", uuid.uuid4().hex)  # a job id of this run's own
        await queue.pool.aclose()
        with caplog.at_level(logging.INFO, logger="arq.worker"):
            await worker.main()
    finally:
        logging.getLogger("arq.worker").removeFilter(quiet)
        await worker.close()

    said = [r.getMessage() for r in caplog.records if r.name == "arq.worker"]
    # arq's start (→) and finish (←) lines of each job it ran
    lines = {(job, mark) for line in said for job in ("hub.loud.apply", "hub.quiet.sweep") for mark in "→←"
             if f"{mark} {job}" in line}  # fmt: skip
    # The sweep runs at start, and again if the run crosses one of its 30-second marks.
    assert ran.count("apply") == 1 and ran.count("sweep") >= 1, ran
    assert lines == {("hub.loud.apply", "→"), ("hub.loud.apply", "←")}, said
