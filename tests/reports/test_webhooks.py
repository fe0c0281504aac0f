"""Webhooks for report events: subscriptions, signed deliveries to a real HTTP receiver, retries,
the sweeper, the SSRF guard and who may do what."""

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web
from arq import Retry
from fastapi import FastAPI
from pydantic import ValidationError
from redis.asyncio import Redis
from sqlalchemy import delete, update

from services.reports import tasks
from services.reports.app import create_app as create_reports
from services.reports.config import ReportsSettings
from services.reports.jobs import WEBHOOK_DELIVER
from services.reports.models.webhooks import DeliveryStatus, WebhookDelivery, WebhookSubscription
from services.reports.webhooks import delivery as delivery_module
from services.reports.webhooks import service, ssrf
from services.reports.webhooks import tasks as webhook_tasks
from shared.app import running
from shared.db import session_scope, utcnow
from shared.identity import Identity
from shared.jobs import JobQueue, job_id
from shared.settings import MAX_JOBS
from tests import factories
from tests.conftest import TEST_SECRET, Env, RunWorker, World, as_identity
from tests.reports.test_report_runs import open_desk
from tests.support.apps import asgi_client

PUBLIC_URL = "https://93.184.215.14/hooks/coalition-hub"  # an address literal: no DNS needed
EVENTS = ["report.completed", "report.failed", "report.published", "report.regeneration_needed"]


# --- a real receiver ------------------------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that records what it receives; answers 500 to the first
    `fail_first` requests, then `status`."""

    port: int = 0
    requests: list[Received] = field(default_factory=list)
    fail_first: int = 0
    status: int = 200
    delay: float = 0.0
    answer_headers: dict[str, str] = field(default_factory=dict)

    def url(self, path: str = "/hook", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(
            Received(request.path, {k.lower(): v for k, v in request.headers.items()}, await request.read())
        )
        if self.delay:
            await asyncio.sleep(self.delay)
        if len(self.requests) <= self.fail_first:
            return web.Response(status=500, text="not now")
        return web.Response(status=self.status, headers=self.answer_headers, text="thanks")


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    found = Receiver()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", found.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    found.port = runner.addresses[0][1]
    try:
        yield found
    finally:
        await runner.cleanup()


def verifies(secret: str, received: Received) -> bool:
    """The receiver's check, written from the documented scheme (Standard Webhooks)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{received.headers['webhook-id']}.{received.headers['webhook-timestamp']}.".encode() + received.body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, s) for s in received.headers["webhook-signature"].split(" "))


# --- apps, callers and jobs -----------------------------------------------------------------


def settings_for(env: Env, **overrides: Any) -> ReportsSettings:
    values: dict[str, Any] = {
        "webhooks_allow_loopback": True,
        "webhooks_backoff_seconds": 0.05,
        "webhooks_max_attempts": 3,
        "webhooks_timeout_seconds": 2,
    }
    return ReportsSettings(**{**env.settings(), **values, **overrides})


@pytest.fixture(scope="module")
async def loopback_app(env: Env) -> AsyncIterator[FastAPI]:
    """The reports service as tests run it against a receiver on this machine."""
    async with running(create_reports(settings_for(env))) as app:
        yield app


PLATFORM_ADMIN = Identity(kind="account", account_id=uuid.uuid4(), organisation_id=uuid.uuid4(), platform_admin=True)


def client(app: FastAPI, identity: Identity) -> httpx.AsyncClient:
    c = asgi_client(app, "http://reports", signer=as_identity(identity))
    c.headers["If-Match"] = "*"  # changes whatever state there is, unless a test sends an ETag
    return c


@pytest.fixture
async def org(reports_app: FastAPI) -> AsyncIterator[uuid.UUID]:
    """A fresh organisation; its webhooks (and their deliveries) are removed afterwards, so no
    delivery of this test is left for another test's worker or sweeper."""
    org_id = uuid.uuid4()
    yield org_id
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(delete(WebhookSubscription).where(WebhookSubscription.organisation_id == org_id))


async def register(app: FastAPI, org: uuid.UUID, url: str, events: list[str] | None = None) -> dict[str, Any]:
    async with client(app, factories.account(org, "admin")) as c:
        response = await c.post(
            f"/v1/reports/organisations/{org}/webhooks", json={"url": url, "events": events or ["report.completed"]}
        )
    assert response.status_code == 201, response.text
    return response.json()


async def emit(
    app: FastAPI, event: str, payload: dict[str, Any], organisations: set[uuid.UUID] | None
) -> list[uuid.UUID]:
    async with session_scope(app.state.sessionmaker) as session:
        return await service.emit(session, event, payload, organisations)


Job = Callable[..., Any]


@pytest.fixture
async def run_job(env: Env) -> AsyncIterator[Callable[..., Any]]:
    """Run the delivery job function as the worker would, with the settings given."""
    opened: list[tasks.Resources] = []

    async def run(delivery_id: uuid.UUID, *, job_try: int = 1, **settings: Any) -> str | None:
        resources = tasks.Resources.open(settings_for(env, **settings))
        opened.append(resources)
        return await webhook_tasks.deliver({"reports": resources, "job_try": job_try}, str(delivery_id))

    yield run
    for resources in opened:
        await resources.close()


async def read_delivery(app: FastAPI, org: uuid.UUID, webhook: str, delivery_id: uuid.UUID) -> dict[str, Any]:
    async with client(app, factories.account(org, "admin")) as c:
        response = await c.get(f"/v1/reports/organisations/{org}/webhooks/{webhook}/deliveries/{delivery_id}")
    assert response.status_code == 200, response.text
    return response.json()


# --- subscriptions --------------------------------------------------------------------------


