"""Apply every service's migrations, then load the directory's reference data (idempotent)."""

import asyncio
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

import services.directory
import services.metrics
import services.reports
from services.directory.models import SCHEMA as DIRECTORY_SCHEMA
from services.directory.seed.demo import DemoSet
from services.directory.service import demo as directory_demo
from services.directory.service import reference as directory_reference
from services.metrics import seed as metrics_seed
from services.metrics.models import SCHEMA as METRICS_SCHEMA
from services.metrics.service import catalogue as metrics_catalogue
from shared.db import in_session
from shared.migrations import applied_revisions, head_revisions, upgrade

SERVICE_DIRS = [Path(pkg.__file__).parent for pkg in (services.directory, services.metrics, services.reports)]


async def load_reference_data(database_url: str) -> None:
    await in_session(database_url, DIRECTORY_SCHEMA, directory_reference.load_reference_data)


async def load_demo(database_url: str, demo: DemoSet) -> None:
    await in_session(database_url, DIRECTORY_SCHEMA, lambda session: directory_demo.load_demo(session, demo))


async def load_starter_indicators(database_url: str) -> int:
    starter = metrics_seed.starter_indicators()
    return await in_session(
        database_url, METRICS_SCHEMA, lambda session: metrics_catalogue.load_starter(session, starter)
    )


def migrate_all(database_url: str) -> None:
    """Synchronous (alembic runs its own event loop): call it outside a running loop."""
    for service_dir in SERVICE_DIRS:
        upgrade(service_dir, database_url)
    asyncio.run(load_reference_data(database_url))


async def pending_services(database_url: str) -> list[str]:
    """The services whose schema is not at the revisions this code expects."""
    return [
        service_dir.name
        for service_dir in SERVICE_DIRS
        if await applied_revisions(database_url, service_dir.name) != head_revisions(service_dir)
    ]


async def wait_until_migrated(database_url: str, timeout_seconds: float, every_seconds: float = 2.0) -> list[str]:
    """Poll until every schema is at head (another process, the migration job, applies them);
    returns the services still behind when time runs out (empty: all migrated)."""
    deadline = asyncio.get_running_loop().time() + timeout_seconds
    while True:
        try:
            behind = await pending_services(database_url)
        except (OSError, SQLAlchemyError) as exc:  # the database is not reachable yet
            behind = [f"database unreachable ({type(exc).__name__})"]
        if not behind or asyncio.get_running_loop().time() >= deadline:
            return behind
        await asyncio.sleep(every_seconds)
