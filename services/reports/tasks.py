"""The reports service's jobs. They take ids, reload state from PostgreSQL, and are safe to run
more than once."""

import asyncio
import logging
import uuid
from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.reports.clients import DirectoryClient
from services.reports.config import ReportsSettings
from services.reports.jobs import (
    REPORT_GENERATE,
    REPORT_MAX_TRIES,
    REPORT_SWEEP,
    SWEEP_EVERY_SECONDS,
)
from services.reports.models import SCHEMA
from services.reports.runs import erasures
from services.reports.runs import service as runs
from services.reports.runs.artifacts import Artifacts
from services.reports.webhooks import tasks as webhook_tasks
from shared.db import create_engine, create_sessionmaker
from shared.errors import PEER_OUTAGES, is_unavailable
from shared.http import IdentitySigner, create_client
from shared.idempotency import purge_expired
from shared.jobs import Ctx, JobQueue, TaskRegistry, retry_later
from shared.request_context import request_id_var

log = logging.getLogger("hub.reports.tasks")
registry = TaskRegistry("reports")


@dataclass
class Resources:
    """What the reports jobs share in one worker: the database, clients of the peer services
    (signed with the reports service's identity) and one client for outbound webhook calls."""

    settings: ReportsSettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    peers: dict[str, httpx.AsyncClient]
    outbound: httpx.AsyncClient
    artifacts: Artifacts
    deliveries: asyncio.Semaphore  # webhook deliveries under way in this worker

    @classmethod
    def open(cls, settings: ReportsSettings, peers: dict[str, httpx.AsyncClient] | None = None) -> "Resources":
        """Peers not given are reached over HTTP at their configured URLs."""
        engine = create_engine(settings.database_url, SCHEMA)
        signer = IdentitySigner.for_service(settings.secret_key.get_secret_value(), "reports")
        urls = {"directory": settings.directory_url, "metrics": settings.metrics_url}
        clients = {
            name: (peers or {}).get(name)
            or create_client(url, peer=name, timeout=settings.http_timeout_seconds, signer=signer)
            for name, url in urls.items()
        }
        outbound = create_client(timeout=settings.http_timeout_seconds)
        deliveries = asyncio.Semaphore(settings.webhooks_concurrency)
        return cls(settings, engine, create_sessionmaker(engine), clients, outbound, Artifacts(settings), deliveries)

    @property
    def directory(self) -> DirectoryClient:
        return DirectoryClient(self.peers["directory"])

    async def close(self) -> None:
        for client in [*self.peers.values(), self.outbound]:
            await client.aclose()
        await self.engine.dispose()


@registry.on_startup
async def start(ctx: Ctx) -> None:
    ctx["reports"] = Resources.open(ReportsSettings())


@registry.on_shutdown
async def stop(ctx: Ctx) -> None:
    await ctx["reports"].close()


async def fail_report(ctx: Ctx, run_id: str, *, reason: str) -> None:
    """The registry's failure path: only a run past its time limit reaches it (the job ends
    every other failure of its own below)."""
    resources: Resources = ctx["reports"]
    queue = JobQueue(ctx["redis"], resources.settings.queue_name)
    await runs.fail(resources.sessionmaker, queue, resources.artifacts, uuid.UUID(run_id), reason)


@registry.task(REPORT_GENERATE, max_tries=REPORT_MAX_TRIES, timeout_seconds=900, on_failure=fail_report)
async def generate_report(ctx: Ctx, run_id: str) -> str:
    resources: Resources = ctx["reports"]
    queue = JobQueue(ctx["redis"], resources.settings.queue_name)
    run = uuid.UUID(run_id)
    try:
        return await runs.generate(
            resources.sessionmaker,
            resources.peers,
            queue,
            resources.artifacts,
            run,
            min_contributors=resources.settings.min_contributors,
            min_sensitive_count=resources.settings.min_sensitive_count,
            heartbeat_seconds=resources.settings.heartbeat_seconds,
        )
    except PEER_OUTAGES as exc:
        # A peer service is down or slow: the run waits for it (backing off, then handed back by
        # the sweeper) until it is `peer_patience_seconds` old, and only then fails.
        patience = resources.settings.peer_patience_seconds
        if not await runs.wait_for_peer(resources.sessionmaker, run, exc.detail, patience):
            await runs.fail(
                resources.sessionmaker,
                queue,
                resources.artifacts,
                run,
                f"Gave up after waiting {patience // 60} minutes for a service it needs: {exc.detail}",
            )
            return "failed"
        return retry_later(ctx, REPORT_MAX_TRIES, exc)
    except Exception as exc:
        if is_unavailable(exc):
            raise  # PostgreSQL or Redis unreachable: retried with backoff by the registry
        log.exception("report failed", extra={"run_id": run_id})
        await runs.fail(
            resources.sessionmaker,
            queue,
            resources.artifacts,
            run,
            # The requester cannot read the logs: the request id lets an operator find the error.
            f"The report could not be generated: an unexpected error, logged under request id {request_id_var.get()}.",
        )
        return "failed"


@registry.cron(REPORT_SWEEP, every_seconds=SWEEP_EVERY_SECONDS)
async def sweep_reports(ctx: Ctx) -> None:
    resources: Resources = ctx["reports"]
    await runs.sweep(
        resources.sessionmaker,
        JobQueue(ctx["redis"], resources.settings.queue_name),
        resources.artifacts,
        queued_after_seconds=resources.settings.sweep_queued_after_seconds,
        running_after_seconds=resources.settings.sweep_running_after_seconds,
        orphaned_limit=resources.settings.sweep_orphaned_limit,
    )
    # Objects of erased forms whose deletion failed (object storage down, a process stopped).
    await erasures.erase(resources.sessionmaker, resources.artifacts)


@registry.cron("reports.idempotency.purge", every_seconds=60)
async def purge_idempotency_records(ctx: Ctx) -> None:
    """Forget write keys and nonces past their time."""
    await purge_expired(ctx["reports"].sessionmaker, SCHEMA)


webhook_tasks.register(registry)