async def test_registering_shows_the_secret_once(reports_app: FastAPI, org: uuid.UUID) -> None:
    async with client(reports_app, factories.account(org, "admin")) as c:
        response = await c.post(
            f"/v1/reports/organisations/{org}/webhooks",
            json={
                "url": PUBLIC_URL,
                "events": ["report.published", "report.completed", "report.published"],
                "description": "  CMS  ",
            },
        )
        created = response.json()
        read = (await c.get(f"/v1/reports/organisations/{org}/webhooks/{created['id']}")).json()
        listed = (await c.get(f"/v1/reports/organisations/{org}/webhooks")).json()["items"]

    assert response.status_code == 201
    assert response.headers["location"] == f"/v1/reports/organisations/{org}/webhooks/{created['id']}"
    assert created["secret"].startswith("whsec_") and len(base64.b64decode(created["secret"][6:])) == 32
    assert created["events"] == ["report.completed", "report.published"] and created["description"] == "CMS"
    assert created["url"] == PUBLIC_URL and created["organisation_id"] == str(org) and created["active"] is True
    assert "secret" not in read and [w["id"] for w in listed] == [created["id"]]
    assert created["secret"] not in json.dumps(read) + json.dumps(listed)
    async with client(reports_app, PLATFORM_ADMIN) as c:
        audit = (await c.get("/v1/reports/audit", params={"limit": 500})).json()["items"]
    assert any(
        e["action"] == "POST /v1/reports/organisations/{org_id}/webhooks" and e["target"] == {"org_id": str(org)}
        for e in audit
    )


async def test_members_list_webhooks_without_paths_but_cannot_manage_them(reports_app: FastAPI, org: uuid.UUID) -> None:
    created = await register(reports_app, org, PUBLIC_URL + "?token=receiver-own-secret")
    one = f"/v1/reports/organisations/{org}/webhooks/{created['id']}"
    async with client(reports_app, factories.account(org)) as c:
        listed = await c.get(f"/v1/reports/organisations/{org}/webhooks")
        refused = [
            await c.get(one),
            await c.post(f"/v1/reports/organisations/{org}/webhooks", json={"url": PUBLIC_URL, "events": EVENTS}),
            await c.patch(one, json={"active": False}),
            await c.delete(one),
            await c.post(one + "/rotate-secret"),
            await c.get(one + "/deliveries"),
        ]

    assert listed.status_code == 200
    assert listed.json()["items"][0]["url"] == "https://93.184.215.14/…"
    assert [r.status_code for r in refused] == [403] * 6


async def test_other_organisations_and_anonymous_callers_are_refused(reports_app: FastAPI, org: uuid.UUID) -> None:
    created = await register(reports_app, org, PUBLIC_URL)
    other = uuid.uuid4()
    async with client(reports_app, factories.account(other, "admin")) as c:
        foreign = [
            await c.get(f"/v1/reports/organisations/{org}/webhooks"),
            await c.delete(f"/v1/reports/organisations/{org}/webhooks/{created['id']}"),
        ]
        # Their own organisation's path does not reach another organisation's webhook.
        crossed = await c.delete(f"/v1/reports/organisations/{other}/webhooks/{created['id']}")
    async with client(reports_app, Identity.anonymous()) as c:
        anonymous = await c.get(f"/v1/reports/organisations/{org}/webhooks")
    async with client(reports_app, PLATFORM_ADMIN) as c:
        platform = await c.get(f"/v1/reports/organisations/{org}/webhooks/{created['id']}")

    assert [r.status_code for r in foreign] == [403, 403]
    assert crossed.status_code == 404
    assert anonymous.status_code == 401
    assert platform.status_code == 200 and platform.json()["url"] == PUBLIC_URL


async def test_admins_update_pause_and_delete_a_webhook(reports_app: FastAPI, org: uuid.UUID) -> None:
    created = await register(reports_app, org, PUBLIC_URL)
    one = f"/v1/reports/organisations/{org}/webhooks/{created['id']}"
    async with client(reports_app, factories.account(org, "admin")) as c:
        changed = await c.patch(one, json={"events": ["report.failed"], "active": False, "description": "paused"})
        paused_ids = await emit(reports_app, "report.failed", {"x": 1}, {org})
        deleted = await c.delete(one)
        gone = await c.get(one)
        again = await c.delete(one)

    assert changed.status_code == 200
    assert changed.json()["events"] == ["report.failed"] and changed.json()["active"] is False
    assert paused_ids == []  # a paused webhook receives nothing
    assert deleted.status_code == 204 and gone.status_code == 404 and again.status_code == 404


