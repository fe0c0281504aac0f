"""Roll-up refreshes committed for real, on two connections."""

import asyncio
import uuid

import asyncpg
from fastapi import FastAPI

from services.metrics.rollups import repository as rollups
from services.metrics.rollups import service
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


async def test_a_key_whose_refresh_fails_holds_back_no_other_and_keeps_its_mark(metrics_app: FastAPI, env: Env) -> None:
    """A refresh that fails on an error of its own (here PostgreSQL refusing one indicator's
    roll-ups) is undone whole: its key stays marked, so its figures are read from the
    observations, and its earlier roll-ups stay. (Its statements ran on the driver before any of
    SQLAlchemy's, so each committed on its own: the marks and the roll-ups of the year were gone
    and the figures with them.) The other keys are refreshed, one at a time, rather than failing
    with it on every sweep."""
    poison, good = [await factories.adopted(metrics_app, prefix=p) for p in ("poison", "healthy")]

    async def report(value: int) -> None:
        for code in (poison, good):  # the poisoned key marked first: the oldest
            await factories.report(
                metrics_app,
                uuid.uuid4(),
                indicator=code,
                country="NPL",
                period="2024",
                value=value,
                visibility="public",
            )

    for value in (3, 4, 5):
        await report(value)
    await service.refresh_all(metrics_app.state.sessionmaker)
    await report(6)
    connection = await asyncpg.connect(**asyncpg_dsn(env.database_url))
    marked = "SELECT indicator_code FROM metrics.rollup_changes WHERE indicator_code = ANY($1::varchar[])"
    counted = "SELECT max(n) FROM metrics.rollups WHERE indicator_code = $1 AND shape = ''"
    try:
        before = await connection.fetchval(counted, poison)
        await connection.execute(
            f"""CREATE FUNCTION metrics.refuse_{poison}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.indicator_code = '{poison}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_{poison} BEFORE INSERT ON metrics.rollups
            FOR EACH ROW EXECUTE FUNCTION metrics.refuse_{poison}()"""
        )
        refreshed = await service.refresh_all(metrics_app.state.sessionmaker, per_transaction=2)
        again = await service.refresh_all(metrics_app.state.sessionmaker, per_transaction=2)
        still_marked = {r[0] for r in await connection.fetch(marked, [poison, good])}
        kept, fresh = await connection.fetchval(counted, poison), await connection.fetchval(counted, good)
    finally:
        await connection.execute(f"DROP FUNCTION metrics.refuse_{poison}() CASCADE")
        await connection.close()

    assert refreshed >= 1 and again == 0
    assert still_marked == {poison}
    assert (before, kept, fresh) == (3, 3, 4)  # the poisoned year's roll-ups as they were; the other's fresh
