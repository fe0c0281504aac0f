"""Two transactions committed for real on two connections, for write races: the first writes and
holds its transaction open, the second writes the same key and waits on it, then the first
commits and the second goes on."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.processes import until

T = TypeVar("T")
BLOCKED = text("SELECT cardinality(pg_blocking_pids(:pid)) > 0")
# pg_locks, not pg_stat_activity: that one is read once per transaction, and the waiting session
# asks from inside its open transaction.
WAITED_ON = text("SELECT count(*) > 0 FROM pg_locks WHERE NOT granted AND :pid = ANY(pg_blocking_pids(pid))")


async def first_writes(
    sessionmaker: async_sessionmaker[AsyncSession], write: Callable[[AsyncSession], Awaitable[T]]
) -> tuple[T, T | BaseException]:
    """`write` twice, as two first writes that collide; returns what each gave (the second's
    exception, if it raised one, instead of its result)."""
    async with sessionmaker() as first, sessionmaker() as second:
        one = await write(first)
        pid = (await second.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        racing: asyncio.Task[Any] = asyncio.create_task(write(second))
        await until(lambda: racing.done() or _blocked(first, pid), "the second writer to wait on the first", seconds=10)
        await first.commit()
        try:
            two: T | BaseException = await racing
            await second.commit()
        except Exception as error:  # noqa: BLE001 - the caller asserts on it
            two = error
            await second.rollback()
    return one, two


async def _blocked(session: AsyncSession, pid: int) -> bool:
    return bool((await session.execute(BLOCKED, {"pid": pid})).scalar_one())


async def waited_on(session: AsyncSession) -> bool:
    """Whether another connection waits on a lock the session's transaction holds."""
    pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    return bool((await session.execute(WAITED_ON, {"pid": pid})).scalar_one())