async def test_subscriptions_per_organisation_are_limited(reports_app: FastAPI, org: uuid.UUID) -> None:
    limit = reports_app.state.settings.webhooks_max_per_organisation
    for _ in range(limit):
        await register(reports_app, org, PUBLIC_URL)
    async with client(reports_app, factories.account(org, "admin")) as c:
        response = await c.post(f"/v1/reports/organisations/{org}/webhooks", json={"url": PUBLIC_URL, "events": EVENTS})
        listed = (await c.get(f"/v1/reports/organisations/{org}/webhooks")).json()["items"]

    assert response.status_code == 409
    assert "most allowed" in response.json()["detail"]
    assert len(listed) == limit


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": ["report.completed"]}, "url"),
        ({"url": 42, "events": ["report.completed"]}, "url"),
        ({"url": "", "events": ["report.completed"]}, "url"),
        ({"url": "https://example.org/" + "a" * 2048, "events": ["report.completed"]}, "url"),
        ({"url": "ftp://93.184.215.14/x", "events": ["report.completed"]}, "url"),
        ({"url": "http://93.184.215.14/x", "events": ["report.completed"]}, "url"),
        ({"url": "not a url", "events": ["report.completed"]}, "url"),
        ({"url": "https://user:pw@93.184.215.14/x", "events": ["report.completed"]}, "url"),
        ({"url": "https://93.184.215.14/x#frag", "events": ["report.completed"]}, "url"),
        ({"url": "https://no-such-host.invalid/x", "events": ["report.completed"]}, "url"),
        ({"url": PUBLIC_URL}, "events"),
        ({"url": PUBLIC_URL, "events": []}, "events"),
        ({"url": PUBLIC_URL, "events": "report.completed"}, "events"),
        ({"url": PUBLIC_URL, "events": ["report.deleted"]}, "events.0"),
        ({"url": PUBLIC_URL, "events": ["report.completed"], "description": "x" * 501}, "description"),
        ({"url": PUBLIC_URL, "events": ["report.completed"], "description": ["x"]}, "description"),
        ({"url": PUBLIC_URL, "events": ["report.completed"], "description": "nul\x00byte"}, "description"),
        ({"url": "https://93.184.215.14/\x00", "events": ["report.completed"]}, "url"),
        ({"url": "https://[::1/x", "events": ["report.completed"]}, "url"),
        ({"url": "https://" + "a" * 70 + ".org/x", "events": ["report.completed"]}, "url"),
        ({"url": PUBLIC_URL, "events": ["report.completed"], "secret": "mine"}, "secret"),
    ],
)
async def test_bad_input_names_the_field_and_stores_nothing(
    reports_app: FastAPI, org: uuid.UUID, body: dict[str, Any], field: str
) -> None:
    async with client(reports_app, factories.account(org, "admin")) as c:
        response = await c.post(f"/v1/reports/organisations/{org}/webhooks", json=body)
        listed = (await c.get(f"/v1/reports/organisations/{org}/webhooks")).json()["items"]

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert all(e["reason"] for e in response.json()["errors"])
    assert listed == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": None}, "url"),
        ({"events": None}, "events"),
        ({"url": "https://10.0.0.1/x"}, "url"),
        ({"events": []}, "events"),
        ({"events": ["nope"]}, "events.0"),
        ({"description": "x" * 501}, "description"),
        ({"description": "bell\x07"}, "description"),
        ({"active": "sometimes"}, "active"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_bad_updates_name_the_field_and_change_nothing(
    reports_app: FastAPI, org: uuid.UUID, body: dict[str, Any], field: str
) -> None:
    created = await register(reports_app, org, PUBLIC_URL)
    one = f"/v1/reports/organisations/{org}/webhooks/{created['id']}"
    async with client(reports_app, factories.account(org, "admin")) as c:
        response = await c.patch(one, json=body)
        after = (await c.get(one)).json()

    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    assert after == {k: v for k, v in created.items() if k != "secret"}


async def test_bad_path_and_query_parameters_are_field_errors(reports_app: FastAPI, org: uuid.UUID) -> None:
    created = await register(reports_app, org, PUBLIC_URL)
    async with client(reports_app, PLATFORM_ADMIN) as c:
        bad_org = await c.get("/v1/reports/organisations/not-a-uuid/webhooks")
        bad_status = await c.get(f"/v1/reports/organisations/{org}/webhooks/{created['id']}/deliveries?status=lost")
        bad_cursor = await c.get(f"/v1/reports/organisations/{org}/webhooks/{created['id']}/deliveries?cursor=0")
        huge_cursor = await c.get(f"/v1/reports/organisations/{org}/webhooks/{created['id']}/deliveries?cursor={2**64}")
        bad_limit = await c.get(f"/v1/reports/organisations/{org}/webhooks/{created['id']}/deliveries?limit=9999")
        bad_delivery = await c.get(f"/v1/reports/organisations/{org}/webhooks/{created['id']}/deliveries/x")

    assert bad_org.status_code == 403  # no organisation, so no admin of it
    assert [e["field"] for e in bad_status.json()["errors"]] == ["query.status"]
    assert [e["field"] for e in bad_cursor.json()["errors"]] == ["query.cursor"]
    assert [e["field"] for e in huge_cursor.json()["errors"]] == ["query.cursor"]
    assert [e["field"] for e in bad_limit.json()["errors"]] == ["query.limit"]
    assert [e["field"] for e in bad_delivery.json()["errors"]] == ["path.delivery_id"]


# --- the SSRF guard -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://127.0.0.1/hook", "loopback"),
        ("https://127.1/hook", "loopback"),
        ("https://2130706433/hook", "loopback"),
        ("https://10.1.2.3/hook", "private"),
        ("https://192.168.0.10/hook", "private"),
        ("https://172.16.5.4/hook", "private"),
        ("https://169.254.169.254/latest/meta-data/", "metadata"),
        ("https://169.254.10.10/hook", "link-local"),
        ("https://[::1]/hook", "loopback"),
        ("https://[::ffff:127.0.0.1]/hook", "loopback"),
        ("https://[::ffff:169.254.169.254]/hook", "metadata"),
        ("https://[fd00:ec2::254]/hook", "metadata"),
        ("https://[fe80::1]/hook", "link-local"),
        ("https://[fc00::1]/hook", "private"),
        ("https://0.0.0.0/hook", "unspecified"),
        ("https://224.0.0.1/hook", "multicast"),
        ("https://100.64.0.1/hook", "not a public"),
        ("https://localhost/hook", "loopback"),
        ("https://localhost:8443/hook", "loopback"),
    ],
)
async def test_registering_an_internal_address_is_refused(
    reports_app: FastAPI, org: uuid.UUID, url: str, why: str
) -> None:
    assert reports_app.state.settings.webhooks_allow_loopback is False
    async with client(reports_app, factories.account(org, "admin")) as c:
        response = await c.post(f"/v1/reports/organisations/{org}/webhooks", json={"url": url, "events": EVENTS})

    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["field"] == "url" and why in error["reason"]


MALFORMED_HOSTS = [
    ("https://xn--/hook", "hyphen"),  # an A-label with nothing after its prefix
    ("https://xn--zz.example.org/hook", "Punycode"),
    ("https://xn--a.example.org/hook", "internationalised"),  # decodes to a control character
    ("https://a..b/hook", "empty label"),
    ("https://.example.org/hook", "empty label"),
    ("https://-a.com/hook", "hyphen"),
    ("https://a-.com/hook", "hyphen"),
    ("https://" + "a" * 64 + ".com/hook", "longer than 63"),
    ("https://" + "a." * 127 + "com/hook", "longer than 253"),
    ("https://ex%41mple.com/hook", "letters, digits, hyphens"),
]


@pytest.mark.parametrize(("url", "why"), MALFORMED_HOSTS)
async def test_a_malformed_host_name_is_a_field_error_on_registration(
    reports_app: FastAPI, org: uuid.UUID, url: str, why: str
) -> None:
    async with client(reports_app, factories.account(org, "admin")) as c:
        response = await c.post(f"/v1/reports/organisations/{org}/webhooks", json={"url": url, "events": EVENTS})
        listed = (await c.get(f"/v1/reports/organisations/{org}/webhooks")).json()["items"]

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["field"] == "url" and why in error["reason"]
    assert listed == []


