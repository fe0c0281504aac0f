"""Webhook subscriptions of organisations, and the report events recorded for them.

Other parts of the reports service announce an event with `emit()` inside their own transaction
and, once it has committed, hand the returned ids to `enqueue()`."""

import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.reports.config import ReportsSettings
from services.reports.jobs import WEBHOOK_DELIVER
from services.reports.models.webhooks import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from services.reports.webhooks import repository, sealing, signing, ssrf
from services.reports.webhooks.schemas import WebhookCreate, WebhookUpdate
from shared.db import session_scope, utcnow
from shared.errors import Conflict, InvalidInput, NotFound
from shared.identity import Identity
from shared.jobs import JobQueue

log = logging.getLogger("hub.reports.webhooks")
FINISHED = {DeliveryStatus.delivered, DeliveryStatus.failed}


async def checked_url(url: str, settings: ReportsSettings) -> str:
    try:
        target = await ssrf.resolve(url.strip(), allow_loopback=settings.webhooks_allow_loopback)
    except ssrf.UnsafeURL as exc:
        raise InvalidInput(
            f"The webhook URL cannot be used: {exc}.", errors=[{"field": "url", "reason": str(exc)}]
        ) from exc
    return str(target.url)


async def create(
    session: AsyncSession, caller: Identity, organisation_id: uuid.UUID, data: WebhookCreate, settings: ReportsSettings
) -> tuple[WebhookSubscription, str]:
    """The new subscription and its signing secret (to show once)."""
    url = await checked_url(data.url, settings)
    await repository.lock_organisation(session, organisation_id)
    limit = settings.webhooks_max_per_organisation
    if await repository.count_subscriptions(session, organisation_id) >= limit:
        raise Conflict(f"The organisation already has {limit} webhooks, the most allowed; delete one first.")
    secret = signing.new_secret()
    subscription = WebhookSubscription(
        organisation_id=organisation_id,
        url=url,
        events=[str(e) for e in data.events],
        description=data.description,
        secret=sealing.seal(secret, settings),
        created_by=caller.account_id,
    )
    session.add(subscription)
    await session.flush()
    return subscription, secret


async def listing(session: AsyncSession, organisation_id: uuid.UUID) -> Sequence[WebhookSubscription]:
    return await repository.list_subscriptions(session, organisation_id)


async def get(
    session: AsyncSession, organisation_id: uuid.UUID, subscription_id: uuid.UUID, *, for_update: bool = False
) -> WebhookSubscription:
    found = await repository.get_subscription(session, subscription_id, for_update=for_update)
    if found is None or found.organisation_id != organisation_id:
        raise NotFound(f"No webhook {subscription_id} in organisation {organisation_id}.")
    return found


