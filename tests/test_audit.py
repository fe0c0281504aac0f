from fastapi import FastAPI

from tests.conftest import World
from tests.support.apps import asgi_client


async def test_every_write_is_audited_with_who_what_and_request_id(gateway_app: FastAPI, world: World) -> None:
    member = world.people["member_a"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        created = await client.post(
            f"/v1/directory/organisations/{world.org_a}/keys",
            json={"name": "audited"},
            headers={**member.headers, "X-Request-ID": "audit-trail-0001"},
        )
        log = await client.get(
            "/v1/directory/audit",
            params={"account_id": str(member.account_id)},
            headers=world.people["platform_admin"].headers,
        )

    assert created.status_code == 201
    entry = log.json()["items"][0]
    assert entry["action"] == "POST /v1/directory/organisations/{org_id}/keys"
    assert entry["target"] == {"org_id": str(world.org_a)}
    assert entry["account_id"] == str(member.account_id) and entry["organisation_id"] == str(world.org_a)
    assert entry["request_id"] == "audit-trail-0001"
    assert entry["key_id"] is not None


async def test_a_refused_write_leaves_no_audit_row(gateway_app: FastAPI, world: World) -> None:
    member = world.people["member_b"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        refused = await client.post(
            f"/v1/directory/organisations/{world.org_a}/accounts", json={"name": "x"}, headers=member.headers
        )
        log = await client.get(
            "/v1/directory/audit",
            params={"account_id": str(member.account_id)},
            headers=world.people["platform_admin"].headers,
        )

    assert refused.status_code == 403
    assert log.json()["items"] == []


async def test_only_platform_admins_read_the_audit_log(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        as_admin = await client.get("/v1/reports/audit", headers=world.people["admin_a"].headers)
        anonymous = await client.get("/v1/metrics/audit")
        platform = await client.get("/v1/metrics/audit", headers=world.people["platform_admin"].headers)

    assert as_admin.status_code == 403
    assert anonymous.status_code == 401
    assert platform.status_code == 200
