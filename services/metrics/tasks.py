"""The metrics service's jobs: large batches, and keeping the roll-ups fresh."""

import functools
import uuid
from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.metrics.batches import service as batches
from services.metrics.clients import DirectoryClient
from services.metrics.config import MetricsSettings
from services.metrics.jobs import (
    BATCH_APPLY,
    BATCH_MAX_TRIES,
    BATCH_STATEMENT_SECONDS,
    BATCH_SWEEP,
    ROLLUPS_REFRESH,
    ROLLUPS_SWEEP,
    SWEEP_EVERY_SECONDS,
)
from services.metrics.models import SCHEMA
from services.metrics.models.batches import Batch
from services.metrics.rollups import service as rollups
from services.metrics.vocabularies import BatchStatus
from shared.db import create_engine, create_sessionmaker
from shared.errors import PEER_OUTAGES
from shared.http import IdentitySigner, create_client
from shared.idempotency import purge_expired
from shared.jobs import Ctx, JobQueue, TaskRegistry, requeue_stale_runs, retry_later

registry = TaskRegistry("metrics")


@dataclass
class Resources:
    settings: MetricsSettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    directory: DirectoryClient  # one per worker: it keeps the country list for an hour

    @classmethod
    def open(cls, settings: MetricsSettings, http: httpx.AsyncClient | None = None) -> "Resources":
        engine = create_engine(settings.database_url, SCHEMA, command_timeout=BATCH_STATEMENT_SECONDS)
        signer = IdentitySigner.for_service(settings.secret_key.get_secret_value(), "metrics")
        http = http or create_client(
            settings.directory_url, peer="directory", timeout=settings.http_timeout_seconds, signer=signer
        )
        return cls(settings, engine, create_sessionmaker(engine), DirectoryClient(http))

    async def close(self) -> None:
        await self.directory.http.aclose()
        await self.engine.dispose()


@registry.on_startup
async def start(ctx: Ctx) -> None:
    ctx["metrics"] = Resources.open(MetricsSettings())


@registry.on_shutdown
async def stop(ctx: Ctx) -> None:
    await ctx["metrics"].close()


def _queue(ctx: Ctx) -> JobQueue:
    return JobQueue(ctx["redis"], ctx["metrics"].settings.queue_name)


async def fail_batch(ctx: Ctx, batch_id: str, *, reason: str) -> None:
    await batches.fail(ctx["metrics"].sessionmaker, uuid.UUID(batch_id), reason)


@registry.task(BATCH_APPLY, max_tries=BATCH_MAX_TRIES, timeout_seconds=3600, on_failure=fail_batch)
async def apply_batch(ctx: Ctx, batch_id: str) -> str:
    resources: Resources = ctx["metrics"]
    try:
        status = await batches.run(
            resources.sessionmaker,
            resources.directory,
            uuid.UUID(batch_id),
            heartbeat_seconds=resources.settings.heartbeat_seconds,
        )
    except PEER_OUTAGES as exc:
        return await _wait_for_directory(ctx, uuid.UUID(batch_id), exc)
    if status == BatchStatus.APPLIED:
        await _queue(ctx).enqueue(ROLLUPS_REFRESH)
    return status


async def _wait_for_directory(ctx: Ctx, batch_id: uuid.UUID, exc: Exception) -> str:
    """The directory is down (nothing of the batch was applied: its transaction rolled back): the
    batch waits for it, queued again with backoff and then handed back by the sweeper, until it
    was sent `peer_patience_seconds` ago; then it fails, saying so."""
    resources: Resources = ctx["metrics"]
    patience = resources.settings.peer_patience_seconds
    if not await batches.wait_for_directory(resources.sessionmaker, batch_id, patience):
        await batches.fail(resources.sessionmaker, batch_id, batches.directory_gone_reason(patience))
        return BatchStatus.FAILED
    return retry_later(ctx, BATCH_MAX_TRIES, exc)


@registry.task(ROLLUPS_REFRESH, max_tries=3, timeout_seconds=1800)
async def refresh_rollups(ctx: Ctx) -> int:
    return await rollups.refresh_all(ctx["metrics"].sessionmaker)


@registry.cron(ROLLUPS_SWEEP, every_seconds=SWEEP_EVERY_SECONDS)
async def sweep_rollups(ctx: Ctx) -> None:
    """Changes whose refresh job Redis lost, or that arrived while a refresh ran."""
    await rollups.refresh_all(ctx["metrics"].sessionmaker)


@registry.cron(BATCH_SWEEP, every_seconds=SWEEP_EVERY_SECONDS)
async def sweep_batches(ctx: Ctx) -> None:
    resources: Resources = ctx["metrics"]
    await requeue_stale_runs(
        resources.sessionmaker,
        _queue(ctx),
        Batch,
        BATCH_APPLY,
        queued_after_seconds=resources.settings.sweep_queued_after_seconds,
        running_after_seconds=resources.settings.sweep_running_after_seconds,
        orphaned_limit=resources.settings.sweep_orphaned_limit,
        give_up=functools.partial(_give_up_batch, resources.sessionmaker, resources.settings.sweep_orphaned_limit),
    )


async def _give_up_batch(sessionmaker: async_sessionmaker[AsyncSession], times: int, batch_id: uuid.UUID) -> None:
    await batches.fail(sessionmaker, batch_id, batches.orphaned_reason(times))


@registry.cron("metrics.idempotency.purge", every_seconds=60)
async def purge_idempotency_records(ctx: Ctx) -> None:
    """Forget write keys and nonces past their time."""
    await purge_expired(ctx["metrics"].sessionmaker, SCHEMA)
