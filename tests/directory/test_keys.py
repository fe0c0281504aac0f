"""API keys through the gateway: shown once, stored as a hash, listed by scope, revoked, expired,
and stopped with their account when it is removed."""

from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text

from services.directory.accounts import service as accounts
from services.directory.models.accounts import ApiKey
from services.directory.models.coalitions import CoalitionAdmin
from shared.db import session_scope, utcnow
from shared.identity import fingerprint
from tests import factories
from tests.conftest import World
from tests.support.apps import asgi_client


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


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


async def test_an_expiry_beyond_year_9999_in_utc_is_refused_and_the_last_second_works(
    gateway_app: FastAPI, world: World
) -> None:
    path = f"/v1/directory/organisations/{world.org_a}/keys"
    async with asgi_client(gateway_app, "http://gateway") as client:
        before = (await client.get(path, headers=world.people["member_a"].headers)).json()["items"]
        beyond = await create_key(client, world, "member_a", expires_at="9999-12-31T23:59:59-14:00")  # 10000 in UTC
        after = (await client.get(path, headers=world.people["member_a"].headers)).json()["items"]
        last = await create_key(client, world, "member_a", expires_at="9999-12-31T23:59:59+14:00")
        works = await client.get("/v1/directory/me", headers={"Authorization": f"Bearer {last.json()['key']}"})

    assert beyond.status_code == 422 and beyond.headers["content-type"] == "application/problem+json"
    assert beyond.json()["errors"] == [{"field": "expires_at", "reason": "must fall within years 1 to 9999 in UTC"}]
    assert len(after) == len(before)
    assert last.status_code == 201 and last.json()["expires_at"] == "9999-12-31T09:59:59Z"
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


def account_path(world: World, who: str, org: str = "org_a") -> str:
    return f"/v1/directory/organisations/{getattr(world, org)}/accounts/{world.people[who].account_id}"


async def remove(client: httpx.AsyncClient, path: str, by: factories.Principal, etag: str = "*") -> httpx.Response:
    return await client.delete(path, headers={**by.headers, "If-Match": etag})


async def test_a_removed_account_holds_nothing_and_makes_no_keys(
    gateway_app: FastAPI, directory_app: FastAPI, world: World
) -> None:
    """Its keys are revoked and its coalition admin rights dropped; it leaves the list, and is
    unknown from then on (404 again, as for a removed organisation)."""
    member, admin = world.people["member_a"], world.people["admin_a"]
    async with session_scope(directory_app.state.sessionmaker) as session:
        session.add(CoalitionAdmin(coalition_id=world.coalition, account_id=member.account_id))
    async with asgi_client(gateway_app, "http://gateway") as client:
        etag = (
            await client.patch(
                account_path(world, "member_a"), json={"name": "Leaving"}, headers={**admin.headers, "If-Match": "*"}
            )
        ).headers["ETag"]
        stale = await remove(client, account_path(world, "member_a"), admin, '"stale"')
        removed = await remove(client, account_path(world, "member_a"), admin, etag)
        own_key = await create_key(client, world, "member_a")
        for_it = await create_key(client, world, "admin_a", account_id=str(member.account_id))
        again = await remove(client, account_path(world, "member_a"), admin)
        renamed = await client.patch(
            account_path(world, "member_a"), json={"name": "Back"}, headers={**admin.headers, "If-Match": "*"}
        )
        listed = await client.get(f"/v1/directory/organisations/{world.org_a}/accounts", headers=admin.headers)
        keys = await client.get(f"/v1/directory/organisations/{world.org_a}/keys", headers=admin.headers)
    async with session_scope(directory_app.state.sessionmaker) as session:
        grants = await session.execute(select(CoalitionAdmin).where(CoalitionAdmin.account_id == member.account_id))

    assert stale.status_code == 412 and removed.status_code == 204, removed.text
    assert own_key.status_code == 401  # its key no longer opens the gateway
    assert for_it.status_code == 404 and again.status_code == 404 and renamed.status_code == 404
    assert again.headers["content-type"] == "application/problem+json"
    assert str(member.account_id) not in {a["id"] for a in listed.json()["items"]}
    its_keys = [k for k in keys.json()["items"] if k["account_id"] == str(member.account_id)]
    assert len(its_keys) == 2 and all(k["revoked_at"] is not None for k in its_keys)
    assert grants.scalars().all() == []


async def test_a_member_removes_itself_but_no_colleague(gateway_app: FastAPI, world: World) -> None:
    """Someone leaving may close their own account; only admins remove others."""
    member = world.people["member_a"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        colleague = await remove(client, account_path(world, "admin_a"), member)
        elsewhere = await remove(client, account_path(world, "member_b", "org_b"), world.people["admin_a"])
        itself = await remove(client, account_path(world, "member_a"), member)
        after = await client.get("/v1/directory/me", headers=member.headers)
        admin_still = await client.get("/v1/directory/me", headers=world.people["admin_a"].headers)

    assert colleague.status_code == 403 and elsewhere.status_code == 403
    assert itself.status_code == 204 and after.status_code == 401
    assert admin_still.status_code == 200


async def test_the_last_admin_is_not_removed(gateway_app: FastAPI, world: World) -> None:
    admin, platform = world.people["admin_a"], world.people["platform_admin"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        # Organisation A's other admins (the revoked and expired keys' accounts) go first.
        others = [(await remove(client, account_path(world, p), admin)).status_code for p in ("revoked", "expired")]
        by_itself = await remove(client, account_path(world, "admin_a"), admin)
        by_platform = await remove(client, account_path(world, "admin_a"), platform)
        still = await client.get("/v1/directory/me", headers=admin.headers)

    assert others == [204, 204]
    assert by_itself.status_code == by_platform.status_code == 409
    assert by_itself.headers["content-type"] == "application/problem+json"
    assert "last admin" in by_itself.json()["detail"]
    assert still.status_code == 200


async def test_only_a_platform_admin_removes_an_account_holding_platform_rights(
    gateway_app: FastAPI, directory_app: FastAPI, world: World
) -> None:
    """As for their keys: an organisation admin does not take rights platform admins gave."""
    async with session_scope(directory_app.state.sessionmaker) as session:
        platform = await factories.principal(session, "staff platform admin", world.org_a, platform_admin=True)
        reviewer = await factories.principal(session, "staff reviewer", world.org_a)
        await accounts.set_reviewer(session, reviewer.account_id, True)
    path = f"/v1/directory/organisations/{world.org_a}/accounts"
    async with asgi_client(gateway_app, "http://gateway") as client:
        refused = [
            (await remove(client, f"{path}/{p.account_id}", world.people["admin_a"])).status_code
            for p in (platform, reviewer)
        ]
        by_platform_admin = await remove(client, f"{path}/{platform.account_id}", world.people["platform_admin"])
        by_itself = await remove(client, f"{path}/{reviewer.account_id}", reviewer)

    assert refused == [403, 403]
    assert by_platform_admin.status_code == 204 and by_itself.status_code == 204
