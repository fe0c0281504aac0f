"""API keys through the gateway: shown once, stored as a hash, listed by scope, revoked, expired."""

from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select, text

from services.directory.accounts import service as accounts
from services.directory.models.accounts import ApiKey
from shared.db import session_scope, utcnow
from shared.identity import fingerprint
from tests import factories
from tests.conftest import World
from tests.support.apps import asgi_client


async def create_key(client: httpx.AsyncClient, world: World, who: str, **body: Any) -> httpx.Response:
    return await client.post(
        f"/v1/directory/organisations/{world.org_a}/keys",
        json={"name": "sync job", **body},
        headers=world.people[who].headers,
    )


async def test_a_new_key_is_shown_once_and_works(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        created = await create_key(client, world, "member_a")
        key = created.json()["key"]
        me = await client.get("/v1/directory/me", headers={"Authorization": f"Bearer {key}"})
        listed = await client.get(
            f"/v1/directory/organisations/{world.org_a}/keys", headers=world.people["member_a"].headers
        )

    assert created.status_code == 201
    assert key.startswith(created.json()["prefix"] + "_")
    assert me.json()["account_id"] == str(world.people["member_a"].account_id)
    assert all("key" not in k for k in listed.json()["items"])
    assert key not in listed.text


async def test_only_the_hash_is_stored(gateway_app: FastAPI, directory_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        created = (await create_key(client, world, "member_a")).json()

    async with session_scope(directory_app.state.sessionmaker) as session:
        row = (await session.execute(select(ApiKey).where(ApiKey.prefix == created["prefix"]))).scalar_one()
        dump = (
            await session.execute(
                text("SELECT row_to_json(k)::text FROM api_keys k WHERE prefix = :p"), {"p": created["prefix"]}
            )
        ).scalar_one()

    assert row.key_hash == fingerprint(created["key"])
    assert created["key"].split("_", 2)[2] not in dump  # the secret part, which may hold "_"


async def test_members_list_their_own_keys_and_admins_all(gateway_app: FastAPI, world: World) -> None:
    path = f"/v1/directory/organisations/{world.org_a}/keys"
    async with asgi_client(gateway_app, "http://gateway") as client:
        mine = (await client.get(path, headers=world.people["member_a"].headers)).json()["items"]
        every = (await client.get(path, headers=world.people["admin_a"].headers)).json()["items"]

    member_id = str(world.people["member_a"].account_id)
    assert mine and {k["account_id"] for k in mine} == {member_id}
    assert {member_id, str(world.people["admin_a"].account_id)} <= {k["account_id"] for k in every}


async def test_a_member_cannot_make_keys_for_a_colleague(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await create_key(client, world, "member_a", account_id=str(world.people["admin_a"].account_id))

    assert response.status_code == 403


async def test_an_admin_cannot_make_keys_for_another_organisations_account(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await create_key(client, world, "admin_a", account_id=str(world.people["member_b"].account_id))

    assert response.status_code == 404


async def test_a_member_cannot_revoke_a_colleagues_key(gateway_app: FastAPI, world: World) -> None:
    path = f"/v1/directory/organisations/{world.org_a}/keys"
    async with asgi_client(gateway_app, "http://gateway") as client:
        admin_keys = (await client.get(path, headers=world.people["admin_a"].headers)).json()["items"]
        colleague_key = next(k for k in admin_keys if k["account_id"] == str(world.people["admin_a"].account_id))
        response = await client.delete(
            f"{path}/{colleague_key['id']}", headers={**world.people["member_a"].headers, "If-Match": "*"}
        )
        still_works = await client.get("/v1/directory/me", headers=world.people["admin_a"].headers)

    assert response.status_code == 403
    assert still_works.status_code == 200


async def test_an_expiring_key_works_until_its_expiry(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        past = await create_key(client, world, "member_a", expires_at=(utcnow() - timedelta(hours=1)).isoformat())
        soon = await create_key(client, world, "member_a", expires_at=(utcnow() + timedelta(days=1)).isoformat())
        naive = await create_key(client, world, "member_a", expires_at="2030-01-01T00:00:00")
        works = await client.get("/v1/directory/me", headers={"Authorization": f"Bearer {soon.json()['key']}"})

    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "expires_at"
    assert naive.status_code == 422  # a time zone is required
    assert works.status_code == 200


async def test_last_use_is_recorded(gateway_app: FastAPI, world: World) -> None:
    path = f"/v1/directory/organisations/{world.org_a}/keys"
    async with asgi_client(gateway_app, "http://gateway") as client:
        created = (await create_key(client, world, "member_a")).json()
        await client.get("/v1/directory/me", headers={"Authorization": f"Bearer {created['key']}"})
        listed = (await client.get(path, headers=world.people["member_a"].headers)).json()["items"]

    assert created["last_used_at"] is None
    assert next(k for k in listed if k["id"] == created["id"])["last_used_at"] is not None


async def test_account_creation_refuses_an_unknown_platform_admin_field(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await client.post(
            f"/v1/directory/organisations/{world.org_a}/accounts",
            json={"name": "Would-be admin", "platform_admin": True},
            headers=world.people["admin_a"].headers,
        )

    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["platform_admin"]


async def test_an_admin_cannot_make_keys_for_a_colleague_holding_platform_rights(
    gateway_app: FastAPI, directory_app: FastAPI, world: World
) -> None:
    """Platform-admin and reviewer rights are given by platform admins, to one account: an
    organisation admin who could make a key for a colleague holding them would hold them too.
    Keys for such an account are made by the account itself or a platform admin."""
    async with session_scope(directory_app.state.sessionmaker) as session:
        platform = await factories.principal(session, "staff platform admin", world.org_a, platform_admin=True)
        reviewer = await factories.principal(session, "staff reviewer", world.org_a)
        await accounts.set_reviewer(session, reviewer.account_id, True)
        plain = await factories.principal(session, "plain member", world.org_a)
    async with asgi_client(gateway_app, "http://gateway") as client:
        refused = [
            (await create_key(client, world, "admin_a", account_id=str(p.account_id))).status_code
            for p in (platform, reviewer)
        ]
        for_plain = await create_key(client, world, "admin_a", account_id=str(plain.account_id))
        by_platform_admin = await client.post(
            f"/v1/directory/organisations/{world.org_a}/keys",
            json={"name": "replacement", "account_id": str(reviewer.account_id)},
            headers=world.people["platform_admin"].headers,
        )
        own = await client.post(
            f"/v1/directory/organisations/{world.org_a}/keys", json={"name": "mine"}, headers=reviewer.headers
        )

    assert refused == [403, 403]
    assert for_plain.status_code == 201
    assert by_platform_admin.status_code == 201
    assert own.status_code == 201
