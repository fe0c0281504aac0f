"""One attempt of one delivery, in three steps so that no database lock is held while the
receiver is called: claim the delivery (its row says `sending` until the claim runs out, so a
second job for it waits instead of sending again), call the receiver, record the outcome."""

import asyncio
import ipaddress
import json
import logging
import random
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.reports.config import ReportsSettings
from services.reports.models.webhooks import DeliveryStatus, WebhookAttempt, WebhookDelivery
from services.reports.webhooks import repository, sealing, signing, ssrf
from shared.db import session_scope, utcnow

log = logging.getLogger("hub.reports.webhooks")
USER_AGENT = "CoalitionHub-Webhooks/1"
# A job that wakes up this close to its due time proceeds.
EARLY_TOLERANCE = timedelta(seconds=1)


@dataclass(frozen=True)
class Result:
    """Where a delivery stands after a job's run; with `retry_in`, the job should run again."""

    status: DeliveryStatus | None
    retry_in: float | None = None


@dataclass(frozen=True)
class Claim:
    delivery_id: uuid.UUID
    number: int
    url: str
    secrets: list[str]
    message_id: str
    body: bytes


@dataclass(frozen=True)
class Outcome:
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int
    refused: bool = False  # the URL may not be called: no request was made

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def backoff(attempt: int, settings: ReportsSettings) -> float:
    """Seconds before the attempt after `attempt`: doubling, capped, plus up to a quarter at random
    (so receivers that were down together are not called again all at once)."""
    delay = min(settings.webhooks_backoff_max_seconds, settings.webhooks_backoff_seconds * 2 ** (attempt - 1))
    return delay * random.uniform(1.0, 1.25)


def body(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "type": delivery.event,
        "timestamp": delivery.occurred_at.isoformat().replace("+00:00", "Z"),
        "data": delivery.payload,
    }
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()


async def deliver(
    sessionmaker: async_sessionmaker[AsyncSession],
    http: httpx.AsyncClient,
    settings: ReportsSettings,
    delivery_id: uuid.UUID,
) -> Result:
    """Make the delivery's next attempt if it is due. Safe to run any number of times, at once
    or one after another: a delivery is sent successfully at most once."""
    async with session_scope(sessionmaker) as session:
        step = await _claim(session, delivery_id, settings)
    if isinstance(step, Result):
        return step
    outcome = await _send(http, step, settings)
    async with session_scope(sessionmaker) as session:
        return await _record(session, step, outcome, settings)


async def fail(sessionmaker: async_sessionmaker[AsyncSession], delivery_id: uuid.UUID, reason: str) -> None:
    """End an unfinished delivery `failed` (its job stopped on an error of its own, not an
    outage): retrying would meet the same error."""
    async with session_scope(sessionmaker) as session:
        delivery = await repository.get_delivery(session, delivery_id, for_update=True)
        if delivery is not None and delivery.status not in (DeliveryStatus.delivered, DeliveryStatus.failed):
            delivery.last_error = reason
            _finish(delivery, DeliveryStatus.failed, utcnow())


async def _claim(session: AsyncSession, delivery_id: uuid.UUID, settings: ReportsSettings) -> Claim | Result:
    delivery = await repository.get_delivery(session, delivery_id, for_update=True)
    if delivery is None or delivery.status in (DeliveryStatus.delivered, DeliveryStatus.failed):
        return Result(DeliveryStatus(delivery.status) if delivery else None)
    now = utcnow()
    if delivery.next_attempt_at > now + EARLY_TOLERANCE:
        # Not due yet, or another job holds the claim: look again then.
        return Result(DeliveryStatus(delivery.status), (delivery.next_attempt_at - now).total_seconds())
    if delivery.status == DeliveryStatus.sending:
        # The job that claimed it stopped mid-call (its worker died): that attempt's outcome is unknown.
        lost = Outcome(now, None, "no outcome recorded: the worker stopped", 0)
        _add_attempt(session, delivery, lost, number=delivery.attempts)
        delivery.last_status_code, delivery.last_error = None, lost.error
        if delivery.attempts >= settings.webhooks_max_attempts:
            return _finish(delivery, DeliveryStatus.failed, now)
    subscription = await repository.get_subscription(session, delivery.subscription_id)
    if subscription is None or not subscription.active:
        delivery.last_error = "the webhook is paused"
        return _finish(delivery, DeliveryStatus.failed, now)
    stored = [subscription.secret]
    if subscription.previous_secret and (subscription.previous_secret_expires_at or now) > now:
        stored.append(subscription.previous_secret)
    try:
        secrets = [sealing.unseal(secret, settings) for secret in stored]
    except sealing.InvalidToken:
        log.error("webhook secret sealed under an unknown key", extra={"webhook_id": str(subscription.id)})
        delivery.last_error = "the signing secret cannot be opened: SECRET_KEY changed without keeping the old one"
        return _finish(delivery, DeliveryStatus.failed, now)
    delivery.status = DeliveryStatus.sending
    delivery.attempts += 1
    held = settings.webhooks_timeout_seconds + settings.webhooks_claim_margin_seconds
    delivery.next_attempt_at = now + timedelta(seconds=held)
    return Claim(delivery.id, delivery.attempts, subscription.url, secrets, str(delivery.message_id), body(delivery))


