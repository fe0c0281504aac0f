import httpx
from fastapi import FastAPI

from services.directory.coalitions import service as coalitions
from services.directory.models.coalitions import CoalitionAdmin
from shared.db import session_scope
from tests.conftest import World
from tests.directory.conftest import create_org
from tests.support.apps import asgi_client

FULL = {
    "name": "Réseau Côte Libre",
    "acronym": "RCL",
    "kind": "survivor_led",
    "hq_country": "mdg",
    "countries": ["MDG", "MUS"],
    "forms": ["domestic_servitude", "human_trafficking"],
    "interventions": ["protection", "policy_advocacy"],
    "sectors": ["domestic_work"],
    "languages": ["fr", "mg"],
    "survivor_leadership": ["survivor_led"],
    "action_groups": ["migration"],
    "alliance87_partner": True,
    "size_band": "11-50",
    "website": "https://rcl.example.org",
    "contact_email": "contact@rcl.example.org",
    "description": "Accompagnement des survivantes de servitude domestique.",
}


async def test_every_profile_field_round_trips(admin: httpx.AsyncClient) -> None:
    created = await create_org(admin, **FULL)
    read = await admin.get(f"/v1/directory/organisations/{created['id']}")

    assert read.status_code == 200
    body = read.json()
    assert body["hq_country"] == "MDG" and body["countries"] == ["MDG", "MUS"]
    assert body["regions"] == ["Africa"]  # derived from the countries
    assert body["kind"] == "survivor_led" and body["languages"] == ["fr", "mg"]
    assert body["website"] == "https://rcl.example.org/"
    assert read.headers["etag"] == '"1"'


async def test_vocabularies_are_served(directory: httpx.AsyncClient) -> None:
    vocabularies = (await directory.get("/v1/directory/vocabularies")).json()

    assert "forced_labour" in vocabularies["forms"]
    assert set(vocabularies) >= {"kinds", "forms", "interventions", "sectors", "shared_services"}


async def test_unknown_terms_and_codes_are_field_errors(admin: httpx.AsyncClient) -> None:
    response = await admin.post(
        "/v1/directory/organisations",
        json={
            "name": "Bad",
            "forms": ["slavery"],
            "countries": ["XXX"],
            "kind": "club",
            "website": "not a url",
            "unexpected": 1,
        },
    )

    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"forms", "countries", "kind", "website", "unexpected"}


async def test_patch_needs_the_current_etag(admin: httpx.AsyncClient) -> None:
    org = await create_org(admin, **FULL)
    path = f"/v1/directory/organisations/{org['id']}"

    missing = await admin.patch(path, json={"acronym": "R"})
    first = await admin.patch(path, json={"acronym": "RCLM", "forms": ["forced_labour"]}, headers={"If-Match": '"1"'})
    stale = await admin.patch(path, json={"acronym": "OLD"}, headers={"If-Match": '"1"'})
    cleared = await admin.patch(path, json={"website": None}, headers={"If-Match": first.headers["etag"]})

    assert missing.status_code == 428
    assert first.status_code == 200 and first.json()["acronym"] == "RCLM" and first.headers["etag"] == '"2"'
    assert first.json()["forms"] == ["forced_labour"] and first.json()["countries"] == ["MDG", "MUS"]
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    assert cleared.json()["website"] is None and cleared.json()["version"] == 3


async def test_deleted_organisations_are_gone(admin: httpx.AsyncClient) -> None:
    org = await create_org(admin, **FULL)
    path = f"/v1/directory/organisations/{org['id']}"

    deleted = await admin.delete(path, headers={"If-Match": '"1"'})
    read = await admin.get(path)
    found = (await admin.get("/v1/directory/organisations", params={"q": "Réseau Côte Libre"})).json()

    assert deleted.status_code == 204
    assert read.status_code == 404
    assert org["id"] not in {o["id"] for o in found["items"]}
    assert found["facets"]["forms"].get("domestic_servitude", 0) == 0


async def test_duplicate_external_id_is_a_conflict(admin: httpx.AsyncClient) -> None:
    await create_org(admin, external_id="crm-17")
    again = await admin.post("/v1/directory/organisations", json={"name": "Other", "external_id": "crm-17"})

    assert again.status_code == 409


async def test_coalitions_update_with_etag_and_soft_delete(admin: httpx.AsyncClient) -> None:
    created = await admin.post(
        "/v1/directory/coalitions", json={"name": "Nepal Network", "scope": "national", "country": "NPL"}
    )
    path = f"/v1/directory/coalitions/{created.json()['id']}"
    etag = (await admin.get(path)).headers["etag"]

    missing = await admin.patch(path, json={"name": "Nepal Anti-Slavery Network"})
    renamed = await admin.patch(path, json={"name": "Nepal Anti-Slavery Network"}, headers={"If-Match": etag})
    stale = await admin.patch(path, json={"scope": "regional"}, headers={"If-Match": etag})
    deleted = await admin.delete(path, headers={"If-Match": renamed.headers["etag"]})

    assert created.status_code == 201 and etag == '"1"'
    assert missing.status_code == 428
    assert renamed.json()["name"] == "Nepal Anti-Slavery Network" and renamed.json()["version"] == 2
    assert stale.status_code == 412
    assert deleted.status_code == 204 and (await admin.get(path)).status_code == 404


async def test_bad_coalition_input(admin: httpx.AsyncClient) -> None:
    response = await admin.post("/v1/directory/coalitions", json={"name": "X", "scope": "planetary", "country": "ZZZ"})

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"name", "scope", "country"}


async def test_a_deleted_organisation_loses_its_keys_memberships_and_coalition_roles(
    gateway_app: FastAPI, directory_app: FastAPI, world: World
) -> None:
    member, admin = world.people["member_a"], world.people["admin_a"]
    async with session_scope(directory_app.state.sessionmaker) as session:
        await coalitions.grant_coalition_admin(session, world.other_coalition, admin.account_id)
    async with asgi_client(gateway_app, "http://gateway") as client:
        before = await client.get("/v1/directory/me", headers=admin.headers)
        deleted = await client.delete(
            f"/v1/directory/organisations/{world.org_a}", headers={**admin.headers, "If-Match": "*"}
        )
        me = await client.get("/v1/directory/me", headers=member.headers)
        write = await client.put(
            f"/v1/metrics/organisations/{world.org_a}/observations",
            json={"indicator": world.indicators["adopted"], "country": "NPL", "period": "2024", "value": 1},
            headers=admin.headers,
        )
        members = await client.get(
            f"/v1/directory/coalitions/{world.coalition}/members",
            params={"status": ["active", "pending", "invited", "left"]},
            headers=world.people["platform_admin"].headers,
        )

    async with session_scope(directory_app.state.sessionmaker) as session:
        grants = await session.get(CoalitionAdmin, (world.other_coalition, admin.account_id))
    assert str(world.other_coalition) in before.json()["coalition_admin_of"]
    assert deleted.status_code == 204, deleted.text
    assert me.status_code == 401  # within GATEWAY_KEY_CACHE_SECONDS (0 here)
    assert write.status_code == 401
    statuses = {m["member_id"]: m["status"] for m in members.json()["items"]}
    assert statuses[str(world.org_a)] == "left"
    assert grants is None
