"""Apply every service's migrations, then load the directory's reference data and fill the derived
columns a migration added empty (both idempotent)."""

import asyncio
import logging
import uuid
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

import services.directory
import services.metrics
import services.reports
from services.directory import name_readings
from services.directory import seed as directory_seed
from services.directory.demo import service as directory_demo
from services.directory.demo.generate import DemoSet
from services.directory.models import SCHEMA as DIRECTORY_SCHEMA
from services.directory.models.coalitions import Coalition
from services.directory.models.organisations import Organisation
from services.directory.reference import service as directory_reference
from services.metrics.catalogue import seed as metrics_seed
from services.metrics.catalogue import service as metrics_catalogue
from services.metrics.clients import DirectoryClient as MetricsDirectoryClient
from services.metrics.demo import generate as metrics_demo
from services.metrics.demo import service as metrics_demo_loader
from services.metrics.jobs import BATCH_STATEMENT_SECONDS
from services.metrics.models import SCHEMA as METRICS_SCHEMA
from services.metrics.rollups import service as metrics_rollups
from shared.db import create_engine, create_sessionmaker, in_session, session_scope
from shared.migrations import applied_revisions, head_revisions, upgrade

SERVICE_DIRS = [Path(pkg.__path__[0]) for pkg in (services.directory, services.metrics, services.reports)]


async def load_reference_data(database_url: str) -> None:
    await in_session(database_url, DIRECTORY_SCHEMA, directory_reference.load_reference_data)


async def fill_derived_columns(database_url: str) -> None:
    """Derived columns a migration added empty, computed by the code that reads them (one engine
    and one transaction for them all)."""

    async def fill(session: AsyncSession) -> None:
        for model in (Organisation, Coalition):
            await name_readings.fill(session, model)

    await in_session(database_url, DIRECTORY_SCHEMA, fill)


async def load_demo(database_url: str, demo: DemoSet) -> list[uuid.UUID]:
    """The demo directory; returns the ids of the demo organisations it replaced."""
    return await in_session(database_url, DIRECTORY_SCHEMA, lambda session: directory_demo.load_demo(session, demo))


class DemoDirectory(MetricsDirectoryClient):
    """What the metrics service asks the directory when values and targets are written (known
    countries, an organisation's active coalitions), answered from the reference data and the demo
    set rather than over HTTP: `hub seed demo` runs whether or not the services do."""

    def __init__(self, demo: DemoSet) -> None:
        regions = directory_seed.country_regions()
        rows = directory_seed.country_rows()
        self.countries = {str(row["iso3"]): regions.get(str(row["iso3"])) for row in rows}
        self.alpha2 = {str(row["iso3"]): str(row["iso2"]) for row in rows}
        self.active: dict[uuid.UUID, set[uuid.UUID]] = {}
        for m in demo.memberships:
            if m["status"] == "active" and m["member_kind"] == "organisation":
                self.active.setdefault(m["member_id"], set()).add(m["coalition_id"])

    async def country_regions(self) -> dict[str, str | None]:
        return self.countries

    async def country_alpha2(self) -> dict[str, str]:
        return self.alpha2

    async def active_coalitions(self, organisation_id: uuid.UUID) -> set[uuid.UUID]:
        return self.active.get(organisation_id, set())


def demo_reporters(demo: DemoSet) -> list[metrics_demo.Reporter]:
    """The demo organisations as the demo figures need them."""
    country_of = {c["id"]: c["country"] for c in demo.coalitions}
    active: dict[uuid.UUID, list[tuple[uuid.UUID, str | None]]] = {}
    for m in demo.memberships:
        if m["status"] == "active" and m["member_kind"] == "organisation":
            active.setdefault(m["member_id"], []).append((m["coalition_id"], country_of[m["coalition_id"]]))
    return [
        metrics_demo.Reporter(
            id=o["id"],
            countries=tuple(o["countries"]),
            forms=frozenset(o["forms"]),
            interventions=frozenset(o["interventions"]),
            size_band=o["size_band"],
            coalitions=tuple(sorted(active.get(o["id"], []), key=lambda c: str(c[0]))),
        )
        for o in demo.organisations
    ]


async def load_demo_figures(database_url: str, demo: DemoSet, earlier: Iterable[uuid.UUID] = ()) -> tuple[int, int]:
    """The demo set's figures in the metrics service, after `load_demo`: observations of its
    organisations and targets for the Pathfinder Countries (the starter indicators first, when
    missing), replacing the demo figures of these and of the `earlier` demo organisations only;
    then the roll-ups refreshed, so figures are read from them at once. Returns how many
    observations and targets were loaded."""
    engine = create_engine(database_url, METRICS_SCHEMA, pool_size=2, command_timeout=BATCH_STATEMENT_SECONDS)
    try:
        sessionmaker = create_sessionmaker(engine)
        async with session_scope(sessionmaker) as session:
            counts = await metrics_demo_loader.load(
                session, DemoDirectory(demo), demo_reporters(demo), directory_seed.PATHFINDERS, earlier=earlier
            )
        await metrics_rollups.refresh_all(sessionmaker)
    finally:
        await engine.dispose()
    return counts


async def load_starter_indicators(database_url: str) -> int:
    starter = metrics_seed.starter_indicators()
    return await in_session(
        database_url, METRICS_SCHEMA, lambda session: metrics_catalogue.load_starter(session, starter)
    )


class AlembicPreamble(logging.Filter):
    """Drops the two lines alembic says before every service's migrations, whether or not any
    is applied ("Context impl PostgresqlImpl.", "Will assume transactional DDL."): six lines at
    the top of every `hub run` that tell a reader nothing. What it applies ("Running upgrade")
    still shows."""

    PREAMBLE = ("Context impl ", "Will assume ")

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.PREAMBLE)


def quiet_alembic_preamble() -> None:
    migration = logging.getLogger("alembic.runtime.migration")
    if not any(isinstance(f, AlembicPreamble) for f in migration.filters):
        migration.addFilter(AlembicPreamble())


def migrate_all(database_url: str) -> None:
    """Synchronous (alembic runs its own event loop): call it outside a running loop."""
    quiet_alembic_preamble()
    for service_dir in SERVICE_DIRS:
        upgrade(service_dir, database_url)
    asyncio.run(load_reference_data(database_url))
    asyncio.run(fill_derived_columns(database_url))


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
