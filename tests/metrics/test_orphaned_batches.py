"""A large batch whose job kills its worker every time (out of memory on the file, say: the
process dies, so no handler of the job runs): the sweeper hands it back after each death and
fails it at the third (METRICS_SWEEP_ORPHANED_LIMIT), nothing applied, saying to send the file
again. The death is simulated as arq leaves it: the batch `running` and untouched past the grace
period, arq's in-progress mark on its job still set."""

import hashlib
import uuid
from datetime import timedelta

from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy import delete, update

from services.metrics import tasks as metrics_tasks
from services.metrics.config import MetricsSettings
from services.metrics.models.batches import Batch
from shared.db import session_scope, utcnow
from tests.conftest import Env

JOB = "metrics.batch.apply"
CONTENT = b"indicator,country,period,value,visibility\nnone-such,GHA,2024,1,public\n"


async def test_a_batch_whose_job_kills_its_worker_every_time_fails_at_the_third_death(
    env: Env, metrics_app: FastAPI, redis: Redis
) -> None:
    org = uuid.uuid4()
    async with session_scope(metrics_app.state.sessionmaker) as session:
        batch = Batch(
            organisation_id=org,
            content_sha256=hashlib.sha256(CONTENT).hexdigest(),
            format="csv",
            content=CONTENT,
            status="running",
        )
        session.add(batch)
    queue_name = f"{env.queue_name}:orphans:{uuid.uuid4().hex[:6]}"
    resources = metrics_tasks.Resources.open(MetricsSettings(**{**env.settings(), "queue_name": queue_name}))
    ctx = {"metrics": resources, "redis": metrics_app.state.jobs.pool}
    held = f"arq:in-progress:{JOB}:{batch.id}"
    seen = []
    try:
        for _ in range(3):
            await redis.set(held, b"1", ex=3600)  # a worker took the job and died holding it
            async with session_scope(metrics_app.state.sessionmaker) as session:
                old = utcnow() - timedelta(minutes=10)
                await session.execute(update(Batch).where(Batch.id == batch.id).values(updated_at=old))
            await metrics_tasks.sweep_batches(ctx)
            async with session_scope(metrics_app.state.sessionmaker) as session:
                row = await session.get(Batch, batch.id)
                assert row is not None
            seen.append((row.status, bool(await redis.exists(held))))
    finally:
        await redis.delete(held, f"arq:job:{JOB}:{batch.id}", queue_name)
        await resources.close()
        async with session_scope(metrics_app.state.sessionmaker) as session:
            await session.execute(delete(Batch).where(Batch.id == batch.id))

    assert seen[:2] == [("running", False)] * 2  # handed back: the dead worker's hold released
    assert seen[2][0] == "failed" and row.finished_at is not None
    [error] = row.errors
    assert error["reason"].startswith("The batch's job stopped its worker 3 times")
    assert "Nothing was applied; send the file again" in error["reason"]
    assert row.content is None  # the file is not kept: the batch is over
