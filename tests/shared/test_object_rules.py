"""A rule on the object a route touches (`ObjectRule`): anonymous callers get 401 before
anything is loaded, the resolver's own answer (404) stands, a refused account gets 403, or 404
when the rule hides the object."""

import uuid

import pytest
from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.auth import AUTHENTICATED, PUBLIC, ObjectRule, Rule, access
from shared.errors import NotFound, install_error_handlers
from shared.identity import Identity
from tests.support.apps import asgi_client

OWNED = uuid.uuid4()
OWNER = {"thing": OWNED}  # thing id -> owning coalition


class AsCaller:
    """Puts the identity named by the test's header in the scope, as the identity check would."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            who = dict(scope["headers"]).get(b"x-test-caller", b"anonymous").decode()
            identities = {
                "anonymous": Identity.anonymous(),
                "admin": Identity(kind="account", account_id=uuid.uuid4(), coalition_admin_of=[OWNED]),
                "stranger": Identity(kind="account", account_id=uuid.uuid4()),
            }
            scope.setdefault("state", {})["identity"] = identities[who]
        await self.app(scope, receive, send)


def make_app(loaded: list[str]) -> FastAPI:
    async def owner(thing_id: str) -> uuid.UUID:
        loaded.append(thing_id)
        if thing_id not in OWNER:
            raise NotFound(f"No thing {thing_id}.")
        return OWNER[thing_id]

    def admin_of(identity: Identity, coalition: uuid.UUID, request: Request) -> bool:
        return identity.admin_of_coalition(coalition)

    async def also_admin_of(identity: Identity, coalition: uuid.UUID, request: Request) -> bool:
        return identity.admin_of_coalition(coalition)

    app = FastAPI()
    install_error_handlers(app)

    @app.post("/things/{thing_id}/act", **access(ObjectRule("thing_admin", owner, admin_of)))
    async def act(thing_id: str) -> dict[str, str]:
        return {"done": thing_id}

    @app.get("/things/{thing_id}", **access(ObjectRule("thing_reader", owner, also_admin_of, hidden="No such thing.")))
    async def read(thing_id: str) -> dict[str, str]:
        return {"thing": thing_id}

    app.add_middleware(AsCaller)
    return app


@pytest.mark.parametrize(
    ("method", "path", "caller", "status"),
    [
        ("POST", "/things/thing/act", "admin", 200),
        ("POST", "/things/thing/act", "stranger", 403),
        ("POST", "/things/thing/act", "anonymous", 401),
        ("POST", "/things/unknown/act", "admin", 404),
        ("GET", "/things/thing", "admin", 200),
        ("GET", "/things/thing", "stranger", 404),
        ("GET", "/things/thing", "anonymous", 401),
    ],
)
async def test_an_object_rule_answers_by_the_object(method: str, path: str, caller: str, status: int) -> None:
    loaded: list[str] = []
    async with asgi_client(make_app(loaded), "http://service") as client:
        response = await client.request(method, path, headers={"x-test-caller": caller})

    assert response.status_code == status, response.text
    assert loaded == ([] if caller == "anonymous" else [path.split("/")[2]])


def test_the_rule_is_shown_in_the_document() -> None:
    paths = make_app([]).openapi()["paths"]

    assert paths["/things/{thing_id}/act"]["post"]["x-access"] == "thing_admin"
    assert paths["/things/{thing_id}"]["get"]["x-access"] == "thing_reader"


async def _thing() -> None:
    return None


@pytest.mark.parametrize(
    "rule",
    [
        Rule("anyone", lambda identity, params: True, anonymous_ok=True),
        Rule("public_members", lambda identity, params: identity.is_account),
        ObjectRule("anyone_or_owner", resolve=_thing, check=lambda identity, thing, request: True, before=PUBLIC),
        ObjectRule("public_owner", resolve=_thing, check=lambda identity, thing, request: True, before=AUTHENTICATED),
    ],
)
def test_only_rules_admitting_anonymous_callers_are_named_public(rule: Rule | ObjectRule[object]) -> None:
    # The gateway's document makes the key optional by that name alone (shared.openapi.open_to_anonymous).
    with pytest.raises(ValueError, match="named public"):
        access(rule)