async def update(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    subscription_id: uuid.UUID,
    data: WebhookUpdate,
    settings: ReportsSettings,
) -> WebhookSubscription:
    subscription = await get(session, organisation_id, subscription_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    if "url" in changes:
        changes["url"] = await checked_url(changes["url"], settings)
    if "events" in changes:
        changes["events"] = [str(e) for e in changes["events"]]
    for name, value in changes.items():
        setattr(subscription, name, value)
    await session.flush()
    return subscription


async def delete(session: AsyncSession, organisation_id: uuid.UUID, subscription_id: uuid.UUID) -> None:
    """With its deliveries and their attempts; jobs still queued for them find nothing to do."""
    await session.delete(await get(session, organisation_id, subscription_id, for_update=True))
    await session.flush()


async def rotate_secret(
    session: AsyncSession, organisation_id: uuid.UUID, subscription_id: uuid.UUID, settings: ReportsSettings
) -> tuple[WebhookSubscription, str]:
    subscription = await get(session, organisation_id, subscription_id, for_update=True)
    now = utcnow()
    grace = settings.webhooks_secret_grace_seconds
    subscription.previous_secret = subscription.secret if grace else None
    subscription.previous_secret_expires_at = now + timedelta(seconds=grace) if grace else None
    secret = signing.new_secret()
    subscription.secret, subscription.secret_rotated_at = sealing.seal(secret, settings), now
    await session.flush()
    return subscription, secret


async def reseal_secrets(session: AsyncSession, settings: ReportsSettings) -> int:
    """Seal every subscription's secrets under the current SECRET_KEY; returns how many."""
    subscriptions = await repository.all_subscriptions(session)
    for subscription in subscriptions:
        subscription.secret = sealing.reseal(subscription.secret, settings)
        if subscription.previous_secret:
            subscription.previous_secret = sealing.reseal(subscription.previous_secret, settings)
    await session.flush()
    return len(subscriptions)


async def emit(
    session: AsyncSession,
    event: str,
    payload: dict[str, Any],
    organisations: set[uuid.UUID] | None,
    *,
    members_of: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """Record one delivery of `event` for every active subscription to it, of the given
    organisations (None: of every organisation), in the caller's transaction. `payload` becomes
    the body's `data` and must hold only what those organisations may see; with `members_of`,
    only while they are active members of that coalition, which each delivery's job asks the
    directory (`audience.settle`). Returns the delivery ids for `enqueue()`, which the caller
    runs after commit."""
    kind = WebhookEvent(event)  # ValueError for an unknown event: a programming error
    data = to_jsonable_python(payload)
    now = utcnow()
    ids = []
    for subscription in await repository.subscribers(session, kind, organisations):
        delivery_id = uuid.uuid4()
        session.add(
            WebhookDelivery(
                id=delivery_id,
                subscription_id=subscription.id,
                message_id=delivery_id,
                event=kind,
                payload=data,
                members_of=members_of,
                occurred_at=now,
                next_attempt_at=now,
            )
        )
        ids.append(delivery_id)
    if ids:
        await session.flush()
    return ids


async def enqueue(queue: JobQueue, delivery_ids: Iterable[uuid.UUID]) -> None:
    """Ask for the deliveries' jobs (one job id per delivery, so asking twice queues one job).
    What cannot be enqueued now is picked up by the sweeper."""
    for delivery_id in delivery_ids:
        await queue.enqueue(WEBHOOK_DELIVER, str(delivery_id))


async def get_delivery(
    session: AsyncSession, organisation_id: uuid.UUID, subscription_id: uuid.UUID, delivery_id: uuid.UUID
) -> tuple[WebhookDelivery, Sequence[WebhookAttempt]]:
    await get(session, organisation_id, subscription_id)
    delivery = await repository.get_delivery(session, delivery_id)
    # One whose audience is undecided is not the organisation's yet: it may not be told of it.
    if delivery is None or delivery.subscription_id != subscription_id or delivery.members_of is not None:
        raise NotFound(f"No delivery {delivery_id} of webhook {subscription_id}.")
    return delivery, await repository.attempts(session, delivery_id)


async def list_deliveries(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    subscription_id: uuid.UUID,
    *,
    status: DeliveryStatus | None,
    before: int | None,
    limit: int,
) -> Sequence[WebhookDelivery]:
    await get(session, organisation_id, subscription_id)
    return await repository.list_deliveries(session, subscription_id, status=status, before=before, limit=limit)


async def redeliver(
    session: AsyncSession, organisation_id: uuid.UUID, subscription_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery:
    """A new delivery of a finished one's event, with the same message id (receivers that keep
    the ids they have handled see it is the same event)."""
    subscription = await get(session, organisation_id, subscription_id)
    original, _ = await get_delivery(session, organisation_id, subscription_id, delivery_id)
    if original.status not in FINISHED:
        raise Conflict(f"Delivery {delivery_id} is still {original.status}; it can be redelivered once finished.")
    if not subscription.active:
        raise Conflict(f"Webhook {subscription_id} is paused; activate it before redelivering.")
    again = WebhookDelivery(
        subscription_id=subscription_id,
        message_id=original.message_id,
        redelivery_of=original.id,
        event=original.event,
        payload=original.payload,
        occurred_at=original.occurred_at,
        next_attempt_at=utcnow(),
    )
    session.add(again)
    await session.flush()
    return again


async def sweep(
    sessionmaker: async_sessionmaker[AsyncSession], queue: JobQueue, *, after_seconds: int, limit: int = 1000
) -> int:
    """Re-enqueue deliveries whose job was lost (due for `after_seconds`) or whose worker died
    mid-call (`sending`, and its claim ran out: the claim is the call's timeout and a margin, so
    such a delivery is handed back within that and one sweep). A job that still exists is not
    doubled (the id is the delivery's); a dead worker's hold on its job is released first."""
    now = utcnow()
    async with session_scope(sessionmaker) as session:
        overdue = await repository.stale_deliveries(
            session, due_before=now - timedelta(seconds=after_seconds), claimed_before=now, limit=limit
        )
    requeued = 0
    for delivery_id, status in overdue:
        if status == DeliveryStatus.sending:
            await queue.release(WEBHOOK_DELIVER, str(delivery_id))
        # Unfinished in PostgreSQL and overdue, so a result arq keeps for its job is of a job that
        # ended without finishing it (one that spent arq's tries waiting for a delivery slot, say):
        # forgotten, or the job id could not be enqueued again for an hour.
        await queue.forget_result(WEBHOOK_DELIVER, str(delivery_id))
        if await queue.enqueue(WEBHOOK_DELIVER, str(delivery_id)) or status == DeliveryStatus.sending:
            requeued += 1
    if requeued:
        log.warning("re-enqueued webhook deliveries whose jobs were missing or orphaned", extra={"count": requeued})
    return requeued
