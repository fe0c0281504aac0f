"""A rule on the object a route touches (`RULE.on(owner)`): callers refused anyway are refused
before the object is looked up, an object elsewhere is not found, and the rule then holds of
the organisation owning the object."""

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.auth import ORG_MEMBER, access
from shared.errors import NotFound, install_error_handlers
from shared.identity import Identity
from tests.support.apps import asgi_client

ORG, OTHER, UNOWNED = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
THINGS = {uuid.uuid4(): ORG, uuid.uuid4(): OTHER}  # thing -> the organisation owning it
CALLERS = {
    "member": Identity(kind="account", account_id=uuid.uuid4(), organisation_id=ORG),
    "other": Identity(kind="account", account_id=uuid.uuid4(), organisation_id=OTHER),
    "admin": Identity(kind="account", account_id=uuid.uuid4(), platform_admin=True),
}


class WithIdentity:
    """Sets the identity the gateway would have signed, named by the `caller` header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = dict(scope.get("headers", [])).get(b"caller", b"").decode()
        scope.setdefault("state", {})["identity"] = CALLERS.get(name, Identity.anonymous())
        await self.app(scope, receive, send)


@pytest.fixture
def looked_up() -> list[uuid.UUID]:
    """The objects the owner lookups were asked for."""
    return []


@pytest.fixture
async def client(looked_up: list[uuid.UUID]) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(WithIdentity)

    async def thing_owner(thing_id: uuid.UUID) -> uuid.UUID | None:
        looked_up.append(thing_id)
        if thing_id == UNOWNED:
            return None
        if thing_id not in THINGS:
            raise NotFound("No such thing.")
        return THINGS[thing_id]

    async def thing_in_org(org_id: uuid.UUID, thing_id: uuid.UUID) -> uuid.UUID:
        looked_up.append(thing_id)
        if THINGS.get(thing_id) != org_id:
            raise NotFound("No such thing of this organisation.")
        return org_id

    @app.post("/things/{thing_id}", **access(ORG_MEMBER.on(thing_owner, "thing_owner")))
    async def act(thing_id: uuid.UUID) -> dict[str, bool]:
        return {"done": True}

    @app.get("/orgs/{org_id}/things/{thing_id}", **access(ORG_MEMBER.on(thing_in_org)))
    async def read(org_id: uuid.UUID, thing_id: uuid.UUID) -> dict[str, bool]:
        return {"done": True}

    async with asgi_client(app, "http://test") as http:
        yield http


def thing_of(org: uuid.UUID) -> uuid.UUID:
    return next(t for t, o in THINGS.items() if o == org)


async def test_members_of_the_owning_organisation_and_platform_admins_pass(client: httpx.AsyncClient) -> None:
    for caller in ("member", "admin"):
        response = await client.post(f"/things/{thing_of(ORG)}", headers={"caller": caller})
        assert response.status_code == 200, response.text


async def test_another_organisation_is_refused_and_an_unknown_object_not_found(client: httpx.AsyncClient) -> None:
    assert (await client.post(f"/things/{thing_of(ORG)}", headers={"caller": "other"})).status_code == 403
    assert (await client.post(f"/things/{uuid.uuid4()}", headers={"caller": "member"})).status_code == 404


async def test_an_object_no_organisation_owns_is_for_platform_admins(client: httpx.AsyncClient) -> None:
    assert (await client.post(f"/things/{UNOWNED}", headers={"caller": "member"})).status_code == 403
    assert (await client.post(f"/things/{UNOWNED}", headers={"caller": "admin"})).status_code == 200


async def test_callers_refused_anyway_learn_nothing_of_the_object(
    client: httpx.AsyncClient, looked_up: list[uuid.UUID]
) -> None:
    assert (await client.post(f"/things/{uuid.uuid4()}")).status_code == 401
    unknown = await client.get(f"/orgs/{ORG}/things/{uuid.uuid4()}", headers={"caller": "other"})

    assert unknown.status_code == 403  # the path's organisation is not theirs: not a 404
    assert looked_up == []


async def test_an_object_of_another_organisation_is_not_found_under_the_path(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/orgs/{ORG}/things/{thing_of(OTHER)}", headers={"caller": "member"})

    assert response.status_code == 404
    assert (await client.get(f"/orgs/{ORG}/things/{thing_of(ORG)}", headers={"caller": "member"})).status_code == 200


async def test_a_malformed_id_is_the_routes_validation_error_once(client: httpx.AsyncClient) -> None:
    response = await client.post("/things/not-a-uuid", headers={"caller": "member"})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["path.thing_id"]
