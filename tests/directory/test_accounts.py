"""Accounts edited or removed at the same moment, committed for real on connections of their own."""

import asyncio
import uuid
from typing import Any

from tests.directory.conftest import AtOnce


async def organisation_with_admins(at_once: AtOnce, count: int) -> tuple[str, list[dict[str, Any]]]:
    org = await at_once.make("/v1/directory/organisations", {"name": f"Race Org {uuid.uuid4().hex[:6]}"})
    accounts = []
    for i in range(count):
        created = await at_once.client.post(
            f"/v1/directory/organisations/{org['id']}/accounts", json={"name": f"Admin {i}", "org_role": "admin"}
        )
        assert created.status_code == 201, created.text
        accounts.append(created.json())
    return org["id"], accounts


async def test_of_concurrent_account_edits_with_one_etag_exactly_one_is_applied(at_once: AtOnce) -> None:
    org_id, [account] = await organisation_with_admins(at_once, 1)
    path = f"/v1/directory/organisations/{org_id}/accounts/{account['id']}"
    etag = (await at_once.client.patch(path, json={"name": "Named"}, headers={"If-Match": "*"})).headers["etag"]

    answers = await asyncio.gather(
        *(at_once.client.patch(path, json={"name": f"Editor {i}"}, headers={"If-Match": etag}) for i in range(6))
    )
    stored = (await at_once.client.get(f"/v1/directory/organisations/{org_id}/accounts")).json()["items"]

    won = [a for a in answers if a.status_code == 200]
    assert sorted(a.status_code for a in answers) == [200] + [412] * 5, [a.text for a in answers]
    assert all(a.headers["content-type"] == "application/problem+json" for a in answers if a.status_code == 412)
    assert [a["name"] for a in stored] == [won[0].json()["name"]]


async def test_two_admins_demoted_at_once_leave_one_admin_and_no_deadlock(at_once: AtOnce) -> None:
    """Each demotion locks the organisation's admins before the account, in one order: of two
    admins demoted at the same moment one stays admin (409 for the other's demotion), and
    neither demotion waits on the other forever (a deadlock would be a 500)."""
    for _ in range(3):
        org_id, admins = await organisation_with_admins(at_once, 2)

        answers = await asyncio.gather(
            *(
                at_once.client.patch(
                    f"/v1/directory/organisations/{org_id}/accounts/{a['id']}",
                    json={"org_role": "member"},
                    headers={"If-Match": "*"},
                )
                for a in admins
            )
        )
        stored = (await at_once.client.get(f"/v1/directory/organisations/{org_id}/accounts")).json()["items"]

        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        assert sorted(a["org_role"] for a in stored) == ["admin", "member"]


async def test_two_admins_removed_at_once_leave_one_admin(at_once: AtOnce) -> None:
    """A removal locks the admins as a demotion does: of the two, one is refused (409), and no
    deadlock (a 500) happens."""
    for _ in range(3):
        org_id, admins = await organisation_with_admins(at_once, 2)

        answers = await asyncio.gather(
            *(
                at_once.client.delete(
                    f"/v1/directory/organisations/{org_id}/accounts/{a['id']}", headers={"If-Match": "*"}
                )
                for a in admins
            )
        )
        stored = (await at_once.client.get(f"/v1/directory/organisations/{org_id}/accounts")).json()["items"]

        assert sorted(a.status_code for a in answers) == [204, 409], [a.text for a in answers]
        assert [a["org_role"] for a in stored] == ["admin"]