@pytest.mark.parametrize(("url", "why"), MALFORMED_HOSTS)
async def test_a_malformed_host_name_is_a_field_error_on_update(
    reports_app: FastAPI, org: uuid.UUID, url: str, why: str
) -> None:
    created = await register(reports_app, org, PUBLIC_URL)
    one = f"/v1/reports/organisations/{org}/webhooks/{created['id']}"
    async with client(reports_app, factories.account(org, "admin")) as c:
        response = await c.patch(one, json={"url": url})
        after = (await c.get(one)).json()

    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["field"] == "url" and why in error["reason"]
    assert after["url"] == PUBLIC_URL


def test_an_internationalised_name_dns_takes_is_checked_and_called_in_ascii() -> None:
    # U+1F4A9 is not allowed by IDNA 2008, so httpx cannot decode the name, but DNS takes it.
    address = ipaddress.ip_address("93.184.215.14")
    parsed = ssrf.parse("https://xn--ls8h.example/hook")
    url, extensions, headers = delivery_module._pinned(ssrf.Target(parsed, [address]), address)

    assert str(parsed) == "https://xn--ls8h.example/hook"
    assert str(url) == "https://93.184.215.14/hook"
    assert extensions == {"sni_hostname": "xn--ls8h.example"}
    assert headers == {"host": "xn--ls8h.example"}
    assert ssrf.Target(ssrf.parse("https://bücher.example/"), [address]).host == "xn--bcher-kva.example"


async def test_the_loopback_setting_allows_loopback_only() -> None:
    allowed = await ssrf.resolve("http://localhost:9/x", allow_loopback=True)
    assert allowed.addresses and all(a.is_loopback for a in allowed.addresses)
    for url in ("http://10.0.0.1/x", "https://169.254.169.254/", "https://192.168.1.1/"):
        with pytest.raises(ssrf.UnsafeURL):
            await ssrf.resolve(url, allow_loopback=True)
    with pytest.raises(ssrf.UnsafeURL, match="https"):
        await ssrf.resolve("http://127.0.0.1/x", allow_loopback=False)


def test_the_service_refuses_to_start_in_production_with_loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTS_WEBHOOKS_ALLOW_LOOPBACK", "true")
    real = {"environment": "production", "secret_key": "a-real-secret-" + "y" * 30}
    with pytest.raises(ValidationError, match="REPORTS_WEBHOOKS_ALLOW_LOOPBACK"):
        ReportsSettings(**real)
    assert ReportsSettings(**{**real, "environment": "test"}).webhooks_allow_loopback is True


async def test_a_url_that_turned_internal_is_refused_at_delivery_and_nothing_is_sent(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    # Registered while allowed; at delivery time the name resolves to an address that is not.
    created = await register(loopback_app, org, f"https://localhost:{receiver.port}/hook")
    [delivery_id] = await emit(loopback_app, "report.completed", {"report_id": "r1"}, {org})

    outcome = await run_job(delivery_id, webhooks_allow_loopback=False)

    assert outcome == "failed" and receiver.requests == []
    found = await read_delivery(loopback_app, org, created["id"], delivery_id)
    assert found["status"] == "failed" and found["attempts"] == 1 and found["next_attempt_at"] is None
    [attempt] = found["history"]
    assert attempt["status_code"] is None and "refused, nothing was sent" in attempt["error"]
    assert "127.0.0.1 is a loopback address" in attempt["error"]


# --- deliveries -----------------------------------------------------------------------------


async def test_a_delivery_is_signed_so_the_receiver_can_verify_it(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    created = await register(loopback_app, org, receiver.url(host="localhost"))
    report = uuid.uuid4()
    [delivery_id] = await emit(loopback_app, "report.completed", {"report_id": report, "edition": 2}, {org})

    outcome = await run_job(delivery_id)

    assert outcome == "delivered"
    [received] = receiver.requests
    assert received.path == "/hook"
    assert received.headers["webhook-id"] == str(delivery_id)
    assert abs(int(received.headers["webhook-timestamp"]) - time.time()) < 30
    assert received.headers["content-type"] == "application/json"
    assert received.headers["host"] == f"localhost:{receiver.port}"  # the name, though the address was pinned
    assert verifies(created["secret"], received)
    assert not verifies("whsec_" + base64.b64encode(b"w" * 32).decode(), received)
    body = json.loads(received.body)
    assert body["type"] == "report.completed" and body["data"] == {"report_id": str(report), "edition": 2}
    assert datetime.fromisoformat(body["timestamp"]) <= datetime.now(UTC)
    found = await read_delivery(loopback_app, org, created["id"], delivery_id)
    assert found["status"] == "delivered" and found["last_status_code"] == 200 and found["finished_at"]
    assert found["payload"] == body["data"] and found["message_id"] == str(delivery_id)


async def test_failures_are_retried_with_growing_delays_and_every_attempt_is_recorded(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    receiver.fail_first = 3
    created = await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {"report_id": "r"}, {org})

    delays = []
    for job_try in (1, 2, 3):
        with pytest.raises(Retry) as retry:
            await run_job(delivery_id, job_try=job_try, webhooks_max_attempts=5)
        delays.append(retry.value.defer_score)
        waiting = await read_delivery(loopback_app, org, created["id"], delivery_id)
        assert waiting["status"] == "pending" and waiting["last_status_code"] == 500
    outcome = await run_job(delivery_id, job_try=4, webhooks_max_attempts=5)

    assert outcome == "delivered"
    assert delays == sorted(delays) and len(set(delays)) == 3
    assert 50 <= delays[0] <= 63 and 100 <= delays[1] <= 125 and 200 <= delays[2] <= 250  # ms: 0.05 s doubling
    found = await read_delivery(loopback_app, org, created["id"], delivery_id)
    assert found["status"] == "delivered" and found["attempts"] == 4
    assert [(a["number"], a["status_code"]) for a in found["history"]] == [(1, 500), (2, 500), (3, 500), (4, 200)]
    assert all(a["duration_ms"] >= 0 and a["attempted_at"] for a in found["history"])
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1  # one message, retried
    assert all(verifies(created["secret"], r) for r in receiver.requests)


async def test_a_delivery_is_given_up_after_the_most_attempts(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    receiver.status = 503
    created = await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {"report_id": "r"}, {org})

    for _ in range(2):
        with pytest.raises(Retry):
            await run_job(delivery_id, webhooks_max_attempts=3)
    last = await run_job(delivery_id, webhooks_max_attempts=3)
    after = await run_job(delivery_id, webhooks_max_attempts=3)

    assert last == "failed" and after == "failed"
    assert len(receiver.requests) == 3
    found = await read_delivery(loopback_app, org, created["id"], delivery_id)
    assert found["status"] == "failed" and found["attempts"] == 3 and found["last_status_code"] == 503
    assert [a["status_code"] for a in found["history"]] == [503, 503, 503]


async def test_connection_failures_are_recorded_as_errors(loopback_app: FastAPI, org: uuid.UUID, run_job: Job) -> None:
    created = await register(loopback_app, org, "http://127.0.0.1:9/nobody-listens")
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})

    with pytest.raises(Retry):
        await run_job(delivery_id)

    [attempt] = (await read_delivery(loopback_app, org, created["id"], delivery_id))["history"]
    assert attempt["status_code"] is None and "could not connect" in attempt["error"]
    async with session_scope(loopback_app.state.sessionmaker) as session:  # leave nothing pending behind
        await session.execute(delete(WebhookDelivery).where(WebhookDelivery.id == delivery_id))


