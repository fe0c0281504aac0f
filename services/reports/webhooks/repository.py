import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import String, and_, delete, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.reports.models.webhooks import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookSubscription
from shared.db import hold_lock


async def lock_organisation(session: AsyncSession, organisation_id: uuid.UUID) -> None:
    """Serialises subscription changes of one organisation (for its limit) until the transaction ends."""
    await hold_lock(session, f"webhooks:{organisation_id}")


async def count_subscriptions(session: AsyncSession, organisation_id: uuid.UUID) -> int:
    query = select(func.count()).where(col(WebhookSubscription.organisation_id) == organisation_id)
    return (await session.execute(query)).scalar_one()


async def list_subscriptions(session: AsyncSession, organisation_id: uuid.UUID) -> Sequence[WebhookSubscription]:
    query = (
        select(WebhookSubscription)
        .where(col(WebhookSubscription.organisation_id) == organisation_id)
        .order_by(col(WebhookSubscription.created_at), col(WebhookSubscription.id))
    )
    return (await session.execute(query)).scalars().all()


async def all_subscriptions(session: AsyncSession) -> Sequence[WebhookSubscription]:
    """Every subscription of every organisation, locked (re-sealing their secrets)."""
    return (await session.execute(select(WebhookSubscription).with_for_update())).scalars().all()


async def get_subscription(
    session: AsyncSession, subscription_id: uuid.UUID, *, for_update: bool = False
) -> WebhookSubscription | None:
    return await session.get(WebhookSubscription, subscription_id, with_for_update=for_update)


async def subscribers(
    session: AsyncSession, event: str, organisations: set[uuid.UUID] | None
) -> Sequence[WebhookSubscription]:
    query = select(WebhookSubscription).where(
        col(WebhookSubscription.active),
        col(WebhookSubscription.events).contains(literal([event], ARRAY(String))),
    )
    if organisations is not None:
        query = query.where(col(WebhookSubscription.organisation_id).in_(organisations))
    return (await session.execute(query.order_by(col(WebhookSubscription.id)))).scalars().all()


async def get_delivery(
    session: AsyncSession, delivery_id: uuid.UUID, *, for_update: bool = False
) -> WebhookDelivery | None:
    return await session.get(WebhookDelivery, delivery_id, with_for_update=for_update)


async def list_deliveries(
    session: AsyncSession,
    subscription_id: uuid.UUID,
    *,
    status: DeliveryStatus | None,
    before: int | None,
    limit: int,
) -> Sequence[WebhookDelivery]:
    """Newest first; `before` is the `seq` of the last delivery of the previous page. Deliveries
    whose audience is undecided (`members_of`) are left out."""
    query = select(WebhookDelivery).where(
        col(WebhookDelivery.subscription_id) == subscription_id, col(WebhookDelivery.members_of).is_(None)
    )
    if status is not None:
        query = query.where(col(WebhookDelivery.status) == status)
    if before is not None:
        query = query.where(col(WebhookDelivery.seq) < before)
    return (await session.execute(query.order_by(col(WebhookDelivery.seq).desc()).limit(limit))).scalars().all()


async def attempts(session: AsyncSession, delivery_id: uuid.UUID) -> Sequence[WebhookAttempt]:
    query = (
        select(WebhookAttempt)
        .where(col(WebhookAttempt.delivery_id) == delivery_id)
        .order_by(col(WebhookAttempt.number))
    )
    return (await session.execute(query)).scalars().all()


async def stale_deliveries(
    session: AsyncSession, *, due_before: datetime, claimed_before: datetime, limit: int
) -> Sequence[tuple[uuid.UUID, str]]:
    """Unfinished deliveries whose job may be lost: pending and due before `due_before`, or
    sending with a claim that ran out before `claimed_before` (their worker died mid-call).
    Returns (id, status) pairs."""
    query = (
        select(col(WebhookDelivery.id), col(WebhookDelivery.status))
        .where(
            or_(
                and_(
                    col(WebhookDelivery.status) == DeliveryStatus.pending,
                    col(WebhookDelivery.next_attempt_at) < due_before,
                ),
                and_(
                    col(WebhookDelivery.status) == DeliveryStatus.sending,
                    col(WebhookDelivery.next_attempt_at) < claimed_before,
                ),
            )
        )
        .order_by(col(WebhookDelivery.next_attempt_at))
        .limit(limit)
    )
    return [(row.id, str(row.status)) for row in (await session.execute(query)).all()]


async def held(session: AsyncSession, delivery_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID, datetime] | None:
    """A delivery whose audience is undecided: the coalition its organisation must be an active
    member of, that organisation, and when the event happened; None for any other delivery."""
    query = (
        select(
            col(WebhookDelivery.members_of), col(WebhookSubscription.organisation_id), col(WebhookDelivery.occurred_at)
        )
        .join(WebhookSubscription, col(WebhookSubscription.id) == col(WebhookDelivery.subscription_id))
        .where(col(WebhookDelivery.id) == delivery_id, col(WebhookDelivery.members_of).is_not(None))
    )
    row = (await session.execute(query)).one_or_none()
    if row is None or row[0] is None:
        return None
    return row[0], row[1], row[2]


async def decide(session: AsyncSession, delivery_id: uuid.UUID, *, send: bool) -> None:
    """Settle a held delivery: sent (its condition cleared) or deleted, with nothing left of it."""
    held_only = (col(WebhookDelivery.id) == delivery_id, col(WebhookDelivery.members_of).is_not(None))
    if send:
        await session.execute(update(WebhookDelivery).where(*held_only).values(members_of=None))
    else:
        await session.execute(delete(WebhookDelivery).where(*held_only))
