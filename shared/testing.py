"""Test helpers shared by every service's tests: throwaway databases, apps with their
lifespan running, and sessions that roll back at the end of a test."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import asyncpg
import httpx
from fastapi import FastAPI
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker

from shared.http import IdentitySigner

T = TypeVar("T")


def run_in_thread(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync code, even while an event loop is running."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def asyncpg_dsn(url: str) -> dict[str, Any]:
    parsed = make_url(url)
    return {
        "user": parsed.username,
        "password": parsed.password or None,
        "host": parsed.query.get("host") or parsed.host,
        "port": parsed.port,
        "database": parsed.database,
    }


async def create_database(server_url: str) -> str:
    """Create an empty database on the server of `server_url`; returns its URL."""
    name = f"hub_test_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(**asyncpg_dsn(server_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def drop_database(server_url: str, database_url: str) -> None:
    name = make_url(database_url).database
    conn = await asyncpg.connect(**asyncpg_dsn(server_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[FastAPI]:
    async with app.router.lifespan_context(app):
        yield app


def asgi_client(app: FastAPI, base_url: str, *, signer: IdentitySigner | None = None) -> httpx.AsyncClient:
    """A client of `app` in process; with `signer`, each request carries that signed identity
    (what the gateway, or a peer service, would send)."""
    hooks: dict[str, list[Callable[..., Any]]] = {"request": [signer]} if signer else {}
    return httpx.AsyncClient(transport=_InProcess(app=app), base_url=base_url, event_hooks=hooks)


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
        lock: asyncio.Lock | None = getattr(self.app.state, "one_connection", None)  # type: ignore[attr-defined]
        if lock is None:
            return await super().handle_async_request(request)
        async with lock:
            return await super().handle_async_request(request)


@contextlib.asynccontextmanager
async def rolled_back(app: FastAPI) -> AsyncIterator[None]:
    """Within the block, the app's requests share one transaction that is rolled back after;
    their commits become savepoints."""
    original = app.state.sessionmaker, app.state.read_sessionmaker
    async with app.state.engine.connect() as conn:
        transaction = await conn.begin()
        app.state.sessionmaker = app.state.read_sessionmaker = async_sessionmaker(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        app.state.one_connection = asyncio.Lock()
        try:
            yield
        finally:
            app.state.sessionmaker, app.state.read_sessionmaker = original
            del app.state.one_connection
            await transaction.rollback()
