"""Each service's models state what its migrations create: on a database upgraded to head,
alembic's autogenerate finds nothing to change (tables, columns, types, nullability, server
defaults, indexes and their names, unique constraints, foreign keys), and the check constraints
have the names the models give them (autogenerate does not compare check constraints). A model
or a migration changed without the other fails here; so does a migrations/env.py that leaves out
a module of the service's tables (`alembic check` would then propose dropping them)."""

import ast
import importlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Index, MetaData, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from hub.migrate import SERVICE_DIRS
from shared.db import async_url
from shared.migrations import context_options, upgrade

SERVICES = {service_dir.name: service_dir for service_dir in SERVICE_DIRS}
ROOT = Path(__file__).resolve().parents[1]


def service_metadata(service: str) -> MetaData:
    """The metadata every model shares, with each module of the service's tables imported, as the
    service's migrations/env.py gives it to alembic (which compares the service's schema only)."""
    for module in model_modules(SERVICES[service]):
        importlib.import_module(module)
    return SQLModel.metadata


def env_imports(service_dir: Path) -> set[str]:
    """The modules the service's migrations/env.py imports (`from a.b import c` names a.b and a.b.c)."""
    tree = ast.parse((service_dir / "migrations" / "env.py").read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("services."):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def model_modules(service_dir: Path) -> set[str]:
    """The modules of the service's tables: every models.py and every module of a models/ package."""
    files = [*service_dir.rglob("models.py"), *service_dir.rglob("models/*.py")]
    names = {".".join(f.relative_to(ROOT).with_suffix("").parts) for f in files}
    return {name.removesuffix(".__init__") for name in names}


def migrate(url: str, service: str) -> None:
    with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
        pool.submit(upgrade, SERVICES[service], url).result()


async def on_connection(url: str, work: Any) -> Any:
    engine = create_async_engine(async_url(url))
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


def differences(metadata: MetaData, schema: str) -> Any:
    """What autogenerate would change, compared as the service's env.py has it compare."""

    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={**context_options(schema), "target_metadata": metadata})
        return compare_metadata(context, metadata)

    return compare


def check_constraints(metadata: MetaData, schema: str) -> Any:
    """The (table, name) of every check constraint, as declared and as the database has them."""

    def names(connection: Connection) -> tuple[set[tuple[str, str | None]], set[tuple[str, str | None]]]:
        tables = [t for t in metadata.tables.values() if t.schema == schema]
        declared = {(t.name, c.name) for t in tables for c in t.constraints if isinstance(c, CheckConstraint)}
        inspector = inspect(connection)
        made = {
            (table, constraint["name"])
            for table in inspector.get_table_names(schema=schema)
            for constraint in inspector.get_check_constraints(table, schema=schema)
        }
        return declared, made

    return names


@pytest.mark.parametrize("service", sorted(SERVICES))
async def test_the_models_state_what_the_migrations_create(empty_database: str, service: str) -> None:
    metadata = service_metadata(service)
    migrate(empty_database, service)

    found = await on_connection(empty_database, differences(metadata, service))
    declared, made = await on_connection(empty_database, check_constraints(metadata, service))

    assert found == [], "\n".join(map(repr, found))
    assert declared == made


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_migration_environment_imports_every_table_of_its_service(service: str) -> None:
    assert model_modules(SERVICES[service]) <= env_imports(SERVICES[service])


async def test_an_index_the_models_leave_out_is_found(empty_database: str) -> None:
    metadata = MetaData()
    for table in service_metadata("directory").tables.values():
        if table.schema == "directory":
            table.to_metadata(metadata)
    accounts = metadata.tables["directory.accounts"]
    left_out = next(i for i in accounts.indexes if i.name == "ix_accounts_organisation_id")
    accounts.indexes.discard(left_out)
    migrate(empty_database, "directory")

    found = await on_connection(empty_database, differences(metadata, "directory"))

    assert [(kind, index.name) for kind, index in found] == [("remove_index", "ix_accounts_organisation_id")]
    assert isinstance(found[0][1], Index)


async def test_migrating_says_what_it_applies_and_not_alembics_preamble(
    empty_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    """`hub run` shows alembic's INFO lines: each upgrade applied, but not the two lines alembic
    says before every service's migrations, applied or not (six at the top of every start)."""
    from hub.migrate import migrate_all

    with caplog.at_level("INFO", logger="alembic"), ThreadPoolExecutor(1) as pool:
        pool.submit(migrate_all, empty_database).result()  # alembic runs its own event loop
    said = [r.getMessage() for r in caplog.records if r.name.startswith("alembic")]

    assert any(line.startswith("Running upgrade  -> 0001") for line in said), said
    assert not [line for line in said if line.startswith(("Context impl", "Will assume"))]
