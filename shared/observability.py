"""Prometheus metrics: HTTP requests, jobs, the queue and rate limits. Every metric the
platform exposes is listed in docs/operations.md.

HTTP metrics (request rate, latency by route, errors) come from `HTTPMetricsMiddleware`, set
up in `shared/app.py` with `instrument_app`. The worker serves these job and queue metrics on its own port (`serve_metrics`), and so does a
service given a `<SERVICE>_PROMETHEUS_PORT`."""

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any
from wsgiref.simple_server import WSGIServer

from arq.worker import Retry
from fastapi import FastAPI
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    Summary,
    generate_latest,
    start_http_server,
)
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("hub.observability")

# Route latency buckets, in seconds: searches answer in tens of milliseconds, aggregates over
# millions of observations in about a second (docs/performance.md).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Job durations run from a sweep (milliseconds) to a million-row batch (minutes).
JOB_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)

JOB_DURATION = Histogram(
    "hub_job_duration_seconds",
    "Time one run of a job took, by job name and outcome (ok, retry, failed, cancelled).",
    ["job", "outcome"],
    buckets=JOB_BUCKETS,
)
JOBS_RUNNING = Gauge("hub_jobs_running", "Jobs this worker process is running now.", ["job"])
QUEUE_JOBS = Gauge(
    "hub_queue_jobs",
    "Jobs waiting in the arq queue: ready to run now, or deferred to a later time (retries, crons).",
    ["queue", "state"],
)
RATE_LIMITED = Counter(
    "hub_gateway_rate_limited_total", "Requests the gateway refused with 429, by rate-limit policy.", ["policy"]
)


# The names and labels prometheus-fastapi-instrumentator used, so dashboards and alerts read on.
HTTP_REQUESTS = Counter(
    "http_requests_total", "Requests by route template, method and status class.", ["handler", "method", "status"]
)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds",
    "Time to answer, by route template and method.",
    ["handler", "method"],
    buckets=LATENCY_BUCKETS,
)
HTTP_DURATION_HIGHR = Histogram(
    "http_request_duration_highr_seconds",
    "Time to answer any request, in fine buckets.",
    buckets=(0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0, 30.0),
)
HTTP_REQUEST_SIZE = Summary("http_request_size_bytes", "Request bodies (Content-Length), by route.", ["handler"])
HTTP_RESPONSE_SIZE = Summary("http_response_size_bytes", "Answer bodies, by route.", ["handler"])
NOT_COUNTED = {"/metrics", "/healthz", "/readyz"}  # probes and scrapes


class HTTPMetricsMiddleware:
    """Counts each request under the template of the route that answered it, which the router
    leaves in the scope: no second matching of the path against every route (what the
    instrumentator did, a tenth of a simple read's CPU)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in NOT_COUNTED:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        answer = {"status": 500, "size": 0}

        async def measuring(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["size"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, measuring)
        finally:
            route = scope.get("route")
            handler = getattr(route, "path", None) or "none"
            elapsed = time.perf_counter() - started
            requests, duration, request_size, response_size = _series(handler, scope["method"], answer["status"] // 100)
            requests.inc()
            duration.observe(elapsed)
            HTTP_DURATION_HIGHR.observe(elapsed)
            length = next((v for k, v in scope["headers"] if k == b"content-length"), b"0")
            request_size.observe(int(length) if length.isdigit() else 0)
            response_size.observe(answer["size"])


@functools.lru_cache(maxsize=4096)
def _series(handler: str, method: str, status_class: int) -> tuple[Any, Any, Any, Any]:
    """The labelled series of one route, method and status class, looked up once (route
    templates and methods are few; the lookup took a lock and a dictionary per metric)."""
    return (
        HTTP_REQUESTS.labels(handler, method, f"{status_class}xx"),
        HTTP_DURATION.labels(handler, method),
        HTTP_REQUEST_SIZE.labels(handler),
        HTTP_RESPONSE_SIZE.labels(handler),
    )


def instrument_app(app: FastAPI, *, expose: bool) -> None:
    """Request count, latency histogram and sizes by route template, and with `expose`,
    `/metrics` to scrape them on the app's own port. Probes are left out of the figures."""
    app.add_middleware(HTTPMetricsMiddleware)
    if expose:

        @app.get("/metrics", include_in_schema=False)
        async def metrics() -> Response:
            return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


def _outcome(exc: BaseException | None) -> str:
    if exc is None:
        return "ok"
    if isinstance(exc, Retry):
        return "retry"
    if isinstance(exc, asyncio.CancelledError):
        return "cancelled"  # timed out, or handed back on shutdown
    return "failed"


async def timed_job(name: str, run: Callable[[], Awaitable[Any]]) -> Any:
    """Run one job, recording its duration and outcome."""
    started = time.perf_counter()
    raised: BaseException | None = None
    JOBS_RUNNING.labels(name).inc()
    try:
        return await run()
    except BaseException as exc:
        raised = exc
        raise
    finally:
        JOBS_RUNNING.labels(name).dec()
        JOB_DURATION.labels(name, _outcome(raised)).observe(time.perf_counter() - started)


async def sample_queue(redis: Any, queue: str) -> tuple[int, int]:
    """(ready, deferred) jobs in an arq queue: a sorted set scored by the time, in
    milliseconds, from which each job may run."""
    now_ms = int(time.time() * 1000)
    async with redis.pipeline(transaction=False) as pipe:
        pipe.zcount(queue, "-inf", now_ms)
        pipe.zcount(queue, f"({now_ms}", "+inf")
        ready, deferred = await pipe.execute()
    QUEUE_JOBS.labels(queue, "ready").set(ready)
    QUEUE_JOBS.labels(queue, "deferred").set(deferred)
    return ready, deferred


def start_queue_sampler(redis: Any, queue: str, every_seconds: float = 5.0) -> asyncio.Task[None]:
    """Keep `hub_queue_jobs` current until the returned task is cancelled."""

    async def loop() -> None:
        while True:
            try:
                await sample_queue(redis, queue)
            except Exception as exc:  # noqa: BLE001 - a missed sample must not stop the worker
                log.warning("queue depth not sampled: %s", type(exc).__name__)
            await asyncio.sleep(every_seconds)

    return asyncio.create_task(loop(), name="hub-queue-sampler")


async def stop_task(task: asyncio.Task[Any] | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def serve_metrics(host: str, port: int) -> WSGIServer | None:
    """Serve the default registry at http://host:port/metrics from a background thread, until
    the returned server is shut down. A port already taken is logged, not fatal: metrics must
    not stop the jobs or the API."""
    if not port:
        return None
    try:
        server, _ = start_http_server(port, addr=host)
    except OSError as exc:
        log.warning("metrics not served on %s:%s: %s", host, port, exc)
        return None
    log.info("metrics served", extra={"address": f"http://{host}:{port}/metrics"})
    return server
