import asyncio
import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.coalitions import service as coalitions
from services.directory.models.coalitions import CoalitionAdmin
from services.directory.organisations import service as organisations
from services.directory.organisations.schemas import OrganisationUpdate
from shared.db import session_scope
from shared.errors import PreconditionFailed
from tests import races
from tests.conftest import World
from tests.directory.conftest import AtOnce, create_org
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


PROBLEM = "application/problem+json"


async def test_of_concurrent_patches_with_one_etag_exactly_one_is_applied(at_once: AtOnce) -> None:
    """Eight editors read the same version and save at the same moment: one wins, seven are told
    the organisation changed (412), and the stored profile is the winner's, not the last to write."""
    org = await at_once.make("/v1/directory/organisations", {"name": f"Race Org {uuid.uuid4().hex[:6]}"})
    path = f"/v1/directory/organisations/{org['id']}"
    etag = (await at_once.client.get(path)).headers["etag"]

    answers = await asyncio.gather(
        *(at_once.client.patch(path, json={"description": f"writer {i}"}, headers={"If-Match": etag}) for i in range(8))
    )
    stored = await at_once.client.get(path)

    won = [a for a in answers if a.status_code == 200]
    assert sorted(a.status_code for a in answers) == [200] + [412] * 7, [a.text for a in answers]
    assert all(a.headers["content-type"] == PROBLEM for a in answers if a.status_code == 412)
    assert won[0].headers["etag"] == stored.headers["etag"] == '"2"'
    assert stored.json()["description"] == won[0].json()["description"]
    assert await at_once.audited("PATCH /v1/directory/organisations/{org_id}", {"org_id": org["id"]}) == 1


async def test_a_patch_racing_a_delete_with_the_same_etag_never_outlives_it(at_once: AtOnce) -> None:
    """Sent with the same ETag at the same moment, a DELETE and a PATCH: one of them succeeds; the
    PATCH never succeeds on the deleted organisation (404 after the delete, 412 before it)."""
    outcomes = set()
    for _ in range(3):
        org = await at_once.make("/v1/directory/organisations", {"name": f"Race Org {uuid.uuid4().hex[:6]}"})
        path = f"/v1/directory/organisations/{org['id']}"
        etag = (await at_once.client.get(path)).headers["etag"]

        deleted, patched = await asyncio.gather(
            at_once.client.delete(path, headers={"If-Match": etag}),
            at_once.client.patch(path, json={"description": "patched"}, headers={"If-Match": etag}),
        )
        after = await at_once.client.get(path)
        outcomes.add((deleted.status_code, patched.status_code, after.status_code))

    assert outcomes <= {(204, 404, 404), (204, 412, 404), (412, 200, 200)}, outcomes


async def test_a_patch_waits_for_a_concurrent_one_and_then_fails_its_etag(at_once: AtOnce) -> None:
    """On two connections, deterministically: the first PATCH holds its transaction open; the
    second, sent with the same ETag, waits on the first's row lock, then finds version 2 (412)."""
    org = await at_once.make("/v1/directory/organisations", {"name": f"Race Org {uuid.uuid4().hex[:6]}"})

    async def edit(session: AsyncSession) -> int:
        update = OrganisationUpdate(description="one of two editors")
        return (await organisations.update_organisation(session, uuid.UUID(org["id"]), update, '"1"')).version

    first, second = await races.first_writes(at_once.app.state.sessionmaker, edit)

    assert first == 2
    assert isinstance(second, PreconditionFailed), second


async def test_of_concurrent_coalition_renames_with_one_etag_exactly_one_is_applied(at_once: AtOnce) -> None:
    coalition = await at_once.make(
        "/v1/directory/coalitions", {"name": f"Race {uuid.uuid4().hex[:6]}", "scope": "global"}
    )
    path, run = f"/v1/directory/coalitions/{coalition['id']}", uuid.uuid4().hex[:6]  # names no coalition has

    answers = await asyncio.gather(
        *(
            at_once.client.patch(path, json={"name": f"Coalition Name {i} {run}"}, headers={"If-Match": '"1"'})
            for i in range(6)
        )
    )
    stored = await at_once.client.get(path)

    won = [a for a in answers if a.status_code == 200]
    assert sorted(a.status_code for a in answers) == [200] + [412] * 5, [a.text for a in answers]
    assert all(a.headers["content-type"] == PROBLEM for a in answers if a.status_code == 412)
    assert won[0].headers["etag"] == stored.headers["etag"] == '"2"'
    assert stored.json()["name"] == won[0].json()["name"]


async def test_a_coalition_patch_racing_its_delete_never_outlives_it(at_once: AtOnce) -> None:
    outcomes = set()
    for _ in range(3):
        coalition = await at_once.make(
            "/v1/directory/coalitions", {"name": f"Race {uuid.uuid4().hex[:6]}", "scope": "global"}
        )
        path = f"/v1/directory/coalitions/{coalition['id']}"

        deleted, patched = await asyncio.gather(
            at_once.client.delete(path, headers={"If-Match": '"1"'}),
            at_once.client.patch(path, json={"name": f"Patched {uuid.uuid4().hex[:6]}"}, headers={"If-Match": '"1"'}),
        )
        after = await at_once.client.get(path)
        outcomes.add((deleted.status_code, patched.status_code, after.status_code))

    assert outcomes <= {(204, 404, 404), (204, 412, 404), (412, 200, 200)}, outcomes


