import httpx

from services.directory.app import create_app
from services.directory.config import DirectorySettings
from shared.app import running
from tests.conftest import Env, as_anonymous
from tests.support.apps import asgi_client


async def test_ready_when_database_and_redis_answer(directory: httpx.AsyncClient) -> None:
    response = await directory.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_not_ready_when_the_database_is_down(env: Env) -> None:
    app = create_app(
        DirectorySettings(**{**env.settings(), "database_url": "postgresql://postgres@127.0.0.1:1/postgres"})
    )
    async with running(app), asgi_client(app, "http://directory") as client:
        ready = await client.get("/readyz")
        health = await client.get("/healthz")

    assert ready.status_code == 503
    assert ready.headers["content-type"] == "application/problem+json"
    assert ready.json()["checks"]["database"].startswith("unavailable")
    assert health.status_code == 200  # alive, just not ready


async def test_degraded_but_ready_when_redis_is_down(env: Env) -> None:
    """Reads need no Redis: a balancer keeps the service in rotation."""
    app = create_app(DirectorySettings(**{**env.settings(), "redis_url": "redis://127.0.0.1:1/0"}))
    async with running(app), asgi_client(app, "http://directory") as client:
        ready = await client.get("/readyz")

    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["redis"].startswith("unavailable")


async def test_a_query_while_the_database_is_down_is_a_clean_problem(env: Env) -> None:
    app = create_app(
        DirectorySettings(**{**env.settings(), "database_url": "postgresql://postgres@127.0.0.1:1/postgres"})
    )
    async with running(app), asgi_client(app, "http://directory", signer=as_anonymous()) as client:
        response = await client.get("/v1/directory/countries")

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in response.text