async def test_redirects_are_not_followed(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    receiver.status, receiver.answer_headers = 302, {"Location": "http://127.0.0.1:9/elsewhere"}
    created = await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})

    with pytest.raises(Retry):
        await run_job(delivery_id)

    assert [r.path for r in receiver.requests] == ["/hook"]
    [attempt] = (await read_delivery(loopback_app, org, created["id"], delivery_id))["history"]
    assert attempt["status_code"] == 302 and attempt["error"] == "redirects are not followed"


async def test_a_slow_receiver_times_out(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    receiver.delay = 1.5
    created = await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})

    started = time.monotonic()
    with pytest.raises(Retry):
        await run_job(delivery_id, webhooks_timeout_seconds=0.3)

    assert time.monotonic() - started < 1.4
    [attempt] = (await read_delivery(loopback_app, org, created["id"], delivery_id))["history"]
    assert attempt["status_code"] is None and "no answer within 0.3 s" in attempt["error"]


async def test_a_delivery_job_run_twice_at_once_sends_once(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    receiver.delay = 0.3
    created = await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {"report_id": "r"}, {org})

    outcomes = await asyncio.gather(run_job(delivery_id), run_job(delivery_id), return_exceptions=True)
    afterwards = await run_job(delivery_id)

    assert "delivered" in outcomes and any(isinstance(o, Retry) for o in outcomes)  # the other waits for the claim
    assert afterwards == "delivered"
    assert len(receiver.requests) == 1
    found = await read_delivery(loopback_app, org, created["id"], delivery_id)
    assert found["attempts"] == 1 and len(found["history"]) == 1


async def test_a_claim_left_by_a_dead_worker_is_taken_over(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    created = await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})
    async with session_scope(loopback_app.state.sessionmaker) as session:  # claimed, then the worker died
        await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id)
            .values(status=DeliveryStatus.sending, attempts=1, next_attempt_at=utcnow() - timedelta(seconds=5))
        )

    assert await run_job(delivery_id) == "delivered"

    assert len(receiver.requests) == 1
    found = await read_delivery(loopback_app, org, created["id"], delivery_id)
    assert [(a["number"], a["status_code"]) for a in found["history"]] == [(1, None), (2, 200)]
    assert "the worker stopped" in found["history"][0]["error"]


async def test_the_real_worker_delivers_and_retries(
    loopback_app: FastAPI,
    org: uuid.UUID,
    receiver: Receiver,
    run_worker: RunWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {"ALLOW_LOOPBACK": "true", "BACKOFF_SECONDS": "0.05", "MAX_ATTEMPTS": "3"}.items():
        monkeypatch.setenv(f"REPORTS_WEBHOOKS_{name}", value)
    receiver.fail_first = 1
    created = await register(loopback_app, org, receiver.url())
    ids = await emit(loopback_app, "report.completed", {"report_id": "r"}, {org})
    await service.enqueue(loopback_app.state.jobs, ids)
    await service.enqueue(loopback_app.state.jobs, ids)  # asking twice queues one job

    await run_worker()

    assert len(receiver.requests) == 2 and receiver.requests[0].body == receiver.requests[1].body
    found = await read_delivery(loopback_app, org, created["id"], ids[0])
    assert found["status"] == "delivered" and [a["status_code"] for a in found["history"]] == [500, 200]


async def test_rotating_the_secret_signs_with_both_during_the_grace_period(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    created = await register(loopback_app, org, receiver.url())
    async with client(loopback_app, factories.account(org, "admin")) as c:
        rotated = await c.post(f"/v1/reports/organisations/{org}/webhooks/{created['id']}/rotate-secret")
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})
    await run_job(delivery_id)

    assert rotated.status_code == 200
    new = rotated.json()
    assert new["secret"] != created["secret"] and new["secret_rotated_at"] and new["previous_secret_expires_at"]
    [received] = receiver.requests
    signatures = received.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2
    assert verifies(new["secret"], received) and verifies(created["secret"], received)


async def test_secrets_are_sealed_at_rest_and_survive_a_secret_key_rotation(
    env: Env, loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    created = await register(loopback_app, org, receiver.url())
    async with session_scope(loopback_app.state.sessionmaker) as session:
        stored = (await session.get(WebhookSubscription, uuid.UUID(created["id"]))).secret
    rotating = {"secret_key": "rotated-" + "k" * 40, "secret_key_fallbacks": TEST_SECRET}
    rotated = {**rotating, "secret_key_fallbacks": ""}

    async def deliver_one(**settings: Any) -> str | None:
        [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})
        return await run_job(delivery_id, **settings)

    during_rotation = await deliver_one(**rotating)
    before_resealing = await deliver_one(**rotated)
    async with session_scope(loopback_app.state.sessionmaker) as session:
        resealed = await service.reseal_secrets(session, settings_for(env, **rotating))
    after_resealing = await deliver_one(**rotated)

    assert created["secret"] not in stored and created["secret"].removeprefix("whsec_") not in stored
    assert during_rotation == "delivered" and after_resealing == "delivered"
    assert len(receiver.requests) == 2 and all(verifies(created["secret"], r) for r in receiver.requests)
    assert before_resealing == "failed" and resealed >= 1


