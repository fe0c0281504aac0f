import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.memberships import service as memberships
from services.directory.models import SCHEMA
from shared.db import create_engine, create_sessionmaker, session_scope
from shared.errors import Conflict
from tests import factories, races
from tests.conftest import Env, World
from tests.support.apps import asgi_client


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


async def test_invitation_accepted_makes_an_active_member(gateway_app: FastAPI, world: World) -> None:
    coalition_admin, org_admin = world.people["coalition_admin"].headers, world.people["admin_a"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        await client.delete(
            f"/v1/directory/organisations/{world.org_a}/memberships/{world.coalition}",
            headers={**org_admin, "If-Match": "*"},
        )
        invited = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/invitations",
            json={"organisation_id": str(world.org_a)},
            headers=coalition_admin,
        )
        public_before = (await client.get(f"/v1/directory/coalitions/{world.coalition}/members")).json()["items"]
        accepted = await client.post(
            f"/v1/directory/organisations/{world.org_a}/memberships",
            json={"coalition_id": str(world.coalition)},
            headers=org_admin,
        )
        public_after = (await client.get(f"/v1/directory/coalitions/{world.coalition}/members")).json()["items"]

    assert invited.json()["status"] == "invited"
    assert str(world.org_a) not in {m["member_id"] for m in public_before}
    assert accepted.json()["status"] == "active"
    assert str(world.org_a) in {m["member_id"] for m in public_after}


async def test_request_approved_then_left(gateway_app: FastAPI, world: World) -> None:
    admin_b = world.people["coalition_admin"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        pending = (
            await client.get(
                f"/v1/directory/coalitions/{world.coalition}/members", params={"status": "pending"}, headers=admin_b
            )
        ).json()["items"]
        anonymous_view = (
            await client.get(f"/v1/directory/coalitions/{world.coalition}/members", params={"status": "pending"})
        ).json()["items"]
        approved = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/members/{world.org_b}/approve", headers=admin_b
        )
        again = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/members/{world.org_b}/approve", headers=admin_b
        )
        removed = await client.delete(
            f"/v1/directory/coalitions/{world.coalition}/members/{world.org_b}", headers={**admin_b, "If-Match": "*"}
        )
        in_search = (await client.get("/v1/directory/organisations", params={"coalition": str(world.coalition)})).json()

    assert [m["member_id"] for m in pending] == [str(world.org_b)]
    assert anonymous_view and all(m["status"] == "active" for m in anonymous_view)
    assert approved.json()["status"] == "active"
    assert again.status_code == 409
    assert removed.json()["status"] == "left"
    assert {o["id"] for o in in_search["items"]} == {str(world.org_a)}


async def test_a_network_gains_a_coalition_member(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        asked = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/networks",
            json={"coalition_id": str(world.other_coalition)},
            headers=world.people["coalition_admin"].headers,
        )
        approved = await client.post(
            f"/v1/directory/coalitions/{world.other_coalition}/members/{world.coalition}/approve",
            headers=world.people["other_coalition_admin"].headers,
        )
        itself = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/invitations",
            json={"coalition_id": str(world.coalition)},
            headers=world.people["coalition_admin"].headers,
        )
        joins_itself = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/networks",
            json={"coalition_id": str(world.coalition)},
            headers=world.people["coalition_admin"].headers,
        )

    assert asked.json()["member_kind"] == "coalition" and asked.json()["status"] == "pending"
    assert approved.json()["status"] == "active"
    assert itself.status_code == 409 and joins_itself.status_code == 409, joins_itself.text


