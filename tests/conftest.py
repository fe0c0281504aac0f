"""Real PostgreSQL and Redis for every test: TEST_DATABASE_URL / TEST_REDIS_URL when set,
embedded servers under var/test otherwise. Each session (each worker of a parallel run,
`pytest -n`) gets a throwaway database and its own queue name; worker N of a parallel run also
uses Redis database N after the one TEST_REDIS_URL names, so workers never see each other's
data, jobs or keys."""

import contextlib
import os
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from arq.worker import Worker
from fastapi import FastAPI
from redis.asyncio import Redis

from hub import heap
from hub.infra import provide
from hub.migrate import migrate_all
from hub.worker import WorkerSettings, create_worker
from services.directory.app import create_app as create_directory
from services.directory.config import DirectorySettings
from services.gateway.app import create_app as create_gateway
from services.gateway.config import GatewaySettings
from services.metrics.app import create_app as create_metrics
from services.metrics.clients import DirectoryClient as MetricsDirectoryClient
from services.metrics.config import MetricsSettings
from services.reports.app import create_app as create_reports
from services.reports.config import ReportsSettings
from shared.app import running
from shared.db import create_engine, create_sessionmaker, session_scope
from shared.http import IdentitySigner
from shared.identity import Identity
from tests import factories
from tests.support import phases
from tests.support.apps import asgi_client, held_back, rolled_back
from tests.support.databases import create_database, drop_database, run_in_thread
from tests.support.workers import keep_xdist_groups, provide_for_workers, worker_name, worker_redis_url

ROOT = Path(__file__).resolve().parents[1]
TEST_SECRET = "test-secret-" + "x" * 24
# A member of some organisation, as the gateway would assert it after checking a key.
MEMBER = Identity(kind="account", account_id=uuid.uuid4(), organisation_id=uuid.uuid4(), org_role="member")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Every test module is imported: the collector stops walking them all, as a served process
    stops walking its own modules (hub/heap.py)."""
    heap.settle()


def as_identity(identity: Identity) -> IdentitySigner:
    return IdentitySigner(TEST_SECRET, identity)


def as_anonymous() -> IdentitySigner:
    return as_identity(Identity.anonymous())


def as_service(name: str) -> IdentitySigner:
    return IdentitySigner.for_service(TEST_SECRET, name)


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


def pytest_configure(config: pytest.Config) -> None:
    provide_for_workers(config, ROOT / "var" / "test")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    return phases.skip_module(collection_path, config)


def pytest_itemcollected(item: pytest.Item) -> None:
    phases.check_mark(item)


@pytest.hookimpl(trylast=True)  # after pytest-xdist's own
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep_xdist_groups(config, items)


@pytest.fixture(scope="session")
def env() -> Iterator[Env]:
    with provide(os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL"), ROOT / "var" / "test") as infra:
        database_url = run_in_thread(create_database(infra.database_url))
        try:
            with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
                pool.submit(migrate_all, database_url).result()
            queue_name = f"hub:test:{worker_name()}:{uuid.uuid4().hex[:8]}"
            yield Env(database_url, worker_redis_url(infra.redis_url), queue_name)
        finally:
            run_in_thread(drop_database(infra.database_url, database_url))


@pytest.fixture(autouse=True)
def _no_process_outlives_its_test() -> Iterator[None]:
    """Every process a test started with `tests.processes.start` ends with the test, whatever it
    started in turn, even when the test failed before stopping it."""
    yield
    if processes := sys.modules.get("tests.processes"):
        processes.stop_all()


@pytest.fixture
async def empty_database(env: Env) -> AsyncIterator[str]:
    """A throwaway database of its own, created empty (no schema) and dropped after the test."""
    url = await create_database(env.database_url)
    try:
        yield url
    finally:
        await drop_database(env.database_url, url)


@pytest.fixture(scope="session")
async def redis(env: Env) -> AsyncIterator[Redis]:
    client = Redis.from_url(env.redis_url)
    yield client
    await client.aclose()


@pytest.fixture(scope="session")
async def directory_app(env: Env) -> AsyncIterator[FastAPI]:
    # Facets are not cached here: tests change the data between identical searches.
    async with running(create_directory(DirectorySettings(**env.settings(), facet_cache_seconds=0))) as app:
        yield app


@pytest.fixture(scope="session")
async def reports_app(env: Env, directory_app: FastAPI, metrics_app: FastAPI) -> AsyncIterator[FastAPI]:
    async with running(create_reports(ReportsSettings(**env.settings()))) as app:
        # The reports service reaches the directory over HTTP; here, in process.
        await app.state.clients["directory"].aclose()
        app.state.clients["directory"] = asgi_client(directory_app, "http://directory", signer=as_service("reports"))
        await app.state.clients["metrics"].aclose()
        app.state.clients["metrics"] = asgi_client(metrics_app, "http://metrics", signer=as_service("reports"))
        yield app


@pytest.fixture
async def directory(directory_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the directory whose writes are rolled back after the test."""
    async with (
        rolled_back(directory_app),
        asgi_client(directory_app, "http://directory", signer=as_anonymous()) as client,
    ):
        yield client