async def test_without_a_grace_period_only_the_new_secret_signs(
    env: Env, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    async with running(create_reports(settings_for(env, webhooks_secret_grace_seconds=0))) as app:
        created = await register(app, org, receiver.url())
        async with client(app, factories.account(org, "admin")) as c:
            new = (await c.post(f"/v1/reports/organisations/{org}/webhooks/{created['id']}/rotate-secret")).json()
        [delivery_id] = await emit(app, "report.completed", {}, {org})
        await run_job(delivery_id)

    [received] = receiver.requests
    assert new["previous_secret_expires_at"] is None
    assert verifies(new["secret"], received) and not verifies(created["secret"], received)


async def test_admins_list_deliveries_and_redeliver_one(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job, redis: Redis, env: Env
) -> None:
    created = await register(loopback_app, org, receiver.url(), events=EVENTS)
    first = (await emit(loopback_app, "report.completed", {"n": 1}, {org}))[0]
    second = (await emit(loopback_app, "report.published", {"n": 2}, {org}))[0]
    await run_job(first)
    base = f"/v1/reports/organisations/{org}/webhooks/{created['id']}/deliveries"
    async with client(loopback_app, factories.account(org, "admin")) as c:
        page = (await c.get(base, params={"limit": 1})).json()
        rest = (await c.get(base, params={"limit": 1, "cursor": page["next_cursor"]})).json()
        delivered = (await c.get(base, params={"status": "delivered"})).json()
        too_early = await c.post(f"{base}/{second}/redeliver")
        again = await c.post(f"{base}/{first}/redeliver")
    await run_job(uuid.UUID(again.json()["id"]))

    assert [d["id"] for d in page["items"]] == [str(second)] and page["next_cursor"]
    assert [d["id"] for d in rest["items"]] == [str(first)] and rest["next_cursor"] is None
    assert [d["id"] for d in delivered["items"]] == [str(first)]
    assert too_early.status_code == 409
    assert again.status_code == 202
    redelivery = again.json()
    assert again.headers["location"] == f"{base}/{redelivery['id']}"
    assert redelivery["status"] == "pending" and redelivery["redelivery_of"] == str(first)
    assert redelivery["message_id"] == str(first)
    assert job_id(WEBHOOK_DELIVER, redelivery["id"]).encode() in await redis.zrange(env.queue_name, 0, -1)
    assert [r.headers["webhook-id"] for r in receiver.requests] == [str(first), str(first)]
    assert json.loads(receiver.requests[1].body)["data"] == {"n": 1}
    await run_job(second)  # leave nothing pending behind


async def test_deleting_a_webhook_stops_its_deliveries(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    created = await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})
    async with client(loopback_app, factories.account(org, "admin")) as c:
        await c.delete(f"/v1/reports/organisations/{org}/webhooks/{created['id']}")

    assert await run_job(delivery_id) is None
    assert receiver.requests == []


async def test_a_paused_webhook_is_not_called(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job
) -> None:
    created = await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})
    async with client(loopback_app, factories.account(org, "admin")) as c:
        await c.patch(f"/v1/reports/organisations/{org}/webhooks/{created['id']}", json={"active": False})

    assert await run_job(delivery_id) == "failed"
    assert receiver.requests == []
    assert (await read_delivery(loopback_app, org, created["id"], delivery_id))["last_error"] == "the webhook is paused"


async def test_secrets_stay_out_of_the_logs(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job, caplog: pytest.LogCaptureFixture
) -> None:
    receiver.fail_first = 1
    with caplog.at_level(logging.DEBUG):
        created = await register(loopback_app, org, receiver.url("/hook?token=receiver-token"))
        [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})
        with pytest.raises(Retry):
            await run_job(delivery_id)
        await run_job(delivery_id)

    logged = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert "webhook delivered" in logged
    for secret in (created["secret"], created["secret"].removeprefix("whsec_"), "receiver-token"):
        assert secret not in logged


# --- emitting and the sweeper ---------------------------------------------------------------


async def test_emit_records_a_delivery_per_matching_active_subscription(reports_app: FastAPI) -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    try:
        wa = await register(reports_app, a, PUBLIC_URL, ["report.completed", "report.failed"])
        wb = await register(reports_app, b, PUBLIC_URL, ["report.completed"])
        await register(reports_app, c, PUBLIC_URL, ["report.published"])

        for_a = await emit(reports_app, "report.completed", {"report_id": "x"}, {a})
        for_all = await emit(reports_app, "report.completed", {"report_id": "y"}, None)
        nobody = await emit(reports_app, "report.completed", {}, set())
        failed = await emit(reports_app, "report.failed", {}, {b, c})
        with pytest.raises(ValueError):
            await emit(reports_app, "report.exploded", {}, None)

        assert len(for_a) == 1 and nobody == [] and failed == []
        async with session_scope(reports_app.state.sessionmaker) as session:
            rows = {d: await session.get(WebhookDelivery, d) for d in [*for_a, *for_all]}
        assert rows[for_a[0]].subscription_id == uuid.UUID(wa["id"])
        mine = {rows[d].subscription_id for d in for_all} & {uuid.UUID(wa["id"]), uuid.UUID(wb["id"])}
        assert len(mine) == 2  # every subscriber to the event, in every organisation
        assert all(rows[d].status == DeliveryStatus.pending for d in rows)
    finally:
        async with session_scope(reports_app.state.sessionmaker) as session:
            await session.execute(delete(WebhookSubscription).where(WebhookSubscription.organisation_id.in_([a, b, c])))


async def test_emitting_in_a_transaction_that_rolls_back_records_nothing(reports_app: FastAPI, org: uuid.UUID) -> None:
    created = await register(reports_app, org, PUBLIC_URL)
    with pytest.raises(RuntimeError):
        async with session_scope(reports_app.state.sessionmaker) as session:
            await service.emit(session, "report.completed", {}, {org})
            raise RuntimeError("the caller's write failed")

    async with client(reports_app, factories.account(org, "admin")) as c:
        listed = (await c.get(f"/v1/reports/organisations/{org}/webhooks/{created['id']}/deliveries")).json()
    assert listed["items"] == []


