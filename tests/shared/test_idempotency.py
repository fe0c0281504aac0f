"""Writes answered once: a client's `Idempotency-Key`, and the nonce of a signed write, each
name one write; the same request again gets the first answer and changes nothing, another
request under the same name is refused. Reads spend no nonce, so a read may be sent again."""

import json
import uuid
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from services.directory.models.organisations import Organisation
from shared.db import session_scope
from shared.identity import Identity, sign
from tests.conftest import TEST_SECRET, Env, World
from tests.support.apps import asgi_client

PATH = "/v1/directory/organisations"


@pytest.fixture
async def admin(gateway_app: FastAPI, world: World) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(gateway_app, "http://gateway") as client:
        client.headers.update(world.people["platform_admin"].headers)
        yield client


async def named(app: FastAPI, name: str) -> int:
    async with session_scope(app.state.sessionmaker) as session:
        return await session.scalar(select(func.count()).where(Organisation.name == name)) or 0


async def test_a_create_sent_again_with_its_key_gets_the_first_answer(
    admin: httpx.AsyncClient, directory_app: FastAPI
) -> None:
    name = f"Retried {uuid.uuid4().hex[:8]}"
    key = {"Idempotency-Key": f"create-{uuid.uuid4()}"}

    first = await admin.post(PATH, json={"name": name, "countries": ["NPL"]}, headers=key)
    again = await admin.post(PATH, json={"name": name, "countries": ["NPL"]}, headers=key)
    other_key = await admin.post(PATH, json={"name": name, "countries": ["NPL"]}, headers={"Idempotency-Key": "k2"})

    assert first.status_code == 201, first.text
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert other_key.status_code == 201 and other_key.json()["id"] != first.json()["id"]
    assert await named(directory_app, name) == 2


async def test_a_key_sent_with_another_request_is_refused(admin: httpx.AsyncClient, directory_app: FastAPI) -> None:
    name = f"Keyed {uuid.uuid4().hex[:8]}"
    key = {"Idempotency-Key": f"create-{uuid.uuid4()}"}

    first = await admin.post(PATH, json={"name": name, "countries": ["NPL"]}, headers=key)
    changed = await admin.post(PATH, json={"name": name, "countries": ["KEN"]}, headers=key)

    assert first.status_code == 201
    assert changed.status_code == 422
    assert changed.headers["content-type"] == "application/problem+json"
    assert changed.json()["errors"] == [{"field": "Idempotency-Key", "reason": "already used for a different request"}]
    assert await named(directory_app, name) == 1


async def test_a_refused_request_does_not_take_the_key(admin: httpx.AsyncClient, directory_app: FastAPI) -> None:
    """A 4xx changed nothing: the client may correct its request and send it under the same key."""
    name = f"Corrected {uuid.uuid4().hex[:8]}"
    key = {"Idempotency-Key": f"create-{uuid.uuid4()}"}

    wrong = await admin.post(PATH, json={"name": name, "countries": ["XXX"]}, headers=key)
    corrected = await admin.post(PATH, json={"name": name, "countries": ["NPL"]}, headers=key)

    assert wrong.status_code == 422
    assert corrected.status_code == 201
    assert await named(directory_app, name) == 1


@pytest.mark.parametrize("key", [b"", b"x" * 201, "naïve".encode(), b"two words"])
async def test_a_malformed_key_is_a_field_error(admin: httpx.AsyncClient, key: bytes) -> None:
    response = await admin.post(PATH, json={"name": "Never", "countries": ["NPL"]}, headers={"Idempotency-Key": key})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


@pytest.fixture
async def bare(directory_app: FastAPI, world: World) -> AsyncIterator[httpx.AsyncClient]:
    """Straight to the directory, with identity headers the test signs (as the gateway would)."""
    async with asgi_client(directory_app, "http://directory") as client:
        yield client


def signed(method: str, path: str = PATH) -> dict[str, str]:
    return sign(Identity(kind="account", platform_admin=True), secret=TEST_SECRET, method=method, path=path)


async def test_a_signed_write_sent_again_is_answered_once(bare: httpx.AsyncClient, directory_app: FastAPI) -> None:
    """A balancer retrying a write on another replica: the same signature, the same body."""
    name = f"Balanced {uuid.uuid4().hex[:8]}"
    headers = {**signed("POST"), "content-type": "application/json"}
    body = json.dumps({"name": name, "countries": ["NPL"]})

    first = await bare.post(PATH, content=body, headers=headers)
    retried = await bare.post(PATH, content=body, headers=headers)
    replayed = await bare.post(PATH, content=body.replace("NPL", "KEN"), headers=headers)

    assert first.status_code == 201, first.text
    assert (retried.status_code, retried.json()) == (201, first.json())
    assert replayed.status_code == 401
    assert "already used" in replayed.json()["detail"]
    assert await named(directory_app, name) == 1


async def test_a_refused_signed_write_spends_its_nonce(bare: httpx.AsyncClient, directory_app: FastAPI) -> None:
    """A captured signature of a write the service refused (409: the external id is taken)
    cannot carry another body afterwards."""
    external_id = f"crm-{uuid.uuid4().hex[:8]}"
    taken = {"name": "Holder", "countries": ["NPL"], "external_id": external_id}
    assert (await bare.post(PATH, json=taken, headers=signed("POST"))).status_code == 201
    headers = signed("POST")

    refused = await bare.post(PATH, json={**taken, "name": "Second"}, headers=headers)
    other = await bare.post(PATH, json={**taken, "name": "Second", "external_id": f"{external_id}-b"}, headers=headers)

    assert refused.status_code == 409, refused.text
    assert other.status_code == 401
    assert await named(directory_app, "Second") == 0


async def test_a_write_sent_again_while_the_first_attempt_runs_is_told_to_retry(
    env: Env, bare: httpx.AsyncClient, directory_app: FastAPI
) -> None:
    """The first attempt (on a replica that stalled, say) holds the key in its transaction: the
    second is told to retry in a second, and runs once the first has gone without committing."""
    name = f"Held {uuid.uuid4().hex[:8]}"
    headers = signed("POST")
    nonce = headers["X-Hub-Signature"].split(",")[1].removeprefix("n=")
    first_attempt = await asyncpg.connect(env.database_url)
    try:
        await first_attempt.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", f"directory:nonce:{nonce}")
        held = await bare.post(PATH, json={"name": name, "countries": ["NPL"]}, headers=headers)
    finally:
        await first_attempt.close()  # the stalled replica's connection goes, and its lock with it
    after = await bare.post(PATH, json={"name": name, "countries": ["NPL"]}, headers=headers)

    assert held.status_code == 409 and held.headers["retry-after"] == "1"
    assert held.headers["content-type"] == "application/problem+json"
    assert after.status_code == 201
    assert await named(directory_app, name) == 1


def test_every_write_declares_the_header(directory_app: FastAPI, metrics_app: FastAPI, reports_app: FastAPI) -> None:
    writes = [
        operation
        for app in (directory_app, metrics_app, reports_app)
        for item in app.openapi()["paths"].values()
        for method, operation in item.items()
        if method in ("post", "put", "patch", "delete")
    ]
    declared = [o for o in writes if any(p["name"].lower() == "idempotency-key" for p in o.get("parameters", []))]

    assert len(writes) >= 20
    assert declared == writes


async def test_a_signed_read_may_be_sent_again(bare: httpx.AsyncClient) -> None:
    headers = signed("GET", "/v1/directory/action-groups")

    first = await bare.get("/v1/directory/action-groups", headers=headers)
    again = await bare.get("/v1/directory/action-groups", headers=headers)

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
