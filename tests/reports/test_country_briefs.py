import uuid
from datetime import timedelta

import httpx
import pytest
from arq import Retry
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy import update

from services.reports import service, tasks
from services.reports.config import ReportsSettings
from services.reports.jobs import COUNTRY_BRIEF_GENERATE
from services.reports.models import CountryBriefRun
from shared.db import session_scope, utcnow
from shared.http import create_client
from shared.jobs import JobQueue, job_id
from tests.conftest import Env, RunWorker


async def request_brief(reports: httpx.AsyncClient, country: str = "NPL") -> dict:
    response = await reports.post("/v1/reports/country-briefs", json={"country": country})
    assert response.status_code == 202, response.text
    return response.json()


async def test_request_is_accepted_queued_and_enqueued(reports: httpx.AsyncClient, redis: Redis, env: Env) -> None:
    response = await reports.post("/v1/reports/country-briefs", json={"country": "npl"})

    assert response.status_code == 202
    run = response.json()
    assert run["status"] == "queued" and run["country"] == "NPL"
    assert response.headers["location"] == f"/v1/reports/country-briefs/{run['id']}"
    queued = await redis.zrange(env.queue_name, 0, -1)
    assert job_id(COUNTRY_BRIEF_GENERATE, run["id"]).encode() in queued


async def test_worker_runs_the_brief_to_done(reports: httpx.AsyncClient, run_worker: RunWorker) -> None:
    run = await request_brief(reports, "FJI")

    worker = await run_worker()

    assert worker.jobs_complete >= 1
    done = (await reports.get(f"/v1/reports/country-briefs/{run['id']}")).json()
    assert done["status"] == "done" and done["progress"] == {"stage": "done", "percent": 100}
    assert done["result"]["country"]["name"] == "Fiji"
    assert done["result"]["pathfinder"] == {
        "is_pathfinder": True,
        "planning_workshop": "2019-05-16",
        "roadmap_adopted_on": None,
    }
    assert done["result"]["sources"][0]["resource"] == "/v1/directory/countries/FJI"


async def test_unknown_country_is_refused_and_nothing_is_stored(
    reports: httpx.AsyncClient, redis: Redis, env: Env
) -> None:
    before = await redis.zcard(env.queue_name)

    response = await reports.post("/v1/reports/country-briefs", json={"country": "XYZ"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "country", "reason": "not an ISO 3166-1 alpha-3 code known to the directory"}
    ]
    assert await redis.zcard(env.queue_name) == before


async def test_malformed_country_is_a_field_error(reports: httpx.AsyncClient) -> None:
    response = await reports.post("/v1/reports/country-briefs", json={"country": "Nepal"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "country"


async def test_unknown_run_is_404(reports: httpx.AsyncClient) -> None:
    assert (await reports.get(f"/v1/reports/country-briefs/{uuid.uuid4()}")).status_code == 404


async def test_running_a_finished_job_again_changes_nothing(
    reports: httpx.AsyncClient, reports_app: FastAPI, run_worker: RunWorker, env: Env
) -> None:
    run = await request_brief(reports)
    await run_worker()
    first = (await reports.get(f"/v1/reports/country-briefs/{run['id']}")).json()

    resources = tasks.Resources.open(ReportsSettings(**env.settings()), dict(reports_app.state.clients))
    outcome = await tasks.generate_country_brief({"reports": resources, "job_try": 2}, run["id"])

    assert outcome == "done"
    assert (await reports.get(f"/v1/reports/country-briefs/{run['id']}")).json() == first


async def test_sweeper_re_enqueues_a_run_whose_job_redis_lost(
    reports: httpx.AsyncClient, reports_app: FastAPI, redis: Redis, env: Env, run_worker: RunWorker
) -> None:
    run = await request_brief(reports, "UGA")
    lost = job_id(COUNTRY_BRIEF_GENERATE, run["id"])
    # Redis loses the job (a restart without persistence, a flush, a failover).
    await redis.zrem(env.queue_name, lost)
    await redis.delete(f"arq:job:{lost}")
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(
            update(CountryBriefRun)
            .where(CountryBriefRun.id == uuid.UUID(run["id"]))
            .values(updated_at=utcnow() - timedelta(minutes=5))
        )
    jobs = JobQueue(reports_app.state.jobs.pool, env.queue_name)

    requeued = await service.sweep_unfinished_runs(
        reports_app.state.sessionmaker, jobs, queued_after_seconds=30, running_after_seconds=600
    )

    assert requeued >= 1
    assert lost.encode() in await redis.zrange(env.queue_name, 0, -1)
    again = await service.sweep_unfinished_runs(
        reports_app.state.sessionmaker, jobs, queued_after_seconds=30, running_after_seconds=600
    )
    assert again == 0  # the job exists now: the deterministic id keeps it single
    await run_worker()
    assert (await reports.get(f"/v1/reports/country-briefs/{run['id']}")).json()["status"] == "done"


async def test_sweeper_leaves_fresh_queued_runs_alone(
    reports: httpx.AsyncClient, reports_app: FastAPI, redis: Redis, env: Env
) -> None:
    run = await request_brief(reports)
    await redis.zrem(env.queue_name, job_id(COUNTRY_BRIEF_GENERATE, run["id"]))
    await redis.delete(f"arq:job:{job_id(COUNTRY_BRIEF_GENERATE, run['id'])}")

    requeued = await service.sweep_unfinished_runs(
        reports_app.state.sessionmaker,
        JobQueue(reports_app.state.jobs.pool, env.queue_name),
        queued_after_seconds=3600,
        running_after_seconds=3600,
    )

    assert requeued == 0  # younger than the grace period: its enqueue may still be in flight


async def test_unreachable_directory_is_retried_then_the_run_fails(
    reports: httpx.AsyncClient, reports_app: FastAPI, env: Env
) -> None:
    run = await request_brief(reports, "CHL")
    http = create_client("http://127.0.0.1:1", timeout=1)
    resources = tasks.Resources.open(ReportsSettings(**env.settings()), {"directory": http})
    try:
        with pytest.raises(Retry):
            await tasks.generate_country_brief({"reports": resources, "job_try": 1}, run["id"])
        waiting = (await reports.get(f"/v1/reports/country-briefs/{run['id']}")).json()
        outcome = await tasks.generate_country_brief(
            {"reports": resources, "job_try": tasks.COUNTRY_BRIEF_MAX_TRIES}, run["id"]
        )
    finally:
        await http.aclose()

    assert waiting["status"] == "running" and waiting["progress"]["stage"].startswith("waiting to retry")
    failed = (await reports.get(f"/v1/reports/country-briefs/{run['id']}")).json()
    assert outcome == "failed"
    assert failed["status"] == "failed" and "unreachable" in failed["error"]
    assert failed["attempts"] == 2
