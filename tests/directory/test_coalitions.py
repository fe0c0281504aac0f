"""Who a coalition's admins may make admins, and where a coalition is active: a grant reaches
only a live account of a listed organisation, and answers every other id alike; a coalition's
scope and country agree when it is started and after every change."""

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from services.directory.coalitions import service as coalitions
from services.directory.models import SCHEMA
from services.directory.models.coalitions import CoalitionAdmin
from shared.db import create_engine, create_sessionmaker, session_scope
from shared.errors import Conflict
from tests import factories, races
from tests.conftest import Env, World
from tests.support.apps import asgi_client

REGISTRATIONS = "/v1/directory/registrations"


@pytest.fixture
async def hub(gateway_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(gateway_app, "http://gateway") as client:
        yield client


def keyed(person: factories.Principal, **more: str) -> dict[str, str]:
    return {**person.headers, **more}


async def registered(hub: httpx.AsyncClient) -> dict[str, Any]:
    """An organisation that registered itself (pending review), with its first admin and key."""
    body = {
        "organisation": {"name": f"Awaiting Review {uuid.uuid4().hex[:6]}"},
        "admin": {"name": "Data officer", "email": f"{uuid.uuid4().hex[:8]}@example.org"},
    }
    response = await hub.post(REGISTRATIONS, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def decide(hub: httpx.AsyncClient, world: World, org_id: str, decision: str) -> None:
    response = await hub.post(
        f"{REGISTRATIONS}/{org_id}/review",
        json={"decision": decision, "note": "Checked."},
        headers=keyed(world.people["platform_admin"]),
    )
    assert response.status_code == 200, response.text


def alike(response: httpx.Response, account_id: str) -> tuple[int, str]:
    """The answer without the id it names and its request id: what could tell one refused id
    from another."""
    body = {k: v for k, v in response.json().items() if k != "request_id"} if response.content else {}
    return response.status_code, json.dumps(body, sort_keys=True).replace(account_id, "ACCOUNT")


async def test_an_account_of_an_organisation_awaiting_review_is_not_made_a_coalition_admin(
    hub: httpx.AsyncClient, world: World
) -> None:
    """Granted while pending, the right would hold the moment a reviewer approves the
    organisation, without any admin of the coalition deciding it then."""
    created = await registered(hub)
    account, key = created["account"]["id"], created["key"]["key"]
    path = f"/v1/directory/coalitions/{world.coalition}/admins/{account}"

    granted = await hub.put(path, headers=keyed(world.people["coalition_admin"]))
    await decide(hub, world, created["organisation"]["id"], "approve")
    me = (await hub.get("/v1/directory/me", headers={"Authorization": f"Bearer {key}"})).json()

    assert granted.status_code == 422, granted.text
    assert granted.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in granted.json()["errors"]] == ["path.account_id"]
    assert str(world.coalition) not in me["coalition_admin_of"]
    # Once the organisation is listed, the same grant is an ordinary one.
    assert (await hub.put(path, headers=keyed(world.people["coalition_admin"]))).status_code == 204


async def test_a_grant_answers_every_id_it_refuses_alike(
    hub: httpx.AsyncClient, world: World, directory_app: FastAPI
) -> None:
    """A coalition admin (any organisation admin may become one by starting a coalition) learns
    nothing from a refused grant: not whether the id is an account, nor whether its organisation
    awaits review, was turned down or was removed, nor whether the account was removed."""
    pending, rejected = await registered(hub), await registered(hub)
    await decide(hub, world, rejected["organisation"]["id"], "reject")
    async with session_scope(directory_app.state.sessionmaker) as s:
        leaver = await factories.principal(s, "leaver", world.org_a)
        gone_org = await factories.organisation(s)
        of_gone = await factories.principal(s, "of a removed organisation", gone_org)
    removed = await hub.delete(
        f"/v1/directory/organisations/{world.org_a}/accounts/{leaver.account_id}",
        headers=keyed(world.people["admin_a"], **{"If-Match": "*"}),
    )
    deleted = await hub.delete(
        f"/v1/directory/organisations/{gone_org}", headers=keyed(world.people["platform_admin"], **{"If-Match": "*"})
    )
    assert removed.status_code == 204 and deleted.status_code == 204
    refused = {
        "unknown": str(uuid.uuid4()),
        "pending": pending["account"]["id"],
        "rejected": rejected["account"]["id"],
        "removed account": str(leaver.account_id),
        "removed organisation": str(of_gone.account_id),
    }
    coalition_admin = world.people["coalition_admin"]

    answers = {
        name: alike(
            await hub.put(
                f"/v1/directory/coalitions/{world.coalition}/admins/{account}", headers=keyed(coalition_admin)
            ),
            account,
        )
        for name, account in refused.items()
    }
    live = await hub.put(
        f"/v1/directory/coalitions/{world.coalition}/admins/{world.people['member_a'].account_id}",
        headers=keyed(coalition_admin),
    )

    assert len(set(answers.values())) == 1, answers
    assert answers["unknown"][0] == 422
    assert live.status_code == 204


async def coalition(admin: httpx.AsyncClient, **fields: Any) -> httpx.Response:
    return await admin.post("/v1/directory/coalitions", json={"name": f"Coalition {uuid.uuid4().hex[:6]}", **fields})


async def listed_in(admin: httpx.AsyncClient, country: str, made: dict[str, Any]) -> bool:
    page = (await admin.get("/v1/directory/coalitions", params={"q": made["name"], "country": country})).json()
    return any(c["id"] == made["id"] for c in page["items"])


@pytest.mark.parametrize("scope", ["regional", "global"])
async def test_a_coalition_that_leaves_national_scope_leaves_its_country(admin: httpx.AsyncClient, scope: str) -> None:
    made = (await coalition(admin, scope="national", country="NPL")).json()
    path = f"/v1/directory/coalitions/{made['id']}"
    before = await listed_in(admin, "NPL", made)

    changed = await admin.patch(path, json={"scope": scope}, headers={"If-Match": '"1"'})
    read = (await admin.get(path)).json()

    assert before is True
    assert changed.status_code == 200, changed.text
    assert changed.json()["scope"] == scope and changed.json()["country"] is None
    assert read["country"] is None and read["version"] == 2
    assert await listed_in(admin, "NPL", made) is False


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"scope": "global", "country": "NPL"}, "country"),
        ({"scope": "regional", "country": "NPL"}, "country"),
        ({"scope": "national"}, "country"),
        ({"scope": "national", "country": None}, "country"),
    ],
)
async def test_a_coalition_started_with_a_scope_and_country_that_disagree_is_refused(
    admin: httpx.AsyncClient, fields: dict[str, Any], field: str
) -> None:
    name = f"Disagreeing {uuid.uuid4().hex[:6]}"
    response = await admin.post("/v1/directory/coalitions", json={"name": name, **fields})

    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert (await admin.get("/v1/directory/coalitions", params={"q": name})).json()["items"] == []


