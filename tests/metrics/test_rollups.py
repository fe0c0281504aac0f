"""Roll-up refreshes committed for real, on two connections."""

import asyncio
import uuid

import asyncpg
from fastapi import FastAPI

from services.metrics.rollups import repository as rollups
from shared.db import asyncpg_dsn
from tests import factories
from tests.conftest import Env
from tests.processes import until


async def refresh_year(connection: asyncpg.Connection, year: list[list[str]]) -> None:
    async with connection.transaction():
        for statement in (rollups.LOCK, rollups.DROP, rollups.COMPUTE):
            await connection.execute(statement, *year)


async def test_two_refreshes_of_one_year_leave_one_set_of_roll_ups(metrics_app: FastAPI, env: Env) -> None:
    """A refresh of a year waits for another one under way, then replaces its roll-ups: without
    the wait, each deleted what it could see and both inserted theirs, doubling every figure."""
    code = await factories.adopted(metrics_app, prefix="refresh")
    for value in (3, 4, 5):
        await factories.report(
            metrics_app, uuid.uuid4(), indicator=code, country="NPL", period="2024", value=value, visibility="public"
        )
    year = [[code], ["2024"], ["NPL"]]
    first, second = [await asyncpg.connect(**asyncpg_dsn(env.database_url)) for _ in range(2)]
    count = "SELECT count(*) FROM metrics.rollups WHERE indicator_code = $1"
    try:
        async with first.transaction():
            for statement in (rollups.LOCK, rollups.DROP, rollups.COMPUTE):
                await first.execute(statement, *year)
            once = await first.fetchval(count, code)
            waiting = asyncio.create_task(refresh_year(second, year))
            blocked = "SELECT cardinality(pg_blocking_pids($1)) > 0"
            await until(lambda: first.fetchval(blocked, second.get_server_pid()), "the second refresh to wait")
        await waiting
        after = await first.fetchval(count, code)
    finally:
        await first.close()
        await second.close()

    assert once > 0 and after == once
