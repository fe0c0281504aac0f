"""Real PostgreSQL and Redis for every test: TEST_DATABASE_URL / TEST_REDIS_URL when set,
embedded servers under var/test otherwise. Each session gets a throwaway database and its own
queue name, so runs never see each other's data or jobs."""

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis

from hub.infra import provide
from hub.migrate import migrate_all
from services.directory.app import create_app as create_directory
from services.directory.config import DirectorySettings
from services.reports.app import create_app as create_reports
from services.reports.config import ReportsSettings
from shared.testing import asgi_client, create_database, drop_database, rolled_back, run_in_thread, running

ROOT = Path(__file__).resolve().parents[1]
TEST_SECRET = "test-secret-" + "x" * 24


@dataclass(frozen=True)
class Env:
    database_url: str
    redis_url: str
    queue_name: str

    def settings(self) -> dict[str, object]:
        """Keyword arguments every service's settings take in tests."""
        return {
            "database_url": self.database_url,
            "redis_url": self.redis_url,
            "queue_name": self.queue_name,
            "environment": "test",
            "secret_key": TEST_SECRET,
        }


@pytest.fixture(scope="session")
def env() -> Iterator[Env]:
    with provide(os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL"), ROOT / "var" / "test") as infra:
        database_url = run_in_thread(create_database(infra.database_url))
        try:
            with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
                pool.submit(migrate_all, database_url).result()
            yield Env(database_url, infra.redis_url, f"hub:test:{uuid.uuid4().hex[:8]}")
        finally:
            run_in_thread(drop_database(infra.database_url, database_url))


@pytest.fixture(scope="session")
async def redis(env: Env) -> AsyncIterator[Redis]:
    client = Redis.from_url(env.redis_url)
    yield client
    await client.aclose()


@pytest.fixture(scope="session")
async def directory_app(env: Env) -> AsyncIterator[FastAPI]:
    async with running(create_directory(DirectorySettings(**env.settings()))) as app:
        yield app


@pytest.fixture(scope="session")
async def reports_app(env: Env, directory_app: FastAPI) -> AsyncIterator[FastAPI]:
    async with running(create_reports(ReportsSettings(**env.settings()))) as app:
        # The reports service reaches the directory over HTTP; here, in process.
        await app.state.clients["directory"].aclose()
        app.state.clients["directory"] = asgi_client(directory_app, "http://directory")
        yield app


@pytest.fixture
async def directory(directory_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the directory whose writes are rolled back after the test."""
    async with rolled_back(directory_app), asgi_client(directory_app, "http://directory") as client:
        yield client


@pytest.fixture
async def reports(reports_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the reports service. Its writes are committed (a worker in another
    transaction must see them) into the session's throwaway database."""
    async with asgi_client(reports_app, "http://reports") as client:
        yield client
