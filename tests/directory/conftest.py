import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from shared.db import session_scope
from shared.identity import Identity
from tests.conftest import as_identity
from tests.support.apps import asgi_client

PLATFORM_ADMIN = Identity(kind="account", account_id=uuid.uuid4(), organisation_id=uuid.uuid4(), platform_admin=True)


@pytest.fixture
async def admin(directory: httpx.AsyncClient, directory_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The directory as a platform admin sees it, in the same rolled-back transaction as `directory`."""
    async with asgi_client(directory_app, "http://directory", signer=as_identity(PLATFORM_ADMIN)) as client:
        yield client


async def create_org(admin: httpx.AsyncClient, **fields: object) -> dict:
    response = await admin.post("/v1/directory/organisations", json={"name": f"Org {uuid.uuid4().hex[:6]}", **fields})
    assert response.status_code == 201, response.text
    return response.json()


class AtOnce:
    """The directory as a platform admin reaches it, with no `rolled_back` around it: requests
    sent together run together, each in a transaction of its own on a connection of its own, and
    commit for real (under `rolled_back` they share one connection and take turns, and no race
    can happen). Whatever a test makes through `make` is removed at its end; it names no country,
    so no count of another test sees it meanwhile."""

    def __init__(self, client: httpx.AsyncClient, app: FastAPI) -> None:
        self.client, self.app = client, app
        self.organisations: list[uuid.UUID] = []
        self.coalitions: list[uuid.UUID] = []

    async def make(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST to `path` (organisations, coalitions or registrations): the created resource."""
        response = await self.client.post(path, json=body)
        assert response.status_code == 201, response.text
        made = response.json()
        if path.endswith("/coalitions"):
            self.coalitions.append(uuid.UUID(made["id"]))
        else:
            self.organisations.append(uuid.UUID(made.get("organisation", made)["id"]))
        return made

    async def audited(self, action: str, target: dict[str, str]) -> int:
        """How many audit rows the committed writes of `action` on `target` left."""
        async with session_scope(self.app.state.sessionmaker) as session:
            found = await session.execute(
                text(
                    "SELECT count(*) FROM directory.audit_log WHERE action = :action AND target = CAST(:target AS jsonb)"
                ),
                {"action": action, "target": json.dumps(target)},
            )
            return int(found.scalar_one())

    async def remove_made(self) -> None:
        async with session_scope(self.app.state.sessionmaker) as session:
            for statement in FORGET:
                await session.execute(text(statement), {"orgs": self.organisations, "coalitions": self.coalitions})


FORGET = [
    "DELETE FROM directory.api_keys WHERE account_id IN "
    "(SELECT id FROM directory.accounts WHERE organisation_id = ANY(:orgs))",
    "DELETE FROM directory.coalition_admins WHERE coalition_id = ANY(:coalitions) OR account_id IN "
    "(SELECT id FROM directory.accounts WHERE organisation_id = ANY(:orgs))",
    "DELETE FROM directory.coalition_members WHERE coalition_id = ANY(:coalitions) OR member_id = ANY(:orgs)",
    "DELETE FROM directory.accounts WHERE organisation_id = ANY(:orgs)",
    "DELETE FROM directory.shared_services WHERE organisation_id = ANY(:orgs)",
    "DELETE FROM directory.organisations WHERE id = ANY(:orgs)",
    "DELETE FROM directory.coalitions WHERE id = ANY(:coalitions)",
]


@pytest.fixture
async def at_once(directory_app: FastAPI) -> AsyncIterator[AtOnce]:
    """The directory with requests that race for real (`AtOnce`); not with `directory`, `admin` or
    `world`, whose rolled-back transaction makes every request wait for the one before."""
    assert getattr(directory_app.state, "one_connection", None) is None, "requests inside rolled_back take turns"
    await _open_connections(directory_app, AT_ONCE)
    async with asgi_client(directory_app, "http://directory", signer=as_identity(PLATFORM_ADMIN)) as client:
        made = AtOnce(client, directory_app)
        try:
            yield made
        finally:
            await made.remove_made()


AT_ONCE = 9  # connections the pool holds open for requests sent together (it keeps 10)


async def _open_connections(app: FastAPI, count: int) -> None:
    """The pool opens a connection when it first needs it, which takes longer than a whole write
    on one already open: open them beforehand, or the first of several requests sent together
    would be done before the others had a connection, and they would not race."""
    async with contextlib.AsyncExitStack() as stack:
        for _ in range(count):
            await stack.enter_async_context(app.state.engine.connect())
