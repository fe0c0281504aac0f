"""SIGTERM on a real worker process: it stops taking jobs, lets a running job finish within
WORKER_SHUTDOWN_WAIT_SECONDS, and hands back (to the queue) a job that does not, which the
next worker runs again. Its metrics port shows the jobs and the queue meanwhile."""

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from arq.connections import ArqRedis, create_pool

from shared.jobs import redis_settings
from tests.conftest import Env
from tests.deploy.worker_process import HOLD
from tests.processes import Process, start, until, wait_for
from tests.support.ports import free_port

pytestmark = pytest.mark.process

WORKER = ["-m", "tests.deploy.worker_process"]


@pytest.fixture
def queue_env(env: Env) -> Env:
    """A queue of its own, so no other test's jobs (or workers) meet these."""
    return Env(env.database_url, env.redis_url, f"{env.queue_name}:shutdown:{uuid.uuid4().hex[:6]}")


@pytest.fixture
async def arq(queue_env: Env) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(redis_settings(queue_env.redis_url), default_queue_name=queue_env.queue_name)
    yield pool
    await pool.delete(queue_env.queue_name)
    await pool.aclose()


@pytest.fixture
def workers() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


def start_worker(queue_env: Env, tmp_path: Path, workers: list[Process], wait_seconds: int, port: int = 0) -> Process:
    log = tmp_path / f"worker-{len(workers)}.log"
    variables = {"WORKER_SHUTDOWN_WAIT_SECONDS": str(wait_seconds), "WORKER_METRICS_PORT": str(port)}
    process = start(WORKER, queue_env, log, **variables)
    workers.append(process)
    return process


async def test_a_running_job_finishes_and_new_jobs_wait_after_sigterm(
    queue_env: Env, arq: ArqRedis, tmp_path: Path, workers: list[Process]
) -> None:
    first, second = f"hub:test:hold:{uuid.uuid4().hex}", f"hub:test:hold:{uuid.uuid4().hex}"
    port = free_port()
    worker = start_worker(queue_env, tmp_path, workers, wait_seconds=60, port=port)
    await arq.enqueue_job(HOLD, first, _job_id=first)
    await until(lambda: arq.exists(f"{first}:started"), "the job to start")
    async with httpx.AsyncClient(timeout=5) as client:
        exposed = (await client.get(f"http://127.0.0.1:{port}/metrics")).text

    worker.terminate()
    wait_for(lambda: "shutdown on SIGTERM" in worker.output(), "the worker to take the signal")
    await arq.enqueue_job(HOLD, second, _job_id=second)
    await arq.rpush(f"{first}:release", 1)
    code = worker.wait()

    assert f'hub_jobs_running{{job="{HOLD}"}} 1.0' in exposed
    assert f'hub_queue_jobs{{queue="{queue_env.queue_name}",state="ready"}}' in exposed
    assert code == 0, worker.output()[-3000:]
    assert await arq.get(f"{first}:finished") == b"1"
    assert await arq.zscore(queue_env.queue_name, first) is None  # done, not handed back
    assert await arq.zscore(queue_env.queue_name, second) is not None  # left for another worker
    assert not await arq.exists(f"{second}:started")


async def test_a_job_still_running_at_the_deadline_is_handed_back_and_run_again(
    queue_env: Env, arq: ArqRedis, tmp_path: Path, workers: list[Process]
) -> None:
    key = f"hub:test:hold:{uuid.uuid4().hex}"
    worker = start_worker(queue_env, tmp_path, workers, wait_seconds=1)
    await arq.enqueue_job(HOLD, key, _job_id=key)
    await until(lambda: arq.exists(f"{key}:started"), "the job to start")

    worker.terminate()
    code = worker.wait()
    handed_back = await arq.zscore(queue_env.queue_name, key)

    await arq.rpush(f"{key}:release", 1)
    successor = start_worker(queue_env, tmp_path, workers, wait_seconds=1)
    await until(lambda: arq.exists(f"{key}:finished"), "the next worker to run the job")
    successor.terminate()
    successor.wait()

    assert code == 0, worker.output()[-3000:]
    assert handed_back is not None
    assert "cancelled, will be run again" in worker.output()
    assert await arq.get(f"{key}:finished") == b"2"  # its second try