@pytest.mark.parametrize("scope", ["regional", "global"])
async def test_a_coalition_without_a_country_does_not_become_national(admin: httpx.AsyncClient, scope: str) -> None:
    """Only a coalition started national has a country: giving one to an existing coalition
    would make it active there, and its members' assessments there read by its admins, without
    those members having joined a coalition of that country."""
    made = (await coalition(admin, scope=scope)).json()
    path = f"/v1/directory/coalitions/{made['id']}"

    refused = await admin.patch(path, json={"scope": "national"}, headers={"If-Match": '"1"'})
    renamed = await admin.patch(path, json={"scope": "national", "name": "Renamed"}, headers={"If-Match": '"1"'})
    read = (await admin.get(path)).json()

    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["scope"]
    assert renamed.status_code == 422
    assert (read["scope"], read["country"], read["name"], read["version"]) == (scope, None, made["name"], 1)


async def test_a_coalitions_last_admin_is_not_removed(
    hub: httpx.AsyncClient, world: World, directory_app: FastAPI
) -> None:
    """Without an admin nobody of the coalition could approve members, edit it, run or sign its
    reports: the last admin stays until another is granted."""
    coalition_admin, member = world.people["coalition_admin"], world.people["member_a"]
    admins = f"/v1/directory/coalitions/{world.coalition}/admins"
    headers = keyed(coalition_admin, **{"If-Match": "*"})

    co_admin = await hub.delete(f"{admins}/{world.co_admin_account}", headers=headers)
    alone = await hub.delete(f"{admins}/{coalition_admin.account_id}", headers=headers)
    me = (await hub.get("/v1/directory/me", headers=keyed(coalition_admin))).json()
    assert co_admin.status_code == 204, co_admin.text
    assert alone.status_code == 409, alone.text
    assert alone.headers["content-type"] == "application/problem+json"
    assert "last admin" in alone.json()["detail"]
    assert str(world.coalition) in me["coalition_admin_of"]

    assert (await hub.put(f"{admins}/{member.account_id}", headers=keyed(coalition_admin))).status_code == 204
    assert (await hub.delete(f"{admins}/{coalition_admin.account_id}", headers=headers)).status_code == 204
    last = await hub.delete(f"{admins}/{member.account_id}", headers=keyed(member, **{"If-Match": "*"}))
    assert last.status_code == 409, last.text


