"""Whether a survivor withdrew consent or only narrowed it is the contributing organisation's to
know. An anonymous reader who watches two published editions, each quoting a public testimony,
sees both withdrawn for regeneration; everything they are told about the two afterwards (the
run's status, the listings, the 409 of every form, the `report.regeneration_needed` payload a
subscriber of another organisation receives) must read the same, once ids and times are set
aside. Otherwise "narrowed" tells them the words still go round a coalition."""

import itertools
import json
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select

from services.reports.models.webhooks import WebhookDelivery, WebhookSubscription
from shared.db import session_scope
from tests.conftest import World
from tests.reports.test_report_runs import Desk, open_desk
from tests.reports.test_withdrawn_hashes import _published_quoting

COUNTRIES = itertools.cycle(["KIR"])  # committed reports data: a country no other test file uses
VARYING = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|-e\d+-[0-9a-f]{8}"
    r"|\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?"
)


@pytest.fixture
async def desk(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    async with open_desk(world, directory_app, gateway_app, next(COUNTRIES)) as opened:
        yield opened


def _told(text: str) -> str:
    """An answer as the attacker compares it: without ids, slugs and times."""
    return VARYING.sub("…", text)


async def _public_answers(desk: Desk, path: str, edition: dict[str, Any]) -> list[str]:
    answers = [(await desk.call("GET", path, "anonymous")).text]
    for form in ("json", "md", "html", "csv", "pdf"):
        for base in (edition["public_url"], path):
            answers.append((await desk.call("GET", f"{base}/report.{form}", "anonymous")).text)
    answers.append((await desk.call("GET", edition["public_url"], "anonymous")).text)
    return [_told(a) for a in answers]


async def _payloads(desk: Desk, reports_app: FastAPI, hook_id: uuid.UUID) -> dict[str, str]:
    async with session_scope(reports_app.state.sessionmaker) as session:
        rows = (
            await session.scalars(select(WebhookDelivery.payload).where(WebhookDelivery.subscription_id == hook_id))
        ).all()
        await session.execute(delete(WebhookSubscription).where(WebhookSubscription.id == hook_id))
    return {p["run_id"]: _told(json.dumps({k: v for k, v in p.items() if k != "run_id"})) for p in rows}


async def test_withdrawn_and_narrowed_consent_read_the_same_to_the_public(desk: Desk, reports_app: FastAPI) -> None:
    withdrawn_path, withdrawn_edition, withdrawn_testimony = await _published_quoting(desk, reports_app)
    narrowed_path, narrowed_edition, narrowed_testimony = await _published_quoting(desk, reports_app)
    # A subscriber of another organisation: told of every published edition withdrawn.
    hook = await desk.call(
        "POST",
        f"/v1/reports/organisations/{desk.world.org_b}/webhooks",
        "platform_admin",
        json={"url": "https://93.184.215.14/hooks", "events": ["report.regeneration_needed"]},
    )
    assert hook.status_code == 201, hook.text
    consent = f"/v1/reports/organisations/{desk.world.org_a}/testimonies/{{}}/consent"

    gone = await desk.call("PUT", consent.format(withdrawn_testimony["id"]), "member_a", json={"consent": "withdrawn"})
    kept = await desk.call(
        "PUT",
        consent.format(narrowed_testimony["id"]),
        "member_a",
        json={"consent": "coalition", "coalition_id": str(desk.coalition)},
    )
    assert gone.status_code == kept.status_code == 200, (gone.text, kept.text)

    withdrawn = await _public_answers(desk, withdrawn_path, withdrawn_edition)
    narrowed = await _public_answers(desk, narrowed_path, narrowed_edition)
    assert '"needs_regeneration":true' in withdrawn[0] and '"needs_regeneration":true' in narrowed[0]
    assert withdrawn == narrowed
    listed = (await desk.call("GET", f"/v1/reports/reports?country={desk.country}", "anonymous")).json()["items"]
    reasons = {i["id"]: i["regeneration_reason"] for i in listed}
    assert reasons[withdrawn_edition["id"]] == reasons[narrowed_edition["id"]]
    payloads = await _payloads(desk, reports_app, uuid.UUID(hook.json()["id"]))
    assert payloads[withdrawn_edition["id"]] == payloads[narrowed_edition["id"]]
    # The organisation itself still knows which is which.
    own = await desk.call("GET", f"/v1/reports/organisations/{desk.world.org_a}/testimonies", "member_a")
    consents = {t["id"]: t["consent"] for t in own.json()["items"]}
    assert consents[withdrawn_testimony["id"]] == "withdrawn"
    assert consents[narrowed_testimony["id"]] == "coalition"
