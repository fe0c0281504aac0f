"""An import whose job kills its worker every time (out of memory on the file, say: the process
dies, so no handler of the job runs): the sweeper hands it back after each death and fails it
at the third (DIRECTORY_SWEEP_ORPHANED_LIMIT), saying to send the file again. The death is
simulated as arq leaves it: the import `running` and untouched past the grace period, arq's
in-progress mark on its job still set."""

import uuid
from datetime import timedelta

from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy import delete, update

from services.directory import tasks as directory_tasks
from services.directory.config import DirectorySettings
from services.directory.models.imports import ImportRun
from shared.db import session_scope, utcnow
from tests.conftest import Env

JOB = "directory.import.run"


async def test_an_import_whose_job_kills_its_worker_every_time_fails_at_the_third_death(
    env: Env, directory_app: FastAPI, redis: Redis
) -> None:
    sessionmaker = directory_app.state.sessionmaker
    async with session_scope(sessionmaker) as session:
        run = ImportRun(format="csv", content=b"external_id,name\nx-1,Somebody\n", status="running")
        session.add(run)
    queue_name = f"{env.queue_name}:orphans:{uuid.uuid4().hex[:6]}"
    settings = DirectorySettings(**{**env.settings(), "queue_name": queue_name})
    resources = directory_tasks.Resources(settings, directory_app.state.engine, sessionmaker)
    ctx = {"directory": resources, "redis": directory_app.state.jobs.pool}
    held = f"arq:in-progress:{JOB}:{run.id}"
    seen = []
    try:
        for _ in range(3):
            await redis.set(held, b"1", ex=3600)  # a worker took the job and died holding it
            async with session_scope(sessionmaker) as session:
                old = utcnow() - timedelta(minutes=10)
                await session.execute(update(ImportRun).where(ImportRun.id == run.id).values(updated_at=old))
            await directory_tasks.sweep(ctx)
            async with session_scope(sessionmaker) as session:
                row = await session.get(ImportRun, run.id)
                assert row is not None
            seen.append((row.status, bool(await redis.exists(held))))
    finally:
        await redis.delete(held, f"arq:job:{JOB}:{run.id}", queue_name)
        async with session_scope(sessionmaker) as session:
            await session.execute(delete(ImportRun).where(ImportRun.id == run.id))

    assert seen[:2] == [("running", False)] * 2  # handed back: the dead worker's hold released
    assert seen[2][0] == "failed" and row.finished_at is not None
    assert row.error is not None and row.error.startswith("The import's job stopped its worker 3 times")
    assert "Send the file again" in row.error
