"""Withdrawal erases a testimony's words, and so do the answers kept for retries of the writes
that returned them. An account of the organisation narrowed a public testimony, sending an
Idempotency-Key, as a careful client does; the survivor then withdrew consent. Sending the
narrowing again with the same key (a body without the words) must not give the words back, nor
may the database keep them sealed in that answer for the rest of the day."""

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from cryptography.fernet import InvalidToken, MultiFernet
from fastapi import FastAPI
from sqlalchemy import select

from services.reports.models import IdempotencyRecords
from shared.db import session_scope
from shared.idempotency import _sealer
from tests import factories
from tests.conftest import World
from tests.support.apps import asgi_client

COUNTRY = "KNA"  # committed reports data: a country no other test file uses
QUOTE = "He said the debt would pass to my children."
CONTEXT = "A kiln worker, 2023"


@pytest.fixture
async def client(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with session_scope(directory_app.state.sessionmaker) as s:
        await factories.coalition_in(s, COUNTRY, active=[world.org_a])
    async with asgi_client(gateway_app, "http://gateway") as opened:
        yield opened


async def test_a_withdrawn_testimonys_words_are_not_replayed_from_a_kept_answer(
    client: httpx.AsyncClient, world: World, reports_app: FastAPI
) -> None:
    member = world.people["member_a"].headers
    testimonies = f"/v1/reports/organisations/{world.org_a}/testimonies"
    made = await client.post(
        testimonies,
        headers={**member, "Idempotency-Key": f"add-{uuid.uuid4()}"},
        json={"quote": QUOTE, "context": CONTEXT, "country": COUNTRY, "consent": "public"},
    )
    assert made.status_code == 201, made.text
    consent = f"{testimonies}/{made.json()['id']}/consent"
    narrowing = {"headers": {**member, "Idempotency-Key": f"narrow-{uuid.uuid4()}"}, "json": {"consent": "internal"}}
    narrowed = await client.put(consent, **narrowing)
    assert narrowed.status_code == 200 and narrowed.json()["quote"] == QUOTE, narrowed.text
    # The retry of a lost answer is answered again, words and all, while they may be read.
    again = await client.put(consent, **narrowing)
    assert again.headers.get("Idempotent-Replayed") == "true" and QUOTE in again.text

    withdrawn = await client.put(consent, headers=member, json={"consent": "withdrawn"})
    assert withdrawn.status_code == 200 and withdrawn.json()["quote"] == "", withdrawn.text

    replayed = await client.put(consent, **narrowing)
    assert QUOTE not in replayed.text and CONTEXT not in replayed.text
    # Still no second effect: the narrowing was applied, its answer is gone.
    assert replayed.status_code == 409, replayed.text
    own = await client.get(testimonies, headers=member)
    assert [t["consent"] for t in own.json()["items"] if t["id"] == made.json()["id"]] == ["withdrawn"]
    # Nor are they kept: every answer the service keeps, opened as it opens them, is without them.
    opener = _sealer(reports_app.state.settings)
    async with session_scope(reports_app.state.sessionmaker) as session:
        kept = await session.scalars(select(IdempotencyRecords.c.body).where(IdempotencyRecords.c.body.is_not(None)))
        opened = [_open(opener, body) for body in kept.all()]
    assert opened and [b for b in opened if QUOTE.encode() in b or CONTEXT.encode() in b] == []


def _open(opener: MultiFernet, sealed: bytes) -> bytes:
    try:
        return opener.decrypt(sealed)
    except InvalidToken:  # sealed by another test's service, under another secret
        return b""
