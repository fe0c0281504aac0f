"""One service down behind the gateway: the others are still served through it, anonymous reads
need no directory, and the gateway's own pages stand."""

from typing import Any

from fastapi import FastAPI

from shared.http import create_client
from tests.conftest import World, gateway
from tests.support.apps import asgi_client

DOWN = "http://127.0.0.1:1"  # nothing listens there: every call is refused


async def test_with_the_directory_down_anonymous_reads_and_remembered_keys_are_served(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    """Keys are checked by the directory: a key the gateway remembers is served, one it must ask
    about is a 503 to retry (never a 401: the key may well be good)."""
    remembered, unknown = world.people["member_a"].key, world.people["member_b"].key
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        assert (await client.get("/v1/metrics/indicators", headers={"X-API-Key": remembered})).status_code == 200
        app.state.upstream_urls["directory"] = DOWN
        await app.state.clients["directory"].aclose()
        app.state.clients["directory"] = create_client(DOWN, timeout=1)
        reads = [(await client.get(path)).status_code for path in ("/v1/metrics/indicators", "/v1/reports/public")]
        known = await client.get("/v1/reports/public", headers={"X-API-Key": remembered})
        asked = await client.get("/v1/reports/public", headers={"X-API-Key": unknown})
        directory = await client.get("/v1/directory/countries")
        ready = await client.get("/readyz")

    assert reads == [200, 200] and known.status_code == 200
    for answer in (asked, directory):
        assert answer.status_code == 503 and answer.headers["retry-after"] == "5", answer.text
        assert answer.headers["content-type"] == "application/problem+json"
    assert ready.status_code == 200 and ready.json()["checks"]["directory"].startswith("unavailable")


async def test_the_api_document_and_docs_stand_with_a_service_down(gateway_app: FastAPI, silent_server: str) -> None:
    """The document keeps a service's operations it read earlier while the service is down or
    hangs, marking it unavailable, and asks a hung service once, not for every reader."""
    async with asgi_client(gateway_app, "http://gateway") as client:
        complete = (await client.get("/openapi.json")).json()
        gateway_app.state.openapi.ttl = 0  # what it read has aged: read the services again
        gateway_app.state.clients["metrics"] = create_client(silent_server, timeout=0.3)
        hung = (await client.get("/openapi.json")).json()
        again = (await client.get("/openapi.json")).json()
        docs = await client.get("/docs")
        gateway_app.state.clients["metrics"] = create_client(DOWN, timeout=1)
        down = (await client.get("/openapi.json")).json()

    metrics_paths = {p for p in complete["paths"] if p.startswith("/v1/metrics/")}
    assert metrics_paths and "x-unavailable-services" not in complete["info"]
    for document in (hung, again, down):
        assert metrics_paths <= set(document["paths"])
        assert document["info"]["x-unavailable-services"] == ["metrics"]
        assert any(p.startswith("/v1/reports/") for p in document["paths"])
    assert docs.status_code == 200
