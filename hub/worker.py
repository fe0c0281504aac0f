"""The arq worker: every service's jobs and crons on one queue."""

import asyncio
import logging
from typing import Any

from arq.connections import create_pool
from arq.worker import Worker
from pydantic import Field
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.exceptions import WatchError

from hub import heap
from services.directory.tasks import registry as directory_registry
from services.metrics.tasks import registry as metrics_registry
from services.reports.tasks import registry as reports_registry
from shared.jobs import Ctx, TaskRegistry, redis_settings
from shared.logging import QuietJobs, configure_logging
from shared.observability import serve_metrics, start_queue_sampler, stop_task
from shared.settings import MAX_JOBS, CommonSettings, WorkerMetricsSettings

REGISTRIES: list[TaskRegistry] = [directory_registry, metrics_registry, reports_registry]
# redis-py reports a connection lost while watching a key (arq's job claim) as a WatchError.
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, WatchError, OSError)
MAX_BACKOFF_SECONDS = 5.0
log = logging.getLogger("hub.worker")


class ResilientWorker(Worker):
    """arq's worker, riding out a Redis outage instead of exiting: it waits for Redis at start,
    and a poll that cannot reach Redis waits (0.5, 1, 2 … 5 s) and polls again. Running jobs go
    on (their state is in PostgreSQL); a job whose result could not be written is run again once
    its in-progress mark expires, or handed back by its sweeper, as any lost job."""

    _outage_since: float | None = None
    _delay = 0.5

    async def main(self) -> None:
        delay = 0.5
        while self._pool is None:
            try:
                self._pool = await create_pool(
                    self.redis_settings,
                    job_deserializer=self.job_deserializer,
                    job_serializer=self.job_serializer,
                    default_queue_name=self.queue_name,
                    expires_extra_ms=self.expires_extra_ms,
                )
            except REDIS_DOWN as exc:
                log.warning("Redis unreachable at start; waiting", extra={"error": type(exc).__name__, "wait": delay})
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        await super().main()

    async def _poll_iteration(self) -> None:
        try:
            await super()._poll_iteration()
        except REDIS_DOWN as exc:
            await self._wait_out(exc)
            return
        if self._outage_since is not None:
            log.warning("Redis is back; polling again", extra={"outage_seconds": round(self._elapsed(), 1)})
            self._outage_since, self._delay = None, 0.5

    async def _wait_out(self, exc: BaseException) -> None:
        if self._outage_since is None:
            self._outage_since = self.loop.time()
            log.error("Redis unreachable; the worker waits for it", extra={"error": type(exc).__name__})
        await asyncio.sleep(self._delay)
        self._delay = min(self._delay * 2, MAX_BACKOFF_SECONDS)

    def _elapsed(self) -> float:
        return self.loop.time() - (self._outage_since or self.loop.time())


class WorkerSettings(CommonSettings, WorkerMetricsSettings):
    """The worker's settings; its Prometheus metrics (jobs, queue depth) are on
    `worker_metrics_port`, which `hub run` reads too (WorkerMetricsSettings)."""

    # On SIGTERM the worker stops taking jobs and gives running ones this long to finish; the
    # ones still running are then cancelled and handed back to the queue (arq retries a
    # cancelled job), where another worker picks them up. Keep it below the pod's grace period.
    shutdown_wait_seconds: int = Field(20, validation_alias="WORKER_SHUTDOWN_WAIT_SECONDS", ge=0)
    host: str = Field("127.0.0.1", validation_alias="HOST")
    # How often an idle worker asks Redis for jobs: a queued job waits half this on average
    # before it starts (arq's default, 0.5 s, was a sixth of a report's time).
    poll_seconds: float = Field(0.1, validation_alias="WORKER_POLL_SECONDS", gt=0, le=5)


async def _startup(ctx: Ctx) -> None:
    ctx["queue_sampler"] = start_queue_sampler(ctx["redis"], ctx["queue_name"])
    for registry in REGISTRIES:
        for hook in registry.startup_hooks:
            await hook(ctx)


async def _shutdown(ctx: Ctx) -> None:
    await stop_task(ctx.pop("queue_sampler", None))
    for registry in REGISTRIES:
        for hook in registry.shutdown_hooks:
            await hook(ctx)


def create_worker(settings: WorkerSettings | None = None, **overrides: Any) -> Worker:
    settings = settings or WorkerSettings()
    options: dict[str, Any] = {
        "functions": [f for r in REGISTRIES for f in r.functions],
        "cron_jobs": [c for r in REGISTRIES for c in r.cron_jobs],
        "on_startup": _startup,
        "on_shutdown": _shutdown,
        "redis_settings": redis_settings(settings.redis_url),
        "queue_name": settings.queue_name,
        "max_jobs": MAX_JOBS,
        "poll_delay": settings.poll_seconds,
        "keep_result": 3600,
        "handle_signals": True,
        "job_completion_wait": settings.shutdown_wait_seconds,
        "ctx": {"queue_name": settings.queue_name},
    }
    return ResilientWorker(**{**options, **overrides})


def run(**overrides: Any) -> None:
    """Run until SIGTERM or SIGINT; `overrides` go to arq's Worker."""
    settings = WorkerSettings()
    configure_logging("worker", settings.log_level)
    logging.getLogger("arq.worker").addFilter(QuietJobs({c.name for r in REGISTRIES for c in r.cron_jobs}))
    serve_metrics(settings.host, settings.worker_metrics_port)
    worker = create_worker(settings, **overrides)
    heap.settle()  # after the imports and the worker's set-up, before its first job
    worker.run()
