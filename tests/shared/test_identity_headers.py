"""Calling a service directly never bypasses the gateway: identity headers that are missing,
forged, stale or moved to another request are refused with 401 (a replayed write's are in
test_idempotency.py)."""

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from shared.identity import IDENTITY_HEADER, SIGNATURE_HEADER, Identity, sign
from tests.conftest import MEMBER, TEST_SECRET
from tests.support.apps import asgi_client

PATH = "/v1/directory/action-groups"


@pytest.fixture
async def bare(directory_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client that adds no identity of its own."""
    async with asgi_client(directory_app, "http://directory") as client:
        yield client


def signed(
    identity: Identity = MEMBER, *, secret: str = TEST_SECRET, path: str = PATH, query: str = "", **kw: float
) -> dict[str, str]:
    return sign(identity, secret=secret, method="GET", path=path, query=query, **kw)


def assert_refused(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert reason in response.json()["detail"]


async def test_a_correctly_signed_request_is_served(bare: httpx.AsyncClient) -> None:
    assert (await bare.get(PATH, headers=signed())).status_code == 200


async def test_missing_identity_is_refused(bare: httpx.AsyncClient) -> None:
    assert_refused(await bare.get(PATH), "no gateway identity")


async def test_identity_signed_with_another_secret_is_refused(bare: httpx.AsyncClient) -> None:
    assert_refused(await bare.get(PATH, headers=signed(secret="an-attacker-guess-" + "y" * 20)), "does not match")


async def test_identity_altered_after_signing_is_refused(bare: httpx.AsyncClient) -> None:
    headers = signed()
    forged = sign(Identity(kind="account", platform_admin=True), secret="whatever-secret", method="GET", path=PATH)
    headers[IDENTITY_HEADER] = forged[IDENTITY_HEADER]  # claim platform admin, keep the old signature

    assert_refused(await bare.get(PATH, headers=headers), "does not match")


async def test_stale_identity_is_refused(bare: httpx.AsyncClient) -> None:
    assert_refused(await bare.get(PATH, headers=signed(now=time.time() - 120)), "expired")


async def test_identity_from_the_future_is_refused(bare: httpx.AsyncClient) -> None:
    assert_refused(await bare.get(PATH, headers=signed(now=time.time() + 120)), "expired")


async def test_identity_moved_to_another_path_is_refused(bare: httpx.AsyncClient) -> None:
    headers = signed(path="/v1/directory/countries")

    assert_refused(await bare.get(PATH, headers=headers), "does not match")


async def test_identity_replayed_with_another_query_is_refused(bare: httpx.AsyncClient) -> None:
    headers = signed(query="limit=20")

    assert_refused(await bare.get(PATH, params={"limit": "1"}, headers=headers), "does not match")
    assert_refused(await bare.get(PATH, params={"limit": "1"}, headers=signed()), "does not match")
    assert (await bare.get(f"{PATH}?limit=20", headers=headers)).status_code == 200


async def test_an_identity_holds_whatever_encoding_a_transport_gives_its_query(bare: httpx.AsyncClient) -> None:
    """The gateway signs the query it builds; its transport may send `%2C` as `,` (or the
    reverse): the same parameters, so the same signature."""
    search = "/v1/directory/organisations"  # it takes a text
    headers = signed(path=search, query="q=a%2Cb&limit=20")

    assert (await bare.get(f"{search}?q=a,b&limit=20", headers=headers)).status_code == 200
    assert_refused(await bare.get(f"{search}?q=a,b&limit=20&country=NPL", headers=headers), "does not match")


async def test_malformed_signature_is_refused(bare: httpx.AsyncClient) -> None:
    headers = {**signed(), SIGNATURE_HEADER: "garbage"}

    assert_refused(await bare.get(PATH, headers=headers), "malformed")


async def test_probes_need_no_identity(bare: httpx.AsyncClient) -> None:
    assert (await bare.get("/healthz")).status_code == 200
    assert (await bare.get("/readyz")).status_code == 200
