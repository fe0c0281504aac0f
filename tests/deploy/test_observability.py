"""The Prometheus metrics an operator reads (docs/operations.md): jobs, queue depth, rate-limit
rejections and route latency, recorded by the real code paths."""

import random
import string
import time
import uuid

import httpx
import pytest
from arq.worker import Retry
from fastapi import FastAPI
from prometheus_client import REGISTRY
from redis.asyncio import Redis

from services.directory.app import create_app as create_directory
from services.directory.config import DirectorySettings
from services.gateway.ratelimit import Policy, RateLimiter
from shared.app import running
from shared.jobs import TaskRegistry
from shared.observability import LATENCY_BUCKETS, sample_queue
from tests.conftest import Env, as_anonymous
from tests.support.apps import asgi_client
from tests.support.ports import free_port


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def job_runs(job: str, outcome: str) -> float:
    return sample("hub_job_duration_seconds_count", job=job, outcome=outcome)


async def test_job_runs_are_counted_by_outcome() -> None:
    registry = TaskRegistry("reports")
    name = f"reports.probe_{''.join(random.choices(string.ascii_lowercase, k=8))}.run"

    @registry.task(name)
    async def probe(ctx: dict, mode: str) -> str:
        if mode == "retry":
            raise Retry(defer=1)
        if mode == "fail":
            raise ValueError("broken")
        return "done"

    run = registry.functions[0].coroutine
    assert await run({}, "ok") == "done"
    with pytest.raises(Retry):
        await run({}, "retry")
    with pytest.raises(ValueError):
        await run({}, "fail")

    assert [job_runs(name, o) for o in ("ok", "retry", "failed", "cancelled")] == [1, 1, 1, 0]
    assert sample("hub_jobs_running", job=name) == 0


async def test_queue_depth_tells_ready_from_deferred_jobs(redis: Redis) -> None:
    queue = f"hub:test:depth:{uuid.uuid4().hex[:8]}"
    now_ms = int(time.time() * 1000)
    await redis.zadd(queue, {"a": now_ms - 1000, "b": now_ms - 10, "later": now_ms + 3_600_000})
    try:
        assert await sample_queue(redis, queue) == (2, 1)
    finally:
        await redis.delete(queue)
    assert sample("hub_queue_jobs", queue=queue, state="ready") == 2
    assert sample("hub_queue_jobs", queue=queue, state="deferred") == 1


async def test_rate_limit_rejections_are_counted_by_policy(redis: Redis) -> None:
    policy = Policy(f"probe{uuid.uuid4().hex[:6]}", burst=2, per_second=0.001)
    limiter = RateLimiter(redis, prefix=f"hub:test:rl:{uuid.uuid4().hex[:8]}")

    decisions = [await limiter.hit("caller", policy) for _ in range(4)]

    assert [d.allowed for d in decisions if d] == [True, True, False, False]
    assert sample("hub_gateway_rate_limited_total", policy=policy.name) == 2


async def test_services_expose_latency_histograms_by_route(directory_app: FastAPI) -> None:
    async with asgi_client(directory_app, "http://directory", signer=as_anonymous()) as client:
        assert (await client.get("/v1/directory/action-groups")).status_code == 200
        exposed = (await client.get("/metrics")).text

    route = 'handler="/v1/directory/action-groups"'
    assert any(line.startswith("http_requests_total{") and route in line for line in exposed.splitlines())
    buckets = {
        line.split('le="')[1].split('"')[0]
        for line in exposed.splitlines()
        if line.startswith("http_request_duration_seconds_bucket{") and route in line
    }
    assert {str(b) for b in LATENCY_BUCKETS} <= buckets
    assert 'handler="/healthz"' not in exposed


async def test_the_gateway_exposes_rate_limit_rejections(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gw") as client:
        exposed = (await client.get("/metrics")).text

    assert "# TYPE hub_gateway_rate_limited_total counter" in exposed


async def test_a_prometheus_port_takes_metrics_off_the_service_port(env: Env) -> None:
    port = free_port()
    settings = DirectorySettings(**{**env.settings(), "environment": "production", "prometheus_port": port})
    async with (
        running(create_directory(settings)) as app,
        asgi_client(app, "http://d", signer=as_anonymous()) as client,
    ):
        assert (await client.get("/v1/directory/action-groups")).status_code == 200
        on_service_port = await client.get("/metrics")
        async with httpx.AsyncClient() as scraper:
            scraped = await scraper.get(f"http://127.0.0.1:{port}/metrics")

    assert on_service_port.status_code == 404
    assert scraped.status_code == 200
    # The process's registry (whichever app of this test process registered the HTTP figures).
    assert "# TYPE http_requests_total counter" in scraped.text
    async with httpx.AsyncClient() as scraper:
        with pytest.raises(httpx.ConnectError):  # stopped with the app
            await scraper.get(f"http://127.0.0.1:{port}/metrics")
