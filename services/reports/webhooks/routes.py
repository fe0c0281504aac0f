import uuid
from typing import Annotated

import httpx
from fastapi import APIRouter, Query, Request, Response, status

from services.reports.models.webhooks import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookSubscription
from services.reports.webhooks import service
from services.reports.webhooks.schemas import (
    AttemptRead,
    DeliveryDetail,
    DeliveryRead,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
    WebhookUpdate,
)
from shared.auth import ORG_ADMIN, ORG_MEMBER, Caller, access
from shared.db import UoW
from shared.pagination import Cursor, Limit, Page, page_of
from shared.preconditions import IfMatch, check_if_match, content_etag

router = APIRouter(prefix="/v1/reports", tags=["reports: webhooks"])
BASE = "/organisations/{org_id}/webhooks"


def _read(subscription: WebhookSubscription, *, full_url: bool = True) -> WebhookRead:
    read = WebhookRead.model_validate(subscription, from_attributes=True)
    if not full_url:
        # Paths and queries often carry the receiver's own token: only admins see them.
        url = httpx.URL(subscription.url)
        read.url = f"{url.scheme}://{url.netloc.decode('ascii')}/…"
    return read


def _created(subscription: WebhookSubscription, secret: str) -> WebhookCreated:
    return WebhookCreated(**_read(subscription).model_dump(), secret=secret)


def _delivery(delivery: WebhookDelivery) -> DeliveryRead:
    finished = delivery.status in service.FINISHED
    return DeliveryRead(
        id=delivery.id,
        webhook_id=delivery.subscription_id,
        message_id=delivery.message_id,
        redelivery_of=delivery.redelivery_of,
        event=delivery.event,
        status=delivery.status,
        attempts=delivery.attempts,
        next_attempt_at=None if finished else delivery.next_attempt_at,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        created_at=delivery.created_at,
        updated_at=delivery.updated_at,
        finished_at=delivery.finished_at,
    )


def _detail(delivery: WebhookDelivery, attempts: list[WebhookAttempt]) -> DeliveryDetail:
    return DeliveryDetail(
        **_delivery(delivery).model_dump(),
        payload=delivery.payload,
        history=[AttemptRead.model_validate(a, from_attributes=True) for a in attempts],
    )


@router.post(
    BASE,
    status_code=status.HTTP_201_CREATED,
    response_model=WebhookCreated,
    summary="Register a webhook for report events (the signing secret is shown once)",
    description="The URL must be https and reach only public addresses. Every delivery is signed "
    "as Standard Webhooks describes (webhook-id, webhook-timestamp, webhook-signature headers).",
    **access(ORG_ADMIN),
)
async def create_webhook(
    org_id: uuid.UUID, body: WebhookCreate, uow: UoW, caller: Caller, request: Request, response: Response
) -> WebhookCreated:
    subscription, secret = await service.create(uow.session, caller, org_id, body, request.app.state.settings)
    response.headers["Location"] = f"/v1/reports{BASE.format(org_id=org_id)}/{subscription.id}"
    return _created(subscription, secret)


@router.get(
    BASE,
    response_model=Page[WebhookRead],
    summary="The organisation's webhooks (members see each URL's scheme and host only)",
    **access(ORG_MEMBER),
)
async def list_webhooks(
    org_id: uuid.UUID, uow: UoW, caller: Caller, cursor: Cursor = None, limit: Limit = 100
) -> Page[WebhookRead]:
    full_url = caller.admin_of(org_id)
    return page_of([_read(s, full_url=full_url) for s in await service.listing(uow.session, org_id)], cursor, limit)


@router.get(BASE + "/{webhook_id}", response_model=WebhookRead, summary="One webhook", **access(ORG_ADMIN))
async def get_webhook(org_id: uuid.UUID, webhook_id: uuid.UUID, uow: UoW, response: Response) -> WebhookRead:
    read = _read(await service.get(uow.session, org_id, webhook_id))
    response.headers["ETag"] = content_etag(read)
    return read


