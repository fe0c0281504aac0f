import pytest
from redis.asyncio import Redis

from shared.jobs import JobQueue, TaskRegistry, job_id
from tests.conftest import Env


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
