"""The webhook jobs, on the reports service's registry."""

import logging
import uuid

from arq import Retry

from services.reports.jobs import SWEEP_EVERY_SECONDS, WEBHOOK_DELIVER, WEBHOOK_DELIVER_MAX_TRIES, WEBHOOK_SWEEP
from services.reports.tasks import Resources, registry
from services.reports.webhooks import delivery, service
from shared.jobs import Ctx, JobQueue

log = logging.getLogger("hub.reports.webhooks")
# When the database is unreachable, try again in this many seconds.
TROUBLE_RETRY_SECONDS = 30


@registry.task(WEBHOOK_DELIVER, max_tries=WEBHOOK_DELIVER_MAX_TRIES, timeout_seconds=120)
async def deliver(ctx: Ctx, delivery_id: str) -> str | None:
    """One attempt of a delivery; the job comes back (arq's Retry, same job id) for the next."""
    resources: Resources = ctx["reports"]
    delivery_uuid = uuid.UUID(delivery_id)
    try:
        result = await delivery.deliver(resources.sessionmaker, resources.outbound, resources.settings, delivery_uuid)
    except Exception as exc:
        log.exception("webhook delivery job failed", extra={"delivery_id": delivery_id, "job_try": ctx["job_try"]})
        raise Retry(defer=TROUBLE_RETRY_SECONDS) from exc
    if result.retry_in is not None:
        raise Retry(defer=max(result.retry_in, 0.0))
    return str(result.status) if result.status else None


@registry.cron(WEBHOOK_SWEEP, every_seconds=SWEEP_EVERY_SECONDS)
async def sweep(ctx: Ctx) -> None:
    resources: Resources = ctx["reports"]
    await service.sweep(
        resources.sessionmaker,
        JobQueue(ctx["redis"], resources.settings.queue_name),
        after_seconds=resources.settings.webhooks_sweep_after_seconds,
    )