async def _check_webhook(uow: UoW, org_id: uuid.UUID, webhook_id: uuid.UUID, if_match: str) -> None:
    """The webhook stays locked until the change commits, so no one changes it in between."""
    current = await service.get(uow.session, org_id, webhook_id, for_update=True)
    check_if_match(if_match, content_etag(_read(current)), what="webhook")


@router.patch(
    BASE + "/{webhook_id}",
    response_model=WebhookRead,
    summary="Change a webhook's URL, events or description, or pause it (active: false)",
    **access(ORG_ADMIN),
)
async def update_webhook(
    org_id: uuid.UUID,
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    uow: UoW,
    request: Request,
    response: Response,
    if_match: IfMatch,
) -> WebhookRead:
    await _check_webhook(uow, org_id, webhook_id, if_match)
    read = _read(await service.update(uow.session, org_id, webhook_id, body, request.app.state.settings))
    response.headers["ETag"] = content_etag(read)
    return read


@router.delete(
    BASE + "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a webhook, with its deliveries",
    **access(ORG_ADMIN),
)
async def delete_webhook(org_id: uuid.UUID, webhook_id: uuid.UUID, uow: UoW, if_match: IfMatch) -> None:
    await _check_webhook(uow, org_id, webhook_id, if_match)
    await service.delete(uow.session, org_id, webhook_id)


@router.post(
    BASE + "/{webhook_id}/rotate-secret",
    response_model=WebhookCreated,
    summary="Replace the signing secret (the new one is shown once)",
    description="For a grace period (a day by default) deliveries carry a second signature made with "
    "the old secret, so receivers can switch without losing events.",
    **access(ORG_ADMIN),
)
async def rotate_secret(org_id: uuid.UUID, webhook_id: uuid.UUID, uow: UoW, request: Request) -> WebhookCreated:
    subscription, secret = await service.rotate_secret(uow.session, org_id, webhook_id, request.app.state.settings)
    return _created(subscription, secret)


@router.get(
    BASE + "/{webhook_id}/deliveries",
    response_model=Page[DeliveryRead],
    summary="A webhook's deliveries, newest first",
    **access(ORG_ADMIN),
)
async def list_deliveries(
    org_id: uuid.UUID,
    webhook_id: uuid.UUID,
    uow: UoW,
    status_: Annotated[DeliveryStatus | None, Query(alias="status")] = None,
    cursor: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="next_cursor of the previous page")] = None,
    limit: Limit = 50,
) -> Page[DeliveryRead]:
    rows = await service.list_deliveries(
        uow.session, org_id, webhook_id, status=status_, before=cursor, limit=limit + 1
    )
    items = [_delivery(d) for d in rows[:limit]]
    return Page(items=items, next_cursor=str(rows[limit - 1].seq) if len(rows) > limit else None)


@router.get(
    BASE + "/{webhook_id}/deliveries/{delivery_id}",
    response_model=DeliveryDetail,
    summary="One delivery, with its payload and every attempt",
    **access(ORG_ADMIN),
)
async def get_delivery(org_id: uuid.UUID, webhook_id: uuid.UUID, delivery_id: uuid.UUID, uow: UoW) -> DeliveryDetail:
    delivery, attempts = await service.get_delivery(uow.session, org_id, webhook_id, delivery_id)
    return _detail(delivery, list(attempts))


@router.post(
    BASE + "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryRead,
    summary="Send a finished delivery's event again (a new delivery, same webhook-id)",
    **access(ORG_ADMIN),
)
async def redeliver(
    org_id: uuid.UUID, webhook_id: uuid.UUID, delivery_id: uuid.UUID, uow: UoW, request: Request, response: Response
) -> DeliveryRead:
    again = await service.redeliver(uow.session, org_id, webhook_id, delivery_id)
    jobs, again_id = request.app.state.jobs, again.id
    uow.on_commit(lambda: service.enqueue(jobs, [again_id]))
    response.headers["Location"] = f"/v1/reports{BASE.format(org_id=org_id)}/{webhook_id}/deliveries/{again.id}"
    return _delivery(again)