async def test_names_of_only_spaces_are_refused_naming_the_field(admin: httpx.AsyncClient) -> None:
    org = await create_org(admin)
    blank = "   "
    answers = {
        "organisation": await admin.post("/v1/directory/organisations", json={"name": blank}),
        "coalition": await admin.post("/v1/directory/coalitions", json={"name": blank, "scope": "global"}),
        "account": await admin.post(f"/v1/directory/organisations/{org['id']}/accounts", json={"name": blank}),
        "registration": await admin.post(
            "/v1/directory/registrations",
            json={"organisation": {"name": blank}, "admin": {"name": "\t ", "email": "a@example.org"}},
        ),
        "renamed": await admin.patch(
            f"/v1/directory/organisations/{org['id']}", json={"name": blank}, headers={"If-Match": "*"}
        ),
    }

    fields = {what: {(e["field"], e["reason"]) for e in a.json()["errors"]} for what, a in answers.items()}
    assert {what: a.status_code for what, a in answers.items()} == dict.fromkeys(answers, 422)
    reason = "must not be empty or only spaces"
    assert fields == {
        "organisation": {("name", reason)},
        "coalition": {("name", reason)},
        "account": {("name", reason)},
        "registration": {("organisation.name", reason), ("admin.name", reason)},
        "renamed": {("name", reason)},
    }
    assert (await admin.get(f"/v1/directory/organisations/{org['id']}")).json()["name"] == org["name"]


async def test_a_patch_refuses_null_for_what_cannot_be_null(admin: httpx.AsyncClient) -> None:
    org = await create_org(admin, acronym="ACR", countries=["NPL"])
    coalition = (
        await admin.post("/v1/directory/coalitions", json={"name": "Null Coalition", "scope": "global"})
    ).json()
    account = (
        await admin.post(f"/v1/directory/organisations/{org['id']}/accounts", json={"name": "Ana", "email": "a@x.org"})
    ).json()
    org_path = f"/v1/directory/organisations/{org['id']}"
    account_path = f"{org_path}/accounts/{account['id']}"
    star = {"If-Match": "*"}

    name = await admin.patch(org_path, json={"name": None}, headers=star)
    several = await admin.patch(org_path, json={"kind": None, "countries": None, "description": None}, headers=star)
    coalition_name = await admin.patch(f"/v1/directory/coalitions/{coalition['id']}", json={"name": None}, headers=star)
    account_name = await admin.patch(account_path, json={"name": None, "org_role": None}, headers=star)
    cleared = await admin.patch(org_path, json={"acronym": None}, headers=star)
    email_cleared = await admin.patch(account_path, json={"email": None}, headers=star)

    def fields(answer: httpx.Response) -> set[str]:
        assert answer.status_code == 422, answer.text
        assert {e["reason"] for e in answer.json()["errors"]} == {"may be left out, not set to null"}
        return {e["field"] for e in answer.json()["errors"]}

    assert fields(name) == {"name"}
    assert fields(several) == {"kind", "countries", "description"}
    assert fields(coalition_name) == {"name"}
    assert fields(account_name) == {"name", "org_role"}
    assert cleared.status_code == 200 and cleared.json()["acronym"] is None
    assert cleared.json()["name"] == org["name"] and cleared.json()["countries"] == ["NPL"]
    assert email_cleared.status_code == 200 and email_cleared.json()["email"] is None


async def test_a_deleted_coalition_ends_its_memberships_and_admin_roles(
    gateway_app: FastAPI, directory_app: FastAPI, world: World
) -> None:
    """Its members no longer count as in it (the metrics service asks the directory which
    coalitions an organisation is in, before it shows or takes values shared with one), its
    admins administer nothing, and a network it was in loses it."""
    admin = world.people["coalition_admin"]
    platform = world.people["platform_admin"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        network = await client.post(
            "/v1/directory/coalitions",
            json={"name": f"Network {uuid.uuid4().hex[:6]}", "scope": "regional"},
            headers=platform,
        )
        network_id = network.json()["id"]
        joined = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/networks",
            json={"coalition_id": network_id},
            headers=admin.headers,
        )
        accepted = await client.post(
            f"/v1/directory/coalitions/{network_id}/members/{world.coalition}/approve", headers=platform
        )
        deleted = await client.delete(
            f"/v1/directory/coalitions/{world.coalition}", headers={**admin.headers, "If-Match": "*"}
        )
        memberships = await client.get(
            f"/v1/directory/organisations/{world.org_a}/memberships", headers=world.people["member_a"].headers
        )
        in_network = await client.get(f"/v1/directory/coalitions/{network_id}/members")
        me = await client.get("/v1/directory/me", headers=admin.headers)
        shared = await client.put(
            f"/v1/metrics/organisations/{world.org_a}/observations",
            json={"indicator": world.indicators["adopted"], "country": "NPL", "period": "2024", "value": 3,
                  "visibility": "coalition", "coalition_id": str(world.coalition)},
            headers=world.people["member_a"].headers,
        )  # fmt: skip

    assert (network.status_code, joined.status_code, accepted.status_code) == (201, 201, 200), accepted.text
    assert deleted.status_code == 204, deleted.text
    assert str(world.coalition) not in {m["coalition_id"] for m in memberships.json()["items"]}
    assert str(world.coalition) not in {m["member_id"] for m in in_network.json()["items"]}
    assert str(world.coalition) not in me.json()["coalition_admin_of"]
    assert shared.status_code == 422 and shared.json()["errors"][0]["field"] == "coalition_id", shared.text
