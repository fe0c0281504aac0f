"""Async engine and session per service; the unit of work commits at the boundary.

Every service lives in its own PostgreSQL schema (`directory`, `metrics`, `reports`) and
sets `search_path` to it, so it cannot read another service's tables by accident.
"""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import DateTime, String, event, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlmodel import Field

from shared.audit import audit_table, record_write
from shared.auth import SAFE_METHODS

log = logging.getLogger("hub.db")
T = TypeVar("T")


def async_url(url: str) -> str:
    """Accept plain `postgresql://` URLs (as operators write them) and pick the asyncpg driver."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def asyncpg_dsn(url: str) -> dict[str, Any]:
    """`url` as keyword arguments of `asyncpg.connect` (a socket folder given as `?host=` too)."""
    parsed = make_url(url)
    return {
        "user": parsed.username,
        "password": parsed.password or None,
        "host": parsed.query.get("host") or parsed.host,
        "port": parsed.port,
        "database": parsed.database,
    }


def create_engine(
    url: str, schema: str, *, pool_size: int = 10, command_timeout: float = 30, custom_plans: bool = False
) -> AsyncEngine:
    """`command_timeout` bounds every statement: 30 s for requests; jobs that apply large files
    ask for more. `custom_plans`: every statement is planned for its arguments, never with the
    generic plan PostgreSQL may keep for a prepared statement after five runs (for the
    directory's search that plan ran three times slower; planning each time costs a primary-key
    lookup about 50 µs more, docs/performance.md).

    The pool keeps its connections open and never opens more: a connection opened for one
    request and closed after it cost PostgreSQL a new backend each time, which under load was
    most of its CPU per request (docs/performance.md); a request waits for a free connection
    instead (up to 30 s)."""
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=30,  # then the request answers 503 with Retry-After (shared/errors)
        # No ping before each checkout: it cost three round trips per request. A connection the
        # server closed is replaced at checkout (_refuse_closed); one that dies mid-statement
        # answers 503 (shared/errors) and the pool drops every connection older than it.
        pool_pre_ping=False,
        # A failed statement's message must not carry its values (contacts, testimonies) into logs.
        hide_parameters=True,
        connect_args={
            # JIT compiles plans in hundreds of milliseconds for statements that run in a few
            # (docs/performance.md); no statement here gains from it.
            "server_settings": {
                "search_path": schema,
                "application_name": f"hub-{schema}",
                "jit": "off",
                **({"plan_cache_mode": "force_custom_plan"} if custom_plans else {}),
            },
            "timeout": 5,
            "command_timeout": command_timeout,
        },
    )
    event.listen(engine.sync_engine.pool, "checkout", _refuse_closed)
    return engine


def _refuse_closed(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """At checkout, a connection whose server closed it (a restart) is replaced, at no cost
    (no round trip): the pool catches DisconnectionError and lends another."""
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the server closed this connection")


def create_sessionmaker(bind: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(bind, expire_on_commit=False)


def create_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for GET and HEAD: each statement runs on its own (autocommit), with no BEGIN and
    COMMIT round trips around a single query. A read of several statements may see writes
    committed between them, as any client reading twice would."""
    return create_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"))


def utcnow() -> datetime:
    return datetime.now(UTC)


# Default factories of list and dict columns. Functions rather than `list` and `dict`: pydantic
# reads a factory's signature each time a model is built, and a builtin's is parsed from its
# text (0.1 ms each; a sixth of the CPU of creating an organisation, with its eight lists).
def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[str, Any]:
    return {}


def string_list() -> Any:
    """A column of strings (a PostgreSQL array: vocabulary slugs, ISO codes, links), empty by default."""
    return Field(default_factory=empty_list, sa_type=ARRAY(String), sa_column_kwargs={"server_default": "{}"})


def updated_stamp(*, server_now: bool = False) -> Any:
    """The time of the last write; `server_now`: the table's default is now() too (as the
    migration made it)."""
    return Field(
        default_factory=utcnow,
        sa_type=DateTime(timezone=True),
        sa_column_kwargs={"onupdate": utcnow} | ({"server_default": func.now()} if server_now else {}),
    )