async def test_a_coalition_leaves_a_network_or_withdraws_its_request(gateway_app: FastAPI, world: World) -> None:
    """The member coalition's own admins end its place in a network, as an organisation's admins
    leave a coalition: a pending request is withdrawn, an active membership left (and audited);
    with none left to end, 404. The network's admins remove it by its members route, not this one."""
    ours, theirs = world.people["coalition_admin"].headers, world.people["other_coalition_admin"].headers
    network = f"/v1/directory/coalitions/{world.coalition}/networks"
    leave = f"{network}/{world.other_coalition}"
    async with asgi_client(gateway_app, "http://gateway") as client:
        asked = await client.post(network, json={"coalition_id": str(world.other_coalition)}, headers=ours)
        withdrawn = await client.delete(leave, headers={**ours, "If-Match": "*"})
        await client.post(network, json={"coalition_id": str(world.other_coalition)}, headers=ours)
        approved = await client.post(
            f"/v1/directory/coalitions/{world.other_coalition}/members/{world.coalition}/approve", headers=theirs
        )
        stranger = await client.delete(leave, headers={**theirs, "If-Match": "*"})
        left = await client.delete(leave, headers={**ours, "If-Match": "*"})
        again = await client.delete(leave, headers={**ours, "If-Match": "*"})
        never = await client.delete(f"{network}/{world.coalition}", headers={**ours, "If-Match": "*"})
        members = (await client.get(f"/v1/directory/coalitions/{world.other_coalition}/members")).json()["items"]
        audit = (await client.get("/v1/directory/audit", headers=world.people["platform_admin"].headers)).json()

    assert asked.json()["status"] == "pending" and approved.json()["status"] == "active", approved.text
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "left"), withdrawn.text
    assert stranger.status_code == 403 and stranger.headers["content-type"] == "application/problem+json"
    assert (left.status_code, left.json()["status"], left.json()["member_kind"]) == (200, "left", "coalition")
    assert again.status_code == 404 and never.status_code == 404, never.text
    assert str(world.coalition) not in {m["member_id"] for m in members}
    route = "DELETE /v1/directory/coalitions/{coalition_id}/networks/{network_id}"
    target = {"coalition_id": str(world.coalition), "network_id": str(world.other_coalition)}
    assert [e["target"] for e in audit["items"] if e["action"] == route] == [target, target]  # the two that ended one


async def test_bad_membership_input(gateway_app: FastAPI, world: World) -> None:
    admin = world.people["coalition_admin"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        both = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/invitations",
            json={"organisation_id": str(world.org_a), "coalition_id": str(world.other_coalition)},
            headers=admin,
        )
        unknown = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/invitations",
            json={"organisation_id": "00000000-0000-4000-8000-000000000000"},
            headers=admin,
        )

    assert both.status_code == 422
    assert unknown.status_code == 404


async def test_a_deleted_coalition_has_no_members_no_networks_and_no_admins(gateway_app: FastAPI, world: World) -> None:
    """As a deleted organisation leaves its coalitions: what asks which coalitions an
    organisation is in, or which an account administers, no longer finds a deleted one."""
    admin = world.people["coalition_admin"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        in_network = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/networks",
            json={"coalition_id": str(world.other_coalition)},
            headers=admin.headers,
        )
        deleted = await client.delete(
            f"/v1/directory/coalitions/{world.coalition}", headers={**admin.headers, "If-Match": "*"}
        )
        memberships = (await client.get(f"/v1/directory/organisations/{world.org_a}/memberships")).json()["items"]
        network = await client.get(
            f"/v1/directory/coalitions/{world.other_coalition}/members",
            params={"status": "pending"},
            headers=world.people["other_coalition_admin"].headers,
        )
        me = (await client.get("/v1/directory/me", headers=admin.headers)).json()
        approve = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/members/{world.org_b}/approve", headers=admin.headers
        )
        by_platform = await client.post(
            f"/v1/directory/coalitions/{world.coalition}/members/{world.org_b}/approve",
            headers=world.people["platform_admin"].headers,
        )

    assert in_network.json()["status"] == "pending" and deleted.status_code == 204
    assert str(world.coalition) not in {m["coalition_id"] for m in memberships}
    assert str(world.coalition) not in {m["member_id"] for m in network.json()["items"]}
    assert str(world.coalition) not in map(str, me["coalition_admin_of"])
    assert approve.status_code == 403 and by_platform.status_code == 404


async def test_the_second_of_two_first_requests_to_join_is_a_conflict(env: Env) -> None:
    """Committed for real, on two connections: both find no membership; the second insert waits
    on the first, finds the key taken, and answers as for a stored request (409), not 500."""
    engine = create_engine(env.database_url, SCHEMA)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with session_scope(sessionmaker) as session:
            org, coalition = await factories.organisation(session), await factories.coalition(session)

        async def ask(session: AsyncSession) -> str:
            return (await memberships.ask_to_join(session, coalition, org, "organisation")).status

        first, second = await races.first_writes(sessionmaker, ask)
    finally:
        await engine.dispose()

    assert first == "pending"
    assert isinstance(second, Conflict) and str(second) == "Already pending."


async def seed_for_access_matrix(world: World, apps: dict[str, FastAPI]) -> None:
    """`world.coalition` an active member of the network `world.other_coalition`, for it to leave."""
    async with session_scope(apps["directory"].state.sessionmaker) as session:
        await factories.membership(session, world.other_coalition, world.coalition, "active", kind="coalition")
