from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.memberships import service as memberships
from services.directory.models import SCHEMA
from shared.db import create_engine, create_sessionmaker, session_scope
from shared.errors import Conflict
from tests import factories, races
from tests.conftest import Env, World
from tests.support.apps import asgi_client


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
