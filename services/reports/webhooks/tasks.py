"""The webhook jobs. `services.reports.tasks` puts them on the reports service's registry
(`register`), whose resources they use: this module imports nothing of it."""

import asyncio
import random
import uuid
from typing import Protocol

import httpx
from arq import Retry
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.reports.clients import DirectoryClient
from services.reports.config import ReportsSettings
from services.reports.jobs import SWEEP_EVERY_SECONDS, WEBHOOK_DELIVER, WEBHOOK_DELIVER_MAX_TRIES, WEBHOOK_SWEEP
from services.reports.webhooks import audience, delivery, service
from shared.errors import PEER_OUTAGES
from shared.jobs import Ctx, JobQueue, TaskRegistry, retry_later


class Resources(Protocol):
    """What the webhook jobs use of the worker's resources (`ctx["reports"]`)."""

    settings: ReportsSettings
    sessionmaker: async_sessionmaker[AsyncSession]
    outbound: httpx.AsyncClient
    deliveries: asyncio.Semaphore  # deliveries under way in this worker (REPORTS_WEBHOOKS_CONCURRENCY)

    @property
    def directory(self) -> DirectoryClient: ...


# A delivery finding every one of its worker's delivery slots taken comes back after this long.
BUSY_RETRY_SECONDS = (1.0, 2.0)


async def fail_delivery(ctx: Ctx, delivery_id: str, *, reason: str) -> None:
    await delivery.fail(ctx["reports"].sessionmaker, uuid.UUID(delivery_id), reason)


async def deliver(ctx: Ctx, delivery_id: str) -> str | None:
    """One attempt of a delivery; the job comes back (arq's Retry, same job id) for the next.
    An outage (the database unreachable) is retried with backoff by the registry. While the
    worker makes as many deliveries as it may, the job gives its slot back and comes back soon:
    slow receivers hold a few slots at most, and report runs find theirs. A delivery whose
    audience the directory must decide waits for it as a report run does (`audience.settle`)."""
    resources: Resources = ctx["reports"]
    patience = resources.settings.peer_patience_seconds
    try:
        if not await audience.settle(
            resources.sessionmaker, resources.directory, uuid.UUID(delivery_id), patience_seconds=patience
        ):
            return None
    except PEER_OUTAGES as exc:
        return retry_later(ctx, WEBHOOK_DELIVER_MAX_TRIES, exc)
    if resources.deliveries.locked():
        raise Retry(defer=random.uniform(*BUSY_RETRY_SECONDS))
    async with resources.deliveries:
        result = await delivery.deliver(
            resources.sessionmaker, resources.outbound, resources.settings, uuid.UUID(delivery_id)
        )
    if result.retry_in is not None:
        raise Retry(defer=max(result.retry_in, 0.0))
    return str(result.status) if result.status else None


async def sweep(ctx: Ctx) -> None:
    resources: Resources = ctx["reports"]
    await service.sweep(
        resources.sessionmaker,
        JobQueue(ctx["redis"], resources.settings.queue_name),
        after_seconds=resources.settings.webhooks_sweep_after_seconds,
    )


def register(registry: TaskRegistry) -> None:
    registry.task(WEBHOOK_DELIVER, max_tries=WEBHOOK_DELIVER_MAX_TRIES, timeout_seconds=120, on_failure=fail_delivery)(
        deliver
    )
    registry.cron(WEBHOOK_SWEEP, every_seconds=SWEEP_EVERY_SECONDS)(sweep)
