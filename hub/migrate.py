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
from shared.db import create_engine, create_sessionmaker, session_scope
from shared.migrations import upgrade

SERVICE_DIRS = [Path(pkg.__file__).parent for pkg in (services.directory, services.metrics, services.reports)]


async def load_reference_data(database_url: str) -> None:
    engine = create_engine(database_url, DIRECTORY_SCHEMA, pool_size=1)
    try:
        async with session_scope(create_sessionmaker(engine)) as session:
            await directory_reference.load_reference_data(session)
    finally:
        await engine.dispose()


async def load_demo(database_url: str, demo: DemoSet) -> None:
    engine = create_engine(database_url, DIRECTORY_SCHEMA, pool_size=1)
    try:
        async with session_scope(create_sessionmaker(engine)) as session:
            await directory_demo.load_demo(session, demo)
    finally:
        await engine.dispose()


async def load_starter_indicators(database_url: str) -> int:
    engine = create_engine(database_url, METRICS_SCHEMA, pool_size=1)
    try:
        async with session_scope(create_sessionmaker(engine)) as session:
            return await metrics_catalogue.load_starter(session, metrics_seed.starter_indicators())
    finally:
        await engine.dispose()


def migrate_all(database_url: str) -> None:
    """Synchronous (alembic runs its own event loop): call it outside a running loop."""
    for service_dir in SERVICE_DIRS:
        upgrade(service_dir, database_url)
    asyncio.run(load_reference_data(database_url))
