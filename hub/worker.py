"""The arq worker: every service's jobs and crons on one queue."""

from typing import Any

from arq.worker import Worker

from services.directory.tasks import registry as directory_registry
from services.metrics.tasks import registry as metrics_registry
from services.reports.tasks import registry as reports_registry
from shared.jobs import Ctx, TaskRegistry, redis_settings
from shared.logging import configure_logging
from shared.settings import CommonSettings

REGISTRIES: list[TaskRegistry] = [directory_registry, metrics_registry, reports_registry]


async def _startup(ctx: Ctx) -> None:
    for registry in REGISTRIES:
        for hook in registry.startup_hooks:
            await hook(ctx)


async def _shutdown(ctx: Ctx) -> None:
    for registry in REGISTRIES:
        for hook in registry.shutdown_hooks:
            await hook(ctx)


def create_worker(settings: CommonSettings | None = None, **overrides: Any) -> Worker:
    settings = settings or CommonSettings()
    options: dict[str, Any] = {
        "functions": [f for r in REGISTRIES for f in r.functions],
        "cron_jobs": [c for r in REGISTRIES for c in r.cron_jobs],
        "on_startup": _startup,
        "on_shutdown": _shutdown,
        "redis_settings": redis_settings(settings.redis_url),
        "queue_name": settings.queue_name,
        "max_jobs": 10,
        "keep_result": 3600,
        "handle_signals": True,
    }
    return Worker(**{**options, **overrides})


def run() -> None:
    settings = CommonSettings()
    configure_logging("worker", settings.log_level)
    create_worker(settings).run()