def created_stamp(*, server_now: bool = False) -> Any:
    return Field(
        default_factory=utcnow,
        sa_type=DateTime(timezone=True),
        sa_column_kwargs={"server_default": func.now()} if server_now else {},
    )


AfterCommit = Callable[[], Awaitable[object]]


@dataclass
class UnitOfWork:
    """A session plus the actions (job enqueues) that may run only once it has committed."""

    session: AsyncSession
    after_commit: list[AfterCommit] = field(default_factory=list)

    def on_commit(self, action: AfterCommit) -> None:
        self.after_commit.append(action)

    async def run_after_commit(self) -> None:
        for action in self.after_commit:
            try:
                await action()
            except Exception:
                # The committed state is the source of truth: a sweeper picks up what
                # could not be enqueued now, so the request still succeeds.
                log.exception("after-commit action failed; the sweeper will retry it")
        self.after_commit.clear()


async def _unit_of_work(request: Request) -> AsyncIterator[UnitOfWork]:
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    # A write's idempotency key (shared.idempotency.Claim), taken in the write's own transaction.
    claim = getattr(request.state, "idempotency", None) if request.method not in SAFE_METHODS else None
    if request.method in SAFE_METHODS:
        sessionmaker = request.app.state.read_sessionmaker
    async with sessionmaker() as session:
        uow = UnitOfWork(session)
        try:
            if claim is not None:
                claim.watch(session)
            yield uow
            if request.method not in SAFE_METHODS:
                # In the write's own transaction: no write without its audit row.
                await record_write(session, audit_table(request.app.state.schema), request)
            if claim is not None:
                claim.commit_with_write()
            if request.method not in SAFE_METHODS or session.new or session.dirty or session.deleted:
                # A read's statements ran in autocommit: its commit would flush nothing and
                # send nothing, at the cost of the session's bookkeeping.
                await session.commit()
        except BaseException:
            await session.rollback()
            raise
    await uow.run_after_commit()


# scope="function": commit before the response is sent, so a client never reads its own
# write as missing and a failed commit becomes the answer.
UoW = Annotated[UnitOfWork, Depends(_unit_of_work, scope="function")]


@asynccontextmanager
async def session_scope(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """The job-side boundary: commit on success, roll back on error."""
    async with sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


async def hold_lock(session: AsyncSession, name: str) -> None:
    """Wait for, then hold until the transaction ends, the advisory lock named `name`: writers of
    the same name take turns, whatever rows they touch (or have yet to insert)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})


async def raw_connection(session: AsyncSession) -> Any:
    """The asyncpg connection under a session, inside the session's transaction (for hot reads
    written as SQL, and COPY). SQLAlchemy sends BEGIN only with its own first statement, so a
    statement sent on the driver first would run, and commit, on its own: the transaction is
    begun here first (one round trip, only where the raw statement is a transaction's first;
    reads in autocommit need none)."""
    connection = await session.connection()
    driver: Any = (await connection.get_raw_connection()).driver_connection
    options = connection.sync_connection.get_execution_options() if connection.sync_connection else {}
    if not driver.is_in_transaction() and options.get("isolation_level") != "AUTOCOMMIT":
        await connection.execute(text("SELECT 1"))
    return driver


async def in_session(database_url: str, schema: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` in one committed transaction on a short-lived engine (commands, seeds)."""
    engine = create_engine(database_url, schema, pool_size=2)
    try:
        async with session_scope(create_sessionmaker(engine)) as session:
            return await work(session)
    finally:
        await engine.dispose()


UNIQUE_VIOLATION = "23505"


def unique_violation(error: BaseException) -> bool:
    """Whether `error` is PostgreSQL refusing a row whose unique key another row already holds."""
    return isinstance(error, IntegrityError) and getattr(error.orig, "sqlstate", None) == UNIQUE_VIOLATION


async def insert_unless_taken(session: AsyncSession, row: Any) -> bool:
    """Insert `row` under a savepoint; False (and the row left out of the session) when a
    concurrent transaction committed a row with the same unique key first. The caller then reads
    that row, locked, and updates it: the second of two first writes is an update, never a 500.
    (A plain read-then-insert cannot tell: under READ COMMITTED both writers read nothing.)"""
    await session.flush()  # what is pending already is not this insert's to roll back
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError as error:
        if not unique_violation(error):
            raise
        return False
    return True


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
