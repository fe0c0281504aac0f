"""Alembic, run programmatically: each service keeps its migrations in its own schema
(`<schema>.alembic_version`), under an advisory lock so replicas starting together are safe."""

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db import async_url


def alembic_config(service_dir: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(service_dir / "migrations"))
    config.set_main_option("sqlalchemy.url", async_url(database_url).replace("%", "%%"))
    return config


def upgrade(service_dir: Path, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(service_dir, database_url), revision)


def context_options(schema: str) -> dict[str, Any]:
    """How a service's migrations run, and how autogenerate compares its models with the schema
    they made (`alembic check`; tests/test_migrations_match_models.py): the version table in the
    service's schema, and of the tables (every schema is reflected, every service's models share
    one metadata) only the service's own; server defaults are compared too. Nothing else is left
    out: what autogenerate does not compare at all (functions, triggers, sequences, check
    constraints) needs no exception."""

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        return not (type_ == "table" and isinstance(obj, Table) and obj.schema != schema)

    return {
        "version_table_schema": schema,
        "include_schemas": True,
        "include_object": include,
        "compare_server_default": True,
    }


def run_env(context: EnvironmentContext, metadata: MetaData, schema: str) -> None:
    """The body of every service's migrations/env.py."""

    def migrate(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=metadata, **context_options(schema))
        with context.begin_transaction():
            context.run_migrations()

    async def main() -> None:
        url = context.config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("The migration context has no sqlalchemy.url.")
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT pg_advisory_lock(hashtext(:k))"), {"k": f"hub-migrate-{schema}"})
                await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
                await conn.commit()
                await conn.run_sync(migrate)
                await conn.commit()
                await conn.execute(text("SELECT pg_advisory_unlock(hashtext(:k))"), {"k": f"hub-migrate-{schema}"})
        finally:
            await engine.dispose()

    asyncio.run(main())


def head_revisions(service_dir: Path) -> set[str]:
    """The revisions the code expects (the heads of the service's migration scripts)."""
    return set(ScriptDirectory.from_config(alembic_config(service_dir, "postgresql://unused")).get_heads())


async def applied_revisions(database_url: str, schema: str) -> set[str]:
    """The revisions recorded in `<schema>.alembic_version`; empty when never migrated."""
    engine = create_async_engine(async_url(database_url))
    try:
        async with engine.connect() as conn:
            exists = await conn.scalar(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": f'"{schema}".alembic_version'})
            if not exists:
                return set()
            return set((await conn.execute(text(f'SELECT version_num FROM "{schema}".alembic_version'))).scalars())
    finally:
        await engine.dispose()