async def test_the_sweeper_re_enqueues_a_delivery_whose_job_redis_lost(
    reports_app: FastAPI, org: uuid.UUID, redis: Redis, env: Env
) -> None:
    await register(reports_app, org, PUBLIC_URL)
    [lost] = await emit(reports_app, "report.completed", {}, {org})
    [fresh] = await emit(reports_app, "report.completed", {}, {org})
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == lost)
            .values(next_attempt_at=utcnow() - timedelta(minutes=5))
        )
    queue = JobQueue(reports_app.state.jobs.pool, env.queue_name)
    try:
        requeued = await service.sweep(reports_app.state.sessionmaker, queue, after_seconds=60)
        again = await service.sweep(reports_app.state.sessionmaker, queue, after_seconds=60)
        queued = await redis.zrange(env.queue_name, 0, -1)
    finally:
        for delivery_id in (lost, fresh):  # no job to a public address is left for another test's worker
            await redis.zrem(env.queue_name, job_id(WEBHOOK_DELIVER, delivery_id))
            await redis.delete(f"arq:job:{job_id(WEBHOOK_DELIVER, delivery_id)}")

    assert requeued >= 1 and again == 0  # the job exists now: its id is the delivery's
    assert job_id(WEBHOOK_DELIVER, lost).encode() in queued
    assert job_id(WEBHOOK_DELIVER, fresh).encode() not in queued  # just emitted: its enqueue may be in flight


def test_backoff_doubles_with_jitter_up_to_the_cap(env: Env) -> None:
    settings = settings_for(env, webhooks_backoff_seconds=60, webhooks_backoff_max_seconds=600)
    for attempt, base in [(1, 60), (2, 120), (3, 240), (4, 480), (5, 600), (9, 600)]:
        samples = [delivery_module.backoff(attempt, settings) for _ in range(200)]
        assert all(base <= s <= base * 1.25 for s in samples)
        assert len(set(samples)) > 1  # jittered


async def test_the_next_checked_address_is_tried_when_one_refuses_the_connection(receiver: Receiver, env: Env) -> None:
    target = ssrf.Target(
        httpx.URL(receiver.url(host="localhost")),
        [ipaddress.ip_address("127.0.0.2"), ipaddress.ip_address("127.0.0.1")],  # nothing listens on the first
    )
    resources = tasks.Resources.open(settings_for(env))
    try:
        status_code = await delivery_module._post(resources.outbound, target, b"{}", {}, 2)
    finally:
        await resources.close()

    assert status_code == 200 and len(receiver.requests) == 1


# --- for tests/test_access_matrix.py --------------------------------------------------------

# What the matrix registers: a public address, so the registration passes. The webhook seeded
# below points at a private one instead, which a worker refuses without calling it.
MATRIX_URL = "https://93.184.215.14/coalition-hub-access-matrix"


def matrix_webhook(world: World) -> uuid.UUID:
    """The webhook of organisation A that `seed_for_access_matrix` makes for this world."""
    return uuid.uuid5(world.org_a, "webhook")


def matrix_delivery(world: World) -> uuid.UUID:
    """Its finished (failed) delivery, for redelivery."""
    return uuid.uuid5(world.org_a, "webhook delivery")


async def seed_for_access_matrix(world: World, apps: dict[str, FastAPI]) -> None:
    async with session_scope(apps["reports"].state.sessionmaker) as session:
        # Webhooks registered by earlier runs of the matrix go, so no later test's emit() reaches them.
        await session.execute(delete(WebhookSubscription).where(WebhookSubscription.url == MATRIX_URL))
        session.add(
            WebhookSubscription(
                id=matrix_webhook(world),
                organisation_id=world.org_a,
                url="https://10.0.0.1/access-matrix",
                events=EVENTS,
                secret="whsec_" + base64.b64encode(b"m" * 32).decode(),
            )
        )
        await session.flush()
        session.add(
            WebhookDelivery(
                id=matrix_delivery(world),
                subscription_id=matrix_webhook(world),
                message_id=matrix_delivery(world),
                event="report.completed",
                payload={},
                status=DeliveryStatus.failed,
                attempts=1,
                finished_at=utcnow(),
            )
        )


async def test_a_delivery_whose_job_fails_on_its_own_ends_failed_and_is_not_sent(
    env: Env, loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error of the job's own after the delivery was claimed (`sending`) ends it `failed` with
    a reason, rather than leaving it for the sweeper to hand back again and again."""
    created = await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {"report_id": "r"}, {org})

    def broken(*args: Any) -> dict[str, str]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(delivery_module.signing, "headers", broken)
    [job] = [f for f in tasks.registry.functions if f.name == WEBHOOK_DELIVER]
    resources = tasks.Resources.open(settings_for(env))
    try:
        with pytest.raises(RuntimeError):
            await job.coroutine({"reports": resources, "job_try": 1}, str(delivery_id))
        again = await webhook_tasks.deliver({"reports": resources, "job_try": 2}, str(delivery_id))
    finally:
        await resources.close()
    found = await read_delivery(loopback_app, org, created["id"], delivery_id)

    assert found["status"] == "failed" and again == "failed"
    assert "unexpected error" in found["last_error"] and "a bug" not in found["last_error"]
    assert receiver.requests == []


# --- receivers that hang ----------------------------------------------------------------------


@dataclass
class Hanging:
    """A TCP server on 127.0.0.1 that takes a request and then answers a byte at a time, one
    every `every` seconds, until `released` (then it closes the connection)."""

    every: float = 0.1
    port: int = 0
    open: int = 0  # connections it holds now
    taken: int = 0  # requests it has taken
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open += 1
        self.taken += 1
        try:
            await reader.readuntil(b"\r\n\r\n")
            for byte in b"HTTP/1.1 200 OK\r\nx-slow: " + b"z" * 100_000:
                if self.released.is_set():
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(self.every)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.open -= 1
            writer.close()


@pytest.fixture
async def hanging() -> AsyncIterator[Hanging]:
    found = Hanging()
    server = await asyncio.start_server(found.handle, "127.0.0.1", 0)
    found.port = server.sockets[0].getsockname()[1]
    try:
        yield found
    finally:
        found.released.set()
        server.close()


async def test_a_receiver_that_dribbles_its_answer_is_cut_off_at_the_deadline(
    loopback_app: FastAPI, org: uuid.UUID, hanging: Hanging, run_job: Job
) -> None:
    """Each byte comes well within httpx's timeout of a read; the attempt ends at the deadline."""
    created = await register(loopback_app, org, hanging.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})

    started = time.monotonic()
    with pytest.raises(Retry):
        await run_job(delivery_id, webhooks_timeout_seconds=0.6)
    took = time.monotonic() - started
    assert await run_job(delivery_id, webhooks_timeout_seconds=0.6, webhooks_max_attempts=2) == "failed"

    assert took < 1.5
    found = await read_delivery(loopback_app, org, created["id"], delivery_id)
    assert found["status"] == "failed"
    assert [(a["status_code"], a["error"]) for a in found["history"]] == [(None, "no answer within 0.6 s")] * 2


