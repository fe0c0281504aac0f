"""Service apps in process for tests: clients that reach them without a socket, and requests
that share one transaction rolled back at the end of a test."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, async_sessionmaker

from shared.http import IdentitySigner


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
    transaction: data made once for many tests (a module fixture) outlives each test's writes."""
    if (outer := getattr(app.state, "one_connection", None)) is not None:
        async with _savepoint(app.state.rolled_back_connection, outer):
            yield
        return
    original = app.state.sessionmaker, app.state.read_sessionmaker
    async with app.state.engine.connect() as conn:
        transaction = await conn.begin()
        app.state.sessionmaker = app.state.read_sessionmaker = async_sessionmaker(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        app.state.rolled_back_connection = conn
        app.state.one_connection = lock = asyncio.Lock()
        try:
            yield
        finally:
            # A request served on a port (`one_at_a_time`) may still be running after its answer
            # was sent, as the test ends: roll back once it is done with the connection.
            async with lock:
                app.state.sessionmaker, app.state.read_sessionmaker = original
                del app.state.one_connection, app.state.rolled_back_connection
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
