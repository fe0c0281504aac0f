"""The directory's jobs: bulk imports, and the sweeper that re-enqueues what Redis lost."""

import functools
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.directory.config import DirectorySettings
from services.directory.imports import service as imports
from services.directory.jobs import IMPORT_MAX_TRIES, IMPORT_RUN, IMPORT_SWEEP, SWEEP_EVERY_SECONDS
from services.directory.models import SCHEMA
from services.directory.models.imports import ImportRun
from shared.db import create_engine, create_sessionmaker
from shared.idempotency import purge_expired
from shared.jobs import Ctx, JobQueue, TaskRegistry, requeue_stale_runs

registry = TaskRegistry("directory")


@dataclass
class Resources:
    settings: DirectorySettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]


@registry.on_startup
async def start(ctx: Ctx) -> None:
    settings = DirectorySettings()
    engine = create_engine(settings.database_url, SCHEMA)
    ctx["directory"] = Resources(settings, engine, create_sessionmaker(engine))


@registry.on_shutdown
async def stop(ctx: Ctx) -> None:
    await ctx["directory"].engine.dispose()


async def fail_import(ctx: Ctx, import_id: str, *, reason: str) -> None:
    await imports.fail(ctx["directory"].sessionmaker, uuid.UUID(import_id), reason)


@registry.task(IMPORT_RUN, max_tries=IMPORT_MAX_TRIES, timeout_seconds=1800, on_failure=fail_import)
async def run_import(ctx: Ctx, import_id: str) -> str | None:
    resources: Resources = ctx["directory"]
    return await imports.run(
        resources.sessionmaker, uuid.UUID(import_id), heartbeat_seconds=resources.settings.heartbeat_seconds
    )


@registry.cron(IMPORT_SWEEP, every_seconds=SWEEP_EVERY_SECONDS)
async def sweep(ctx: Ctx) -> None:
    resources: Resources = ctx["directory"]
    await requeue_stale_runs(
        resources.sessionmaker,
        JobQueue(ctx["redis"], resources.settings.queue_name),
        ImportRun,
        IMPORT_RUN,
        queued_after_seconds=resources.settings.sweep_queued_after_seconds,
        running_after_seconds=resources.settings.sweep_running_after_seconds,
        orphaned_limit=resources.settings.sweep_orphaned_limit,
        give_up=functools.partial(_give_up_import, resources.sessionmaker, resources.settings.sweep_orphaned_limit),
    )


async def _give_up_import(sessionmaker: async_sessionmaker[AsyncSession], times: int, import_id: uuid.UUID) -> None:
    await imports.fail(sessionmaker, import_id, imports.orphaned_reason(times))


@registry.cron("directory.idempotency.purge", every_seconds=60)
async def purge_idempotency_records(ctx: Ctx) -> None:
    """Forget write keys and nonces past their time."""
    await purge_expired(ctx["directory"].sessionmaker, SCHEMA)