async def _send(http: httpx.AsyncClient, claim: Claim, settings: ReportsSettings) -> Outcome:
    """The attempt, all of it (resolving the host, connecting, sending, the answer's status line)
    within `webhooks_timeout_seconds`: httpx's timeouts bound each read, so a receiver that
    dribbles its answer a byte at a time would otherwise hold the worker's slot for as long as it
    likes."""
    attempted_at, started = utcnow(), time.perf_counter()

    def outcome(status_code: int | None, error: str | None, *, refused: bool = False) -> Outcome:
        return Outcome(attempted_at, status_code, error, round((time.perf_counter() - started) * 1000), refused)

    timeout = settings.webhooks_timeout_seconds
    try:
        async with asyncio.timeout(timeout):
            target = await ssrf.resolve(claim.url, allow_loopback=settings.webhooks_allow_loopback)
            status_code = await _post(http, target, claim.body, _headers(claim), timeout)
    except ssrf.Unresolvable as exc:
        return outcome(None, str(exc))  # perhaps passing: tried again later
    except ssrf.UnsafeURL as exc:
        return outcome(None, f"refused, nothing was sent (url: {exc})", refused=True)
    except TimeoutError:
        return outcome(None, f"no answer within {timeout:g} s")
    except httpx.TimeoutException as exc:
        if _refused(exc):
            return outcome(None, "could not connect")
        return outcome(None, f"no answer within {timeout:g} s")
    except httpx.HTTPError as exc:
        return outcome(None, f"could not connect: {type(exc).__name__}: {exc}"[:300])
    if 300 <= status_code < 400:
        return outcome(status_code, "redirects are not followed")
    return outcome(status_code, None)


def _headers(claim: Claim) -> dict[str, str]:
    headers = signing.headers(claim.secrets, claim.message_id, int(time.time()), claim.body)
    headers.update({"content-type": "application/json", "user-agent": USER_AGENT})
    return headers


def _refused(exc: httpx.HTTPError) -> bool:
    """A connection that failed at once (httpx-aiohttp reports a refused connection as ConnectTimeout)."""
    return isinstance(exc, httpx.ConnectError) or (
        isinstance(exc, httpx.ConnectTimeout) and not isinstance(exc.__cause__, TimeoutError)
    )


async def _post(
    http: httpx.AsyncClient, target: ssrf.Target, body: bytes, headers: dict[str, str], seconds: float
) -> int:
    """POST to the checked addresses in turn, until one takes the connection; returns the status.
    The body of the answer is not read: only the status matters."""
    for index, address in enumerate(target.addresses):
        url, extensions, host = _pinned(target, address)
        try:
            async with http.stream(
                "POST", url, content=body, headers={**headers, **host}, extensions=extensions, timeout=seconds
            ) as response:
                return response.status_code
        except httpx.HTTPError as exc:
            if index == len(target.addresses) - 1 or not _refused(exc):
                raise
    raise AssertionError("a target has at least one address")


def _pinned(target: ssrf.Target, address: ssrf.IPAddress) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """The URL to call `address`, checked, rather than whatever the name resolves to a moment
    later; the host name still goes in the Host header and the TLS handshake (SNI, certificate)."""
    try:
        ipaddress.ip_address(target.host)
        return target.url, {}, {}  # the URL names the address itself
    except ValueError:
        pass
    extensions = {"sni_hostname": target.host} if target.url.scheme == "https" else {}
    return target.url.copy_with(host=str(address)), extensions, {"host": target.url.netloc.decode("ascii")}


async def _record(session: AsyncSession, claim: Claim, outcome: Outcome, settings: ReportsSettings) -> Result:
    delivery = await repository.get_delivery(session, claim.delivery_id, for_update=True)
    if delivery is None:
        return Result(None)  # its webhook was deleted meanwhile
    if delivery.status != DeliveryStatus.sending or delivery.attempts != claim.number:
        return Result(DeliveryStatus(delivery.status))  # taken over after the claim ran out
    _add_attempt(session, delivery, outcome, number=claim.number)
    delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
    extra = {"delivery_id": str(delivery.id), "attempt": claim.number, "status_code": outcome.status_code}
    if outcome.delivered:
        log.info("webhook delivered", extra=extra)
        return _finish(delivery, DeliveryStatus.delivered, outcome.attempted_at)
    if outcome.refused or delivery.attempts >= settings.webhooks_max_attempts:
        log.warning("webhook delivery failed", extra={**extra, "error": outcome.error})
        return _finish(delivery, DeliveryStatus.failed, outcome.attempted_at)
    delay = backoff(delivery.attempts, settings)
    delivery.status = DeliveryStatus.pending
    delivery.next_attempt_at = utcnow() + timedelta(seconds=delay)
    log.info("webhook attempt failed; will retry", extra={**extra, "error": outcome.error, "retry_in": delay})
    return Result(DeliveryStatus.pending, delay)


def _add_attempt(session: AsyncSession, delivery: WebhookDelivery, outcome: Outcome, *, number: int) -> None:
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            number=number,
            attempted_at=outcome.attempted_at,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
        )
    )


def _finish(delivery: WebhookDelivery, status: DeliveryStatus, at: datetime) -> Result:
    delivery.status = status
    delivery.finished_at = at
    return Result(status)