async def test_two_admins_removing_each_other_at_once_leave_one(env: Env) -> None:
    """Committed for real on two connections: each removal sees two admins unless the second
    waits for the first; it does, then finds one admin left, and is refused."""
    engine = create_engine(env.database_url, SCHEMA)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with session_scope(sessionmaker) as session:
            org, coalition_id = await factories.organisation(session), await factories.coalition(session)
            one = await factories.principal(session, "one", org, admin_of=[coalition_id])
            two = await factories.principal(session, "two", org, admin_of=[coalition_id])
        removed = iter([two.account_id, one.account_id])

        async def remove(session: AsyncSession) -> None:
            await coalitions.revoke_coalition_admin(session, coalition_id, next(removed))

        first, second = await races.first_writes(sessionmaker, remove)
        async with session_scope(sessionmaker) as session:
            left = await session.scalar(
                select(func.count()).select_from(CoalitionAdmin).where(col(CoalitionAdmin.coalition_id) == coalition_id)
            )
    finally:
        await engine.dispose()

    assert first is None
    assert isinstance(second, Conflict), second
    assert left == 1


async def test_a_grant_with_if_match_holds_only_while_the_right_does(hub: httpx.AsyncClient, world: World) -> None:
    """An admin right has no representation of its own: `*` says "while it is granted", any
    other ETag matches nothing; without If-Match the PUT grants as before."""
    member, admin = world.people["member_a"], keyed(world.people["coalition_admin"])
    path = f"/v1/directory/coalitions/{world.coalition}/admins/{member.account_id}"

    absent = await hub.put(path, headers={**admin, "If-Match": "*"})
    after_absent = (await hub.get("/v1/directory/me", headers=keyed(member))).json()["coalition_admin_of"]
    granted = await hub.put(path, headers=admin)
    named = await hub.put(path, headers={**admin, "If-Match": '"1"'})
    held = await hub.put(path, headers={**admin, "If-Match": "*"})
    after = (await hub.get("/v1/directory/me", headers=keyed(member))).json()["coalition_admin_of"]

    assert absent.status_code == 412 and absent.headers["content-type"] == "application/problem+json"
    assert str(world.coalition) not in after_absent
    assert granted.status_code == 204 and held.status_code == 204
    assert named.status_code == 412 and "If-Match: *" in named.json()["detail"]
    assert str(world.coalition) in after