async def test_resolving_the_host_counts_within_the_deadline(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, run_job: Job, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name server that takes its time (here: the loop's resolver, slowed) does not lengthen an attempt."""
    created = await register(loopback_app, org, receiver.url())
    async with session_scope(loopback_app.state.sessionmaker) as session:
        await session.execute(
            update(WebhookSubscription)
            .where(WebhookSubscription.id == uuid.UUID(created["id"]))
            .values(url=receiver.url(host="slow-name.example"))
        )
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})
    loop = asyncio.get_running_loop()
    resolve = loop.getaddrinfo

    async def slowly(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "slow-name.example":
            await asyncio.sleep(4)
            return await resolve("127.0.0.1", *args, **kwargs)
        return await resolve(host, *args, **kwargs)

    monkeypatch.setattr(loop, "getaddrinfo", slowly)
    started = time.monotonic()
    with pytest.raises(Retry):
        await run_job(delivery_id, webhooks_timeout_seconds=0.6)

    assert time.monotonic() - started < 1.5
    [attempt] = (await read_delivery(loopback_app, org, created["id"], delivery_id))["history"]
    assert attempt["error"] == "no answer within 0.6 s" and receiver.requests == []


async def test_a_delivery_finding_its_workers_slots_taken_waits_without_calling(
    loopback_app: FastAPI, org: uuid.UUID, receiver: Receiver, env: Env
) -> None:
    await register(loopback_app, org, receiver.url())
    [delivery_id] = await emit(loopback_app, "report.completed", {}, {org})
    resources = tasks.Resources.open(settings_for(env, webhooks_concurrency=1))
    try:
        async with resources.deliveries:  # the worker's one slot, taken by another delivery
            with pytest.raises(Retry) as deferred:
                await webhook_tasks.deliver({"reports": resources, "job_try": 1}, str(delivery_id))
        delivered = await webhook_tasks.deliver({"reports": resources, "job_try": 2}, str(delivery_id))
    finally:
        await resources.close()

    assert deferred.value.defer_score is not None and 1000 <= deferred.value.defer_score <= 2000
    assert delivered == "delivered" and len(receiver.requests) == 1


async def test_the_sweeper_enqueues_again_a_delivery_whose_job_arq_gave_up(
    reports_app: FastAPI, org: uuid.UUID, redis: Redis, env: Env
) -> None:
    """A job that spent arq's tries (waiting for a delivery slot, say) leaves a result behind,
    under which arq refuses its id for an hour; the delivery is unfinished, so it is enqueued again."""
    await register(reports_app, org, PUBLIC_URL)
    [given_up] = await emit(reports_app, "report.completed", {}, {org})
    async with session_scope(reports_app.state.sessionmaker) as session:
        await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == given_up)
            .values(next_attempt_at=utcnow() - timedelta(minutes=5))
        )
    name = job_id(WEBHOOK_DELIVER, given_up)
    await redis.set(f"arq:result:{name}", b"max 100 retries exceeded", ex=3600)
    queue = JobQueue(reports_app.state.jobs.pool, env.queue_name)
    try:
        await service.sweep(reports_app.state.sessionmaker, queue, after_seconds=60)
        queued = await redis.zrange(env.queue_name, 0, -1)
    finally:
        await redis.zrem(env.queue_name, name)
        await redis.delete(f"arq:job:{name}", f"arq:result:{name}")

    assert name.encode() in queued


async def test_a_report_run_completes_while_slow_receivers_hold_their_deliveries(
    loopback_app: FastAPI,
    org: uuid.UUID,
    hanging: Hanging,
    world: World,
    directory_app: FastAPI,
    gateway_app: FastAPI,
    run_worker: RunWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As many hanging deliveries as the worker has job slots, queued before a report: the report
    is done while they still hang, and they hold no more connections than the cap."""
    for name, value in {
        "ALLOW_LOOPBACK": "true",
        "TIMEOUT_SECONDS": "30",
        "CONCURRENCY": "2",
        "MAX_ATTEMPTS": "1",
    }.items():
        monkeypatch.setenv(f"REPORTS_WEBHOOKS_{name}", value)
    created = await register(loopback_app, org, hanging.url())
    ids = [d for _ in range(MAX_JOBS) for d in await emit(loopback_app, "report.completed", {}, {org})]
    await service.enqueue(loopback_app.state.jobs, ids)
    async with open_desk(world, directory_app, gateway_app, "TON") as desk:
        requested = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body())
        assert requested.status_code == 202, requested.text
        worker = asyncio.create_task(run_worker())
        try:
            status, held = "queued", []
            async with asyncio.timeout(25):
                while status not in ("done", "failed"):
                    await asyncio.sleep(0.2)
                    held.append(hanging.open)
                    status = (await desk.call("GET", requested.headers["location"], "coalition_admin")).json()["status"]
            unfinished = [(await read_delivery(loopback_app, org, created["id"], d))["attempts"] for d in ids]
            called = hanging.taken
        finally:
            hanging.released.set()  # the receivers close: the worker's burst ends
            await asyncio.wait_for(worker, 60)

    assert status == "done"
    assert hanging.open == 0 and max(held) == 2 and called >= 2
    assert sum(unfinished) == called  # those called were still on their first attempt, unfinished
    finished = [await read_delivery(loopback_app, org, created["id"], d) for d in ids]
    assert {f["status"] for f in finished} == {"failed"}  # one attempt each, the receiver hung up
