"""Requests while Redis is down (a redis-server of the test's own, killed): reads are answered,
public and keyed (with no key cache: the key is checked by the directory each time), plain
writes too, and a write that asks for a job is accepted and stored; once Redis is back, the
sweeper enqueues its job, so nothing accepted is lost."""

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from services.directory.jobs import IMPORT_RUN
from services.directory.models.imports import ImportRun
from shared.db import session_scope
from shared.jobs import JobQueue, job_id, requeue_stale_runs
from tests.conftest import Env, World, gateway
from tests.processes import OwnRedis
from tests.support.apps import asgi_client

pytestmark = pytest.mark.process


async def _never(run_id: uuid.UUID) -> None:
    raise AssertionError(f"import {run_id} was given up: Redis losing its job is no worker's death")


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
async def directory_on_own_redis(directory_app: FastAPI, own_redis: OwnRedis, env: Env) -> AsyncIterator[FastAPI]:
    """The session's directory, its queue moved to the test's Redis while the test runs."""
    shared_queue = directory_app.state.jobs
    directory_app.state.jobs = JobQueue.connect(own_redis.url, env.queue_name)
    try:
        yield directory_app
    finally:
        await directory_app.state.jobs.close()
        directory_app.state.jobs = shared_queue


async def test_reads_and_writes_are_answered_while_redis_is_down(
    env: Env, world: World, directory_on_own_redis: FastAPI, own_redis: OwnRedis
) -> None:
    directory_app = directory_on_own_redis
    async with gateway(env, {"directory": directory_app}, redis_url=own_redis.url) as gateway_app:
        async with asgi_client(gateway_app, "http://gateway") as client:
            assert (await client.get("/v1/directory/countries/NPL")).status_code == 200  # Redis up
            own_redis.kill()

            public = await client.get("/v1/directory/organisations", params={"country": "NPL"})
            keyed = await client.get(
                f"/v1/directory/organisations/{world.org_a}", headers=world.people["member_a"].headers
            )
            created = await client.post(
                "/v1/directory/organisations",
                json={"name": f"Written without Redis {uuid.uuid4().hex[:6]}", "countries": ["NPL"]},
                headers=world.people["platform_admin"].headers,
            )
            imported = await client.post(
                "/v1/directory/imports",
                content=f"external_id,name,countries\nno-redis-{uuid.uuid4().hex[:6]},Queued Later,NPL\n".encode(),
                headers={**world.people["platform_admin"].headers, "content-type": "text/csv"},
            )

    assert public.status_code == 200, public.text
    assert keyed.status_code == 200, keyed.text
    assert created.status_code == 201, created.text
    assert imported.status_code == 202, imported.text
    run_id = imported.json()["id"]
    async with session_scope(directory_app.state.sessionmaker) as session:
        stored = await session.get(ImportRun, uuid.UUID(run_id))
    assert stored is not None and stored.status == "queued"

    own_redis.start()  # empty: whatever was queued before is gone too
    handed_back = await requeue_stale_runs(
        directory_app.state.sessionmaker,
        directory_app.state.jobs,
        ImportRun,
        IMPORT_RUN,
        queued_after_seconds=0,
        running_after_seconds=120,
        orphaned_limit=3,
        give_up=_never,
    )
    assert handed_back >= 1
    assert await directory_app.state.jobs.pool.exists(f"arq:job:{job_id(IMPORT_RUN, run_id)}")
