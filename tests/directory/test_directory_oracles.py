"""What the directory's public answers give away beyond what they show, read as an attacker would:
over HTTP through the gateway, from public answers (and the attacker's own clock) only."""

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI

from services.directory.models.organisations import Organisation
from services.directory.organisations.service import derive
from shared.db import session_scope
from tests.conftest import World
from tests.support.apps import asgi_client


def times(answer: dict[str, Any], member: str) -> list[datetime]:
    """Every time a public answer gives about `member`'s memberships."""
    return [
        datetime.fromisoformat(m[field])
        for m in answer["items"]
        if m["member_id"] == member
        for field in ("created_at", "updated_at")
    ]


async def test_a_public_membership_tells_nothing_of_before_it_was_active(gateway_app: FastAPI, world: World) -> None:
    """B asked to join when the world was made (a request only the coalition's admins see); A was a
    member, left, and asked again. Anyone who looked while neither was active, and again once both
    were approved (B first), learns from the answers only that they are members now."""
    members = f"/v1/directory/coalitions/{world.coalition}/members"
    people = world.people
    a, b = str(world.org_a), str(world.org_b)
    async with asgi_client(gateway_app, "http://gateway") as client:
        left = await client.delete(
            f"/v1/directory/organisations/{a}/memberships/{world.coalition}",
            headers={**people["admin_a"].headers, "If-Match": "*"},
        )
        looked_at = datetime.now(UTC)
        while_neither = (await client.get(members)).json()
        asked_again = await client.post(
            f"/v1/directory/organisations/{a}/memberships",
            json={"coalition_id": str(world.coalition)},
            headers=people["admin_a"].headers,
        )
        for member in (b, a):
            approved = await client.post(f"{members}/{member}/approve", headers=people["coalition_admin"].headers)
            assert approved.status_code == 200, approved.text
        now_members = (await client.get(members)).json()
        of_a = (await client.get(f"/v1/directory/organisations/{a}/memberships")).json()
        of_b = (await client.get(f"/v1/directory/organisations/{b}/memberships")).json()

    assert left.status_code == 200 and asked_again.json()["status"] == "pending"
    assert while_neither["items"] == []
    assert [m["member_id"] for m in now_members["items"]] == [b, a]  # in the order they became members
    for member, own_list in ((a, of_a), (b, of_b)):
        seen = times(now_members, member) + times(own_list, member)
        assert seen and min(seen) >= looked_at, (member, seen)


async def _unlisted(directory_app: FastAPI) -> dict[str, uuid.UUID]:
    """An organisation awaiting review, one rejected, and one removed after it was listed."""
    ids = {}
    async with session_scope(directory_app.state.sessionmaker) as session:
        for state, status, removed in (
            ("pending", "pending", None),
            ("rejected", "rejected", None),
            ("removed", "active", datetime.now(UTC)),
        ):
            organisation = Organisation(name=f"Unlisted {state} {uuid.uuid4().hex[:8]}", status=status)
            organisation.deleted_at = removed
            derive(organisation)
            session.add(organisation)
            ids[state] = organisation.id
    return ids


async def test_the_memberships_of_an_unlisted_organisation_answer_as_an_unknown_one(
    gateway_app: FastAPI, directory_app: FastAPI, world: World
) -> None:
    """Read as the public and as another organisation's member: nothing in the answer tells an
    organisation awaiting review, rejected or removed from an id that never existed."""
    ids = {**await _unlisted(directory_app), "unknown": uuid.uuid4()}
    answers: dict[tuple[str, str], Any] = {}
    async with asgi_client(gateway_app, "http://gateway") as client:
        for caller, headers in (("anonymous", {}), ("member_b", world.people["member_b"].headers)):
            for state, org_id in ids.items():
                response = await client.get(f"/v1/directory/organisations/{org_id}/memberships", headers=headers)
                body = {k: str(v).replace(str(org_id), "<id>") for k, v in response.json().items() if k != "request_id"}
                answers[caller, state] = (response.status_code, response.headers["content-type"], body)

    for caller in ("anonymous", "member_b"):
        unknown = answers[caller, "unknown"]
        assert unknown[0] == 404 and unknown[1] == "application/problem+json"
        assert [answers[caller, state] for state in ("pending", "rejected", "removed")] == [unknown] * 3


async def test_an_organisation_s_own_accounts_and_platform_admins_read_its_memberships(
    gateway_app: FastAPI, directory_app: FastAPI, world: World
) -> None:
    pending = (await _unlisted(directory_app))["pending"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        own = await client.get(f"/v1/directory/organisations/{world.org_a}/memberships")
        by_platform = await client.get(
            f"/v1/directory/organisations/{pending}/memberships", headers=world.people["platform_admin"].headers
        )
        by_member_a = await client.get(
            f"/v1/directory/organisations/{pending}/memberships", headers=world.people["member_a"].headers
        )

    assert own.status_code == 200 and [m["coalition_id"] for m in own.json()["items"]] == [str(world.coalition)]
    assert by_platform.status_code == 200 and by_platform.json()["items"] == []
    assert by_member_a.status_code == 404
