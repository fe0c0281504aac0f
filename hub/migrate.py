"""Apply every service's migrations, then load the directory's reference data (idempotent)."""

import asyncio
from pathlib import Path

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
from shared.migrations import upgrade

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