@pytest.fixture
async def reports(reports_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the reports service. Its writes are committed (a worker in another
    transaction must see them) into the session's throwaway database."""
    async with asgi_client(reports_app, "http://reports", signer=as_identity(MEMBER)) as client:
        yield client


@dataclass
class World:
    """Two organisations, two coalitions and one principal per role the access rules know."""

    org_a: uuid.UUID
    org_b: uuid.UUID
    coalition: uuid.UUID
    other_coalition: uuid.UUID
    co_admin_account: uuid.UUID  # a second admin of `coalition`
    member_a_spare_key: uuid.UUID  # a key of member_a, for revocation
    shared_service: uuid.UUID  # an offer of organisation A
    people: dict[str, factories.Principal]
    indicators: dict[str, str]  # status (and 'proposed_by_a', 'review_by_a') -> code, in the metrics catalogue


@pytest.fixture
async def world(directory: httpx.AsyncClient, directory_app: FastAPI, metrics_app: FastAPI) -> AsyncIterator[World]:
    """Created inside rolled-back transactions of the directory and of metrics."""
    async with rolled_back(metrics_app):
        yield await make_world(directory_app, metrics_app)


@pytest.fixture(scope="module")
async def module_world(directory_app: FastAPI, metrics_app: FastAPI) -> AsyncIterator[World]:
    """One world for a whole module, for its many tests that each need a world but change little
    (a module's `world` fixture rolls each test back to it, with `rolled_back`). Held back: the
    module's tests that commit for real, outside `rolled_back`, neither see it nor wait on it."""
    apps = [directory_app, metrics_app]
    async with held_back(apps, lambda: make_world(directory_app, metrics_app)) as world:
        yield world


@pytest.fixture
async def module_world_each_test(
    module_world: World, directory: httpx.AsyncClient, metrics_app: FastAPI
) -> AsyncIterator[World]:
    """The module's world, each test's writes to the directory and metrics rolled back. A module
    whose world tests write nowhere else and keep nothing outside the databases under the
    world's ids (reports, Redis) makes it its `world`: a world takes about 45 ms to build."""
    async with rolled_back(metrics_app):
        yield module_world


async def make_world(directory_app: FastAPI, metrics_app: FastAPI) -> World:
    """Inside rolled-back transactions of the directory and of metrics."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        org_a, org_b, platform = [await factories.organisation(s) for _ in range(3)]
        coalition, other = await factories.coalition(s), await factories.coalition(s)
        people = {
            "member_a": await factories.principal(s, "member A", org_a),
            "admin_a": await factories.principal(s, "admin A", org_a, role="admin"),
            "member_b": await factories.principal(s, "member B", org_b),
            "coalition_admin": await factories.principal(s, "coalition admin", org_b, admin_of=[coalition]),
            "other_coalition_admin": await factories.principal(s, "other coalition admin", org_b, admin_of=[other]),
            "platform_admin": await factories.principal(s, "platform admin", platform, platform_admin=True),
            "revoked": await factories.principal(s, "revoked", org_a, role="admin", key_state="revoked"),
            "expired": await factories.principal(s, "expired", org_a, role="admin", key_state="expired"),
        }
        co_admin = await factories.principal(s, "co-admin", org_b, admin_of=[coalition])
        spare = await factories.extra_key(s, people["member_a"])
        await factories.membership(s, coalition, org_a, "active")  # A is in the coalition
        await factories.membership(s, coalition, org_b, "pending")  # B asked to join
        offer = await factories.shared_service(s, org_a)
    async with session_scope(metrics_app.state.sessionmaker) as m:
        indicators = await factories.indicators(m, people["member_a"])
    return World(org_a, org_b, coalition, other, co_admin.account_id, spare, offer, people, indicators)


GATEWAY_MAX_BODY = 4096


@pytest.fixture(scope="session")
async def metrics_app(env: Env, directory_app: FastAPI) -> AsyncIterator[FastAPI]:
    async with running(create_metrics(MetricsSettings(**env.settings()))) as app:
        # The metrics service reaches the directory over HTTP; here, in process.
        await app.state.clients["directory"].aclose()
        app.state.clients["directory"] = asgi_client(directory_app, "http://directory", signer=as_service("metrics"))
        app.state.directory = MetricsDirectoryClient(app.state.clients["directory"])
        yield app


@contextlib.asynccontextmanager
async def gateway(env: Env, upstreams: dict[str, FastAPI], **overrides: object) -> AsyncIterator[FastAPI]:
    """The gateway in process, its upstreams the services in process. Limits are generous and
    keys are not cached unless a test says otherwise."""
    defaults = {
        "max_body_bytes": GATEWAY_MAX_BODY,
        "key_cache_seconds": 0,
        "anonymous_burst": 100_000,
        "rate_limit_burst": 100_000,
        "key_creation_burst": 100_000,
        "registration_burst": 100_000,
        "auth_failure_burst": 100_000,
    }
    from tests.processes import served  # it imports this module

    settings = GatewaySettings(**{**env.settings(), **defaults, **overrides})
    async with contextlib.AsyncExitStack() as stack:
        # Requests are forwarded over real HTTP (aiohttp), as in production, to the services
        # served on ports of this machine in this event loop (the session's apps once for the
        # session, others for this gateway); the gateway's own calls (keys, readiness,
        # documents) go to them in process.
        urls = {
            name: SERVED[upstream] if upstream in SERVED else await stack.enter_async_context(served(upstream))
            for name, upstream in upstreams.items()
        }
        app = await stack.enter_async_context(running(create_gateway(settings)))
        # Buckets of its own: another gateway of the run (the system test's, with the real
        # limits) may have spent this client address's budget in the same Redis.
        app.state.limiter.prefix = f"hub:test:ratelimit:{uuid.uuid4().hex}"
        app.state.upstream_urls.update(urls)
        for name, upstream in upstreams.items():
            await app.state.clients[name].aclose()
            app.state.clients[name] = asgi_client(upstream, f"http://{name}", signer=as_service("gateway"))
        yield app


# The session's apps served on ports of this machine, once for the whole session: app -> base URL.
SERVED: dict[FastAPI, str] = {}


@pytest.fixture(scope="session")
async def served_upstreams(
    directory_app: FastAPI, metrics_app: FastAPI, reports_app: FastAPI
) -> AsyncIterator[dict[str, FastAPI]]:
    from tests.processes import served  # it imports this module

    apps = {"directory": directory_app, "metrics": metrics_app, "reports": reports_app}
    async with contextlib.AsyncExitStack() as stack:
        for app in apps.values():
            SERVED[app] = await stack.enter_async_context(served(app))
        try:
            yield apps
        finally:
            SERVED.clear()


@pytest.fixture
def upstreams(served_upstreams: dict[str, FastAPI]) -> dict[str, FastAPI]:
    return dict(served_upstreams)


@pytest.fixture
async def gateway_app(env: Env, upstreams: dict[str, FastAPI]) -> AsyncIterator[FastAPI]:
    async with gateway(env, upstreams) as app:
        yield app


RunWorker = Callable[[], Coroutine[Any, Any, Worker]]


@pytest.fixture
def run_worker(env: Env, directory_app: FastAPI, metrics_app: FastAPI) -> RunWorker:
    """Run the real worker (real Redis queue, real database) until the queue is empty. Only
    its way to the directory is in process."""
    from services.directory import tasks as directory_tasks
    from services.metrics import tasks as metrics_tasks
    from services.reports import tasks as reports_tasks

    async def startup(ctx: dict[str, Any]) -> None:
        peers = {
            "directory": asgi_client(directory_app, "http://directory", signer=as_service("reports")),
            "metrics": asgi_client(metrics_app, "http://metrics", signer=as_service("reports")),
        }
        ctx["reports"] = reports_tasks.Resources.open(ReportsSettings(**env.settings()), peers)
        metrics_http = asgi_client(directory_app, "http://directory", signer=as_service("metrics"))
        ctx["metrics"] = metrics_tasks.Resources.open(MetricsSettings(**env.settings()), metrics_http)
        directory_settings = DirectorySettings(**env.settings())
        directory_engine = create_engine(directory_settings.database_url, "directory")
        ctx["directory"] = directory_tasks.Resources(
            directory_settings, directory_engine, create_sessionmaker(directory_engine)
        )

    async def run() -> Worker:
        worker = create_worker(
            WorkerSettings(**env.settings()),
            burst=True,
            poll_delay=0.01,
            handle_signals=False,
            cron_jobs=[],
            on_startup=startup,
        )
        try:
            await worker.main()
        finally:
            await worker.close()
        return worker

    return run
