import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

from services.gateway.app import create_app
from services.gateway.config import GatewaySettings
from services.metrics.app import create_app as create_metrics
from services.metrics.config import MetricsSettings
from shared.testing import asgi_client, running
from tests.conftest import Env, as_service

GATEWAY_MAX_BODY = 4096


@pytest.fixture(scope="session")
async def metrics_app(env: Env) -> AsyncIterator[FastAPI]:
    async with running(create_metrics(MetricsSettings(**env.settings()))) as app:
        yield app


@contextlib.asynccontextmanager
async def gateway(env: Env, upstreams: dict[str, FastAPI], **overrides: object) -> AsyncIterator[FastAPI]:
    """The gateway in process, its upstreams the services in process. Limits are generous and
    keys are not cached unless a test says otherwise."""
    defaults = {"max_body_bytes": GATEWAY_MAX_BODY, "key_cache_seconds": 0, "anonymous_burst": 100_000,
                "rate_limit_burst": 100_000, "key_creation_burst": 100_000}
    settings = GatewaySettings(**env.settings(), **{**defaults, **overrides})
    async with running(create_app(settings)) as app:
        for name, upstream in upstreams.items():
            await app.state.clients[name].aclose()
            app.state.clients[name] = asgi_client(upstream, f"http://{name}", signer=as_service("gateway"))
        yield app


@pytest.fixture
def upstreams(directory_app: FastAPI, metrics_app: FastAPI, reports_app: FastAPI) -> dict[str, FastAPI]:
    return {"directory": directory_app, "metrics": metrics_app, "reports": reports_app}


@pytest.fixture
async def gateway_app(env: Env, upstreams: dict[str, FastAPI]) -> AsyncIterator[FastAPI]:
    async with gateway(env, upstreams) as app:
        yield app


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """A TCP server that accepts connections and never answers: a hung upstream."""

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.close()
