"""Service apps in process for tests: clients that reach them without a socket, and requests
that share one transaction rolled back at the end of a test."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncTransaction, async_sessionmaker

from shared.http import IdentitySigner

T = TypeVar("T")


def asgi_client(
    app: FastAPI, base_url: str, *, signer: IdentitySigner | None = None, address: str = "127.0.0.1"
) -> httpx.AsyncClient:
    """A client of `app` in process, from `address`; with `signer`, each request carries that
    signed identity (what the gateway, or a peer service, would send). While the app's requests
    share one connection (`rolled_back`), they go one at a time."""
    hooks = {"request": [signer]} if signer else {}
    return httpx.AsyncClient(transport=_InProcess(app=app, client=(address, 123)), base_url=base_url, event_hooks=hooks)


def one_at_a_time(app: Any) -> Any:
    """`app` (an ASGI app) taking its requests one at a time while they share one connection
    (`rolled_back`), for servers of it on a real port; as it is otherwise."""

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        lock: asyncio.Lock | None = getattr(getattr(app, "state", None), "one_connection", None)
        if lock is None or scope["type"] != "http":
            return await app(scope, receive, send)
        async with lock:
            await app(scope, receive, send)

    return guarded


class _InProcess(httpx.ASGITransport):
    """Requests to the app in process; while they share one connection (`rolled_back`), one at a
    time, as a connection runs one statement at a time (a service's callers, the reports
    service gathering a report above all, may ask it several things at once)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # A caller that gives up (gathering cancels its other calls when one fails) does not stop
        # the app mid-statement, as a server would not: a statement cancelled on the shared
        # connection would leave its transaction broken for the rest of the test.
        return await asyncio.shield(asyncio.ensure_future(self._handle(request)))

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        lock: asyncio.Lock | None = getattr(self.app.state, "one_connection", None)  # type: ignore[attr-defined]
        if lock is None:
            return await super().handle_async_request(request)
        async with lock:
            return await super().handle_async_request(request)


@contextlib.asynccontextmanager
async def rolled_back(app: FastAPI) -> AsyncIterator[None]:
    """Within the block, the app's requests share one transaction that is rolled back after;
    their commits become savepoints. Inside another such block, the block is a savepoint of its
    transaction: data made once for many tests (a module fixture) outlives each test's writes.
    While the app has a transaction held back (`held_back`), the block is a savepoint of that."""
    if (outer := getattr(app.state, "one_connection", None)) is not None:
        async with _savepoint(app.state.rolled_back_connection, outer):
            yield
        return
    if (held := getattr(app.state, "held_connection", None)) is not None:
        async with _attached(app, held), _savepoint(held, app.state.one_connection):
            yield
        return
    async with app.state.engine.connect() as conn:
        transaction = await conn.begin()
        try:
            async with _attached(app, conn):
                yield
        finally:
            await _roll_back(conn, transaction)


@contextlib.asynccontextmanager
async def held_back(apps: list[FastAPI], make: Callable[[], Awaitable[T]]) -> AsyncIterator[T]:
    """What `make` writes through the apps, in a transaction of each app's that is rolled back
    at the end and that only `rolled_back(app)` blocks run in meanwhile, each to a savepoint of
    its own: data made once for a module's tests, which its tests that commit for real (on
    connections of their own: races, the worker) neither see nor need."""
    async with contextlib.AsyncExitStack() as stack:
        conns = [await stack.enter_async_context(app.state.engine.connect()) for app in apps]
        transactions = [await conn.begin() for conn in conns]
        try:
            async with contextlib.AsyncExitStack() as attached:
                for app, conn in zip(apps, conns, strict=True):
                    await attached.enter_async_context(_attached(app, conn))
                made = await make()
            for app, conn in zip(apps, conns, strict=True):
                app.state.held_connection = conn
            yield made
        finally:
            for app in apps:
                if hasattr(app.state, "held_connection"):
                    del app.state.held_connection
            for conn, transaction in zip(conns, transactions, strict=True):
                await _roll_back(conn, transaction)


@contextlib.asynccontextmanager
async def _attached(app: FastAPI, conn: AsyncConnection) -> AsyncIterator[None]:
    """The app's requests on `conn`, one at a time, their commits savepoints."""
    original = app.state.sessionmaker, app.state.read_sessionmaker
    app.state.sessionmaker = app.state.read_sessionmaker = async_sessionmaker(
        bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    app.state.rolled_back_connection = conn
    app.state.one_connection = lock = asyncio.Lock()
    try:
        yield
    finally:
        # A request served on a port (`one_at_a_time`) may still be running after its answer
        # was sent, as the test ends: detach once it is done with the connection.
        async with lock:
            app.state.sessionmaker, app.state.read_sessionmaker = original
            del app.state.one_connection, app.state.rolled_back_connection


async def _roll_back(conn: AsyncConnection, transaction: AsyncTransaction) -> None:
    try:
        await transaction.rollback()
    except BaseException:
        await conn.invalidate()  # never back into the pool inside a transaction
        raise


@contextlib.asynccontextmanager
async def _savepoint(conn: AsyncConnection, lock: asyncio.Lock) -> AsyncIterator[None]:
    async with lock:
        savepoint = await conn.begin_nested()
    try:
        yield
    finally:
        async with lock:  # once a request still running is done with the connection
            await savepoint.rollback()
