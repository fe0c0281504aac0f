"""What the directory's public answers give away beyond what they show, read as an attacker would:
over HTTP through the gateway, from public answers (and the attacker's own clock) only."""

from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI

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
