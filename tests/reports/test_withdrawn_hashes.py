"""A withdrawn edition keeps no digest of what it held. While an edition is public its content
hash is a fact anyone may check against the edition; once consent to a quoted testimony is
withdrawn, the same hash would confirm a guess at the withdrawn words.

The attacker read the edition while it was public, and later holds a guess at the quote (here:
the true one). They hash the guessed document as the edition's inputs are hashed (sha256 of the
document, keys sorted, without its times, edition, changes, sign-off and own hash) and look for
that digest in every answer the service gives about the edition once it is withdrawn."""

import hashlib
import itertools
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select

from services.reports.models.runs import ReportRun
from services.reports.models.webhooks import WebhookDelivery, WebhookSubscription
from services.reports.runs import gather
from shared.db import session_scope
from tests.conftest import World
from tests.reports.sample_document import sample_document
from tests.reports.test_report_runs import Desk, open_desk

COUNTRIES = itertools.cycle(["TLS"])  # committed reports data: a country no other test file uses
QUOTE = "The recruiter kept my passport in his office drawer for three years."


@pytest.fixture
async def desk(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    async with open_desk(world, directory_app, gateway_app, next(COUNTRIES)) as opened:
        yield opened


def guessed_digest(document: dict[str, Any], quote: str) -> str:
    """The attacker's hash of the edition as read, with their guess in place of its quote."""
    guess = json.loads(json.dumps(document))
    guess["testimonies"][0]["quote"] = quote
    for name in ("as_of", "content_hash", "edition", "draft", "published_on"):
        guess["meta"].pop(name, None)
    for name in ("changes", "signoff"):
        guess.pop(name, None)
    points = [p for i in guess["indicators"] for p in (*i["series"], i["baseline"], i["target"]) if p]
    for dated in (guess["methodology"], *guess["provenance"], *points):
        dated.pop("as_of", None)
    return hashlib.sha256(json.dumps(guess, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


async def _published_quoting(desk: Desk, reports_app: FastAPI) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """An edition quoting a public testimony of organisation A, published; with the testimony."""
    made = await desk.call(
        "POST",
        f"/v1/reports/organisations/{desk.world.org_a}/testimonies",
        "member_a",
        json={"quote": QUOTE, "context": "A fisher", "country": desk.country, "consent": "public"},
    )
    assert made.status_code == 201, made.text
    testimony = made.json()
    document = sample_document("en", edition=1)
    [first, *_] = document.testimonies
    document.testimonies = [first.model_copy(update={"id": uuid.UUID(testimony["id"]), "quote": QUOTE})]
    document.suggestions = []  # a draft's suggestions are left out of the edition: none to guess
    run = ReportRun(
        country=desk.country, period="2024", coalition_id=desk.coalition, template="accountability-shadow-report",
        language="en", status="done", stage="done", percent=100, workflow="in_review",
        content_hash=gather.content_hash(document), document=document.model_dump(mode="json"), html="<p>draft</p>",
        gathered_members=[desk.world.org_a], testimony_ids=[uuid.UUID(testimony["id"])],
    )  # fmt: skip
    async with session_scope(reports_app.state.sessionmaker) as session:
        session.add(run)
    path = f"/v1/reports/reports/{run.id}"
    signed = await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})
    assert signed.status_code == 200, signed.text
    published = await desk.call("POST", f"{path}/publish", "coalition_admin")
    assert published.status_code == 200, published.text
    return path, published.json(), testimony


async def test_a_withdrawn_edition_confirms_no_guessed_quote(desk: Desk, reports_app: FastAPI) -> None:
    path, edition, testimony = await _published_quoting(desk, reports_app)
    public_json = await desk.call("GET", edition["public_url"] + "/report.json", "anonymous")
    assert public_json.status_code == 200, public_json.text
    read_then = public_json.json()
    shown_then = (await desk.call("GET", path, "anonymous")).json()["content_hash"]
    # The oracle works while the edition is public: the attacker's recipe gives the shown hash.
    assert guessed_digest(read_then, QUOTE) == shown_then
    assert guessed_digest(read_then, "Another sentence altogether.") != shown_then
    hook = await desk.call(
        "POST",
        f"/v1/reports/organisations/{desk.world.org_a}/webhooks",
        "admin_a",
        json={"url": "https://93.184.215.14/hooks", "events": ["report.regeneration_needed"]},
    )
    assert hook.status_code == 201, hook.text

    withdrawn = await desk.call(
        "PUT",
        f"/v1/reports/organisations/{desk.world.org_a}/testimonies/{testimony['id']}/consent",
        "member_a",
        json={"consent": "withdrawn"},
    )
    assert withdrawn.status_code == 200, withdrawn.text

    digest = guessed_digest(read_then, QUOTE)
    answers = []
    for who in ("anonymous", "member_a", "coalition_admin", "platform_admin"):
        status = await desk.call("GET", path, who)
        assert status.status_code == 200 and status.json()["needs_regeneration"] is True, status.text
        assert status.json()["content_hash"] is None
        answers.append(status.text)
        for listing in (
            f"/v1/reports/reports?country={desk.country}",
            f"/v1/reports/reports?coalition={desk.coalition}",
        ):
            answers.append((await desk.call("GET", listing, who)).text)
    for public in (
        f"/v1/reports/public?country={desk.country}",
        f"/v1/reports/public/index.html?country={desk.country}",
        "/v1/reports/public/feed.atom",
        edition["public_url"],
        *(f"{edition['public_url']}/report.{form}" for form in ("json", "md", "html", "csv", "pdf")),
        *(f"{path}/report.{form}" for form in ("json", "md", "html", "csv", "pdf")),
        f"{path}/signoffs",
    ):
        answer = await desk.call("GET", public, "anonymous")
        answers.append(answer.text + json.dumps(dict(answer.headers)))
    async with session_scope(reports_app.state.sessionmaker) as session:
        hook_id = uuid.UUID(hook.json()["id"])
        payloads = (
            await session.scalars(select(WebhookDelivery.payload).where(WebhookDelivery.subscription_id == hook_id))
        ).all()
        await session.execute(delete(WebhookSubscription).where(WebhookSubscription.id == hook_id))
        stored = await session.get(ReportRun, uuid.UUID(edition["id"]))
    assert payloads and all(p["needs_regeneration"] for p in payloads)
    answers += [json.dumps(p) for p in payloads]

    assert not [a for a in answers if digest in a]
    # Nor is it kept for a later answer: the row and its document hold no digest of the withdrawn words.
    assert stored is not None and stored.content_hash is None
    assert digest not in json.dumps(stored.document) and QUOTE not in json.dumps(stored.document)
