"""Self-service onboarding through the gateway: an organisation registers itself with its first
admin, stays out of every public answer while it awaits review, and joins once approved."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.directory.models.accounts import Account
from services.directory.models.organisations import Organisation
from services.directory.onboarding import service as onboarding
from services.directory.onboarding.schemas import ReviewDecision
from services.directory.organisations.service import derive
from shared.db import session_scope
from shared.errors import Conflict
from tests import races
from tests.conftest import Env, World, gateway
from tests.directory.conftest import AtOnce
from tests.support.apps import asgi_client

REGISTRATIONS = "/v1/directory/registrations"
# Tuvalu: no other test data works there, so its counts are exactly what a test makes.
PROFILE = {"kind": "ngo", "hq_country": "TUV", "countries": ["TUV"], "forms": ["forced_labour"]}


def registration(name: str | None = None, **organisation: Any) -> dict[str, Any]:
    return {
        "organisation": {"name": name or f"Funafuti Freedom {uuid.uuid4().hex[:6]}", **PROFILE, **organisation},
        "admin": {"name": "Data officer", "email": "data@example.org"},
    }


@pytest.fixture
async def hub(env: Env, upstreams: dict[str, FastAPI]) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway, remembering keys for a minute as in production: a review, like every change
    of who may do what, must hold from the next request all the same."""
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        yield client


def keyed(principal_or_key: Any) -> dict[str, str]:
    key = principal_or_key if isinstance(principal_or_key, str) else principal_or_key.key
    return {"Authorization": f"Bearer {key}"}


async def register(hub: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    response = await hub.post(REGISTRATIONS, json=registration(**fields))
    assert response.status_code == 201, response.text
    return response.json()


async def review(hub: httpx.AsyncClient, world: World, org_id: str, decision: str) -> httpx.Response:
    return await hub.post(
        f"{REGISTRATIONS}/{org_id}/review",
        json={"decision": decision, "note": "Checked with the national coalition."},
        headers=keyed(world.people["platform_admin"]),
    )


async def public_traces(hub: httpx.AsyncClient, org: dict[str, Any]) -> dict[str, bool]:
    """Where an anonymous caller finds the organisation (or its count)."""
    org_id, name = org["id"], org["name"]
    search = (await hub.get("/v1/directory/organisations", params={"q": name, "country": "TUV"})).json()
    coverage = (await hub.get("/v1/directory/coverage", params={"country": "TUV", "by": "country"})).json()
    pairs = (await hub.get("/v1/directory/coverage/pairs", params={"country": "TUV"})).json()
    # Counts another way: by form within the country, and the search's facets with no text.
    by_form = (await hub.get("/v1/directory/coverage", params={"country": "TUV", "by": "country,form"})).json()
    facets = (await hub.get("/v1/directory/organisations", params={"country": "TUV"})).json()
    return {
        "read": (await hub.get(f"/v1/directory/organisations/{org_id}")).status_code == 200,
        "search": any(o["id"] == org_id for o in search["items"]),
        "coverage": coverage["items"][0]["organisations"] > 0,
        "pairs": pairs["items"][0]["organisations"] > 0,
        "coverage by form": any(i["form"] == "forced_labour" and i["organisations"] for i in by_form["items"]),
        "facets": facets["total"] > 0 or facets["facets"]["forms"].get("forced_labour", 0) > 0,
        "csv": org_id in (await hub.get("/v1/directory/exports/organisations.csv")).text,
        "json": org_id in (await hub.get("/v1/directory/exports/organisations.json")).text,
        "hsds": (await hub.get(f"/v1/directory/hsds/organizations/{org_id}")).status_code == 200,
        "matches": (await hub.get(f"/v1/directory/organisations/{org_id}/matches")).status_code == 200,
    }


async def test_an_organisation_registers_itself_and_works_once_approved(hub: httpx.AsyncClient, world: World) -> None:
    created = await register(hub)
    org, key = created["organisation"], created["key"]["key"]
    pending_traces = await public_traces(hub, org)
    me = (await hub.get("/v1/directory/me", headers=keyed(key))).json()
    own = await hub.get(f"/v1/directory/organisations/{org['id']}", headers=keyed(key))
    refused_while_pending = [
        await hub.post(f"/v1/directory/organisations/{org['id']}/keys", json={"name": "sync"}, headers=keyed(key)),
        await hub.post(
            "/v1/directory/coalitions", json={"name": "Tuvalu Coalition", "scope": "global"}, headers=keyed(key)
        ),
        await hub.get("/v1/directory/organisations", headers=keyed(key)),
    ]
    queue = (await hub.get(REGISTRATIONS, headers=keyed(world.people["platform_admin"]))).json()

    approved = await review(hub, world, org["id"], "approve")

    listed_traces = await public_traces(hub, org)
    new_key = await hub.post(f"/v1/directory/organisations/{org['id']}/keys", json={"name": "sync"}, headers=keyed(key))
    sync = keyed(new_key.json()["key"])
    batch = await hub.post(
        f"/v1/metrics/organisations/{org['id']}/observations/batches",
        content=f"indicator,country,period,value,visibility\n{world.indicators['adopted']},TUV,2024,17,public\n",
        headers={**sync, "Content-Type": "text/csv"},
    )
    figures = await hub.get(
        "/v1/metrics/aggregates", params={"indicator": world.indicators["adopted"], "country": "TUV"}, headers=sync
    )
    coalition = await hub.post(
        "/v1/directory/coalitions",
        json={"name": "Tuvalu Coalition", "scope": "national", "country": "TUV"},
        headers=sync,
    )
    renamed = await hub.patch(
        f"/v1/directory/coalitions/{coalition.json()['id']}",
        json={"name": "Tuvalu Freedom Coalition"},
        headers={**sync, "If-Match": '"1"'},
    )

    assert created["organisation"]["status"] == "pending" and created["account"]["org_role"] == "admin"
    assert created["account"]["email"] == "data@example.org" and created["key"]["key"].startswith("hub_")
    assert not any(pending_traces.values()), pending_traces
    assert me["pending"] is True and me["organisation_id"] == org["id"]
    assert own.status_code == 200 and own.json()["status"] == "pending"
    assert [r.status_code for r in refused_while_pending] == [403, 403, 403]
    assert all("awaits review" in r.json()["detail"] for r in refused_while_pending)
    [queued] = [o for o in queue["items"] if o["id"] == org["id"]]
    assert queued["admins"] == [{"name": "Data officer", "email": "data@example.org"}]
    assert approved.status_code == 200 and approved.json()["status"] == "active"
    assert approved.json()["review_note"] == "Checked with the national coalition."
    assert all(listed_traces.values()), listed_traces
    assert new_key.status_code == 201, new_key.text
    assert batch.status_code == 201 and batch.json()["counts"]["created"] == 1, batch.text
    assert figures.status_code == 200 and figures.json()["cells"][0]["own"] == "17", figures.text
    assert coalition.status_code == 201, coalition.text
    assert renamed.status_code == 200 and renamed.json()["name"] == "Tuvalu Freedom Coalition"


async def test_a_rejected_organisation_stays_unlisted_and_its_key_stops_at_once(
    env: Env, upstreams: dict[str, FastAPI], world: World
) -> None:
    # Keys remembered for a minute: the decision must still hold from the next request.
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as hub:
        created = await register(hub)
        org_id, key = created["organisation"]["id"], created["key"]["key"]
        before = await hub.get("/v1/directory/me", headers=keyed(key))

        rejected = await review(hub, world, org_id, "reject")
        again = await review(hub, world, org_id, "approve")
        unknown = await review(hub, world, str(uuid.uuid4()), "approve")
        listed = await review(hub, world, str(world.org_a), "reject")
        after = await hub.get("/v1/directory/me", headers=keyed(key))
        read = await hub.get(f"/v1/directory/organisations/{org_id}")
        queue = (await hub.get(REGISTRATIONS, headers=keyed(world.people["platform_admin"]))).json()

    assert before.status_code == 200 and before.json()["pending"] is True
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert again.status_code == 409 and unknown.status_code == 404 and listed.status_code == 409
    assert after.status_code == 401 and read.status_code == 404
    assert org_id not in [o["id"] for o in queue["items"]]


async def test_a_pending_key_edits_its_own_profile_and_nothing_else(hub: httpx.AsyncClient, world: World) -> None:
    created = await register(hub)
    org_id, key = created["organisation"]["id"], created["key"]["key"]
    conditional = {**keyed(key), "If-Match": "*"}

    fixed = await hub.patch(f"/v1/directory/organisations/{org_id}", json={"acronym": "FFP"}, headers=conditional)
    other = await hub.patch(f"/v1/directory/organisations/{world.org_a}", json={"acronym": "X"}, headers=conditional)
    other_read = await hub.get(f"/v1/directory/organisations/{world.org_a}", headers=keyed(key))
    account = await hub.post(f"/v1/directory/organisations/{org_id}/accounts", json={"name": "x"}, headers=keyed(key))

    assert fixed.status_code == 200 and fixed.json()["acronym"] == "FFP" and fixed.json()["status"] == "pending"
    assert [other.status_code, other_read.status_code, account.status_code] == [403, 403, 403]
    assert (await hub.get(f"/v1/directory/organisations/{world.org_a}")).json()["acronym"] != "X"


async def test_registration_cannot_take_over_a_listed_organisation(
    hub: httpx.AsyncClient, directory_app: FastAPI, world: World
) -> None:
    async with session_scope(directory_app.state.sessionmaker) as session:
        listed = await session.get(Organisation, world.org_a)
        assert listed is not None
        name = listed.name
    same_name = await hub.post(REGISTRATIONS, json=registration(name.upper()))
    with_external_id = await hub.post(REGISTRATIONS, json=registration(external_id="org-a"))
    with_id = await hub.post(REGISTRATIONS, json=registration(id=str(world.org_a)))
    as_active = await hub.post(REGISTRATIONS, json=registration(status="active"))
    as_platform_admin = await hub.post(
        REGISTRATIONS, json={**registration(), "admin": {"name": "x", "email": "x@example.org", "platform_admin": True}}
    )

    assert same_name.status_code == 409 and same_name.json()["errors"] == [
        {"field": "organisation.name", "reason": "taken by a listed organisation"}
    ]
    assert same_name.headers["content-type"] == "application/problem+json"
    for refused, field in [
        (with_external_id, "organisation.external_id"),
        (with_id, "organisation.id"),
        (as_active, "organisation.status"),
        (as_platform_admin, "admin.platform_admin"),
    ]:
        assert refused.status_code == 422, refused.text
        assert field in [e["field"] for e in refused.json()["errors"]], refused.json()


async def test_registration_input_is_checked_field_by_field(hub: httpx.AsyncClient) -> None:
    no_email = {**registration(), "admin": {"name": "Data officer"}}
    bad_email = {**registration(), "admin": {"name": "Data officer", "email": "not an address"}}
    answers = [
        await hub.post(REGISTRATIONS, json=no_email),
        await hub.post(REGISTRATIONS, json=bad_email),
        await hub.post(REGISTRATIONS, json=registration(countries=["XXX"])),
        await hub.post(REGISTRATIONS, json=registration("x" * 301)),
        await hub.post(REGISTRATIONS, json={"organisation": {"name": "Only a name"}}),
        await hub.post(REGISTRATIONS, json=registration("Nul\x00 Project")),
        await hub.post(REGISTRATIONS, content=b"{not json", headers={"Content-Type": "application/json"}),
        await hub.post(REGISTRATIONS, json=["a list"]),
    ]

    assert [a.status_code for a in answers] == [422] * len(answers), [a.text for a in answers]
    assert all(a.headers["content-type"] == "application/problem+json" for a in answers)
    fields = [{e["field"] for e in a.json().get("errors", [])} for a in answers[:6]]
    assert fields == [
        {"admin.email"},
        {"admin.email"},
        {"organisation.countries"},
        {"organisation.name"},
        {"admin"},
        {"organisation.name"},
    ]


async def test_registrations_are_limited_per_client_address(
    env: Env, upstreams: dict[str, FastAPI], world: World
) -> None:
    async with gateway(env, upstreams, registration_burst=2) as app, asgi_client(app, "http://gateway") as hub:
        answers = [await hub.post(REGISTRATIONS, json=registration()) for _ in range(3)]
        other_writes = await hub.post(
            "/v1/directory/coalitions",
            json={"name": "Some Coalition", "scope": "global"},
            headers=keyed(world.people["admin_a"]),
        )

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert (
        answers[2].headers["content-type"] == "application/problem+json" and int(answers[2].headers["Retry-After"]) > 0
    )
    assert other_writes.status_code == 201  # the registration budget is its own


async def test_reviewer_rights_are_granted_by_platform_admins_and_hold_from_the_next_request(
    env: Env, upstreams: dict[str, FastAPI], world: World
) -> None:
    member, admin = world.people["member_b"], world.people["platform_admin"]
    # Keys remembered for a minute: the grant must still hold at once.
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as hub:
        created = await register(hub)
        before = await hub.get(REGISTRATIONS, headers=keyed(member))
        by_member = await hub.put(f"/v1/directory/reviewers/{member.account_id}", headers=keyed(member))
        granted = await hub.put(f"/v1/directory/reviewers/{member.account_id}", headers=keyed(admin))
        queue = await hub.get(REGISTRATIONS, headers=keyed(member))
        withdrawn = await hub.delete(
            f"/v1/directory/reviewers/{member.account_id}", headers={**keyed(admin), "If-Match": "*"}
        )
        after = await hub.post(
            f"{REGISTRATIONS}/{created['organisation']['id']}/review",
            json={"decision": "approve"},
            headers=keyed(member),
        )

    assert [before.status_code, by_member.status_code] == [403, 403]
    assert granted.status_code == 204 and queue.status_code == 200
    assert created["organisation"]["id"] in [o["id"] for o in queue.json()["items"]]
    assert withdrawn.status_code == 204 and after.status_code == 403


async def test_a_reviewer_grant_with_if_match_holds_only_while_the_right_does(
    hub: httpx.AsyncClient, world: World
) -> None:
    """A reviewer right has no representation of its own: `*` says "while it is granted", any
    other ETag matches nothing; without If-Match the PUT grants as before."""
    member, admin = world.people["member_b"], keyed(world.people["platform_admin"])
    path = f"/v1/directory/reviewers/{member.account_id}"

    absent = await hub.put(path, headers={**admin, "If-Match": "*"})
    queue_after_absent = await hub.get(REGISTRATIONS, headers=keyed(member))
    granted = await hub.put(path, headers=admin)
    named = await hub.put(path, headers={**admin, "If-Match": '"1"'})
    held = await hub.put(path, headers={**admin, "If-Match": "*"})
    unknown = await hub.put(f"/v1/directory/reviewers/{uuid.uuid4()}", headers={**admin, "If-Match": "*"})
    me = (await hub.get("/v1/directory/me", headers=keyed(member))).json()

    assert absent.status_code == 412 and absent.headers["content-type"] == "application/problem+json"
    assert queue_after_absent.status_code == 403
    assert granted.status_code == 204 and held.status_code == 204
    assert named.status_code == 412 and "If-Match: *" in named.json()["detail"]
    assert unknown.status_code == 404
    assert me["reviewer"] is True


async def test_withdrawing_a_reviewer_right_the_account_lacks_is_not_found(
    hub: httpx.AsyncClient, world: World
) -> None:
    """As for a coalition's admin right: what is not there to withdraw is 404, and changes nothing."""
    member, platform = world.people["member_b"], keyed(world.people["platform_admin"])
    path, admin = f"/v1/directory/reviewers/{member.account_id}", {**platform, "If-Match": "*"}

    never = await hub.delete(path, headers=admin)
    await hub.put(path, headers=platform)
    withdrawn = await hub.delete(path, headers=admin)
    again = await hub.delete(path, headers=admin)
    unknown = await hub.delete(f"/v1/directory/reviewers/{uuid.uuid4()}", headers=admin)
    me = (await hub.get("/v1/directory/me", headers=keyed(member))).json()

    assert never.status_code == 404 and never.headers["content-type"] == "application/problem+json"
    assert "not a reviewer" in never.json()["detail"]
    assert withdrawn.status_code == 204 and again.status_code == 404 and unknown.status_code == 404
    assert me["reviewer"] is False


async def seed_reviewer_for_access_matrix(world: World, apps: dict[str, FastAPI]) -> None:
    """Organisation A's member a reviewer, for platform admins to withdraw the right."""
    async with session_scope(apps["directory"].state.sessionmaker) as session:
        account = await session.get(Account, world.people["member_a"].account_id)
        assert account is not None
        account.reviewer = True


async def test_the_review_queue_pages_oldest_first(hub: httpx.AsyncClient, world: World) -> None:
    ids = [(await register(hub))["organisation"]["id"] for _ in range(3)]
    admin = keyed(world.people["platform_admin"])

    seen, cursor = [], None
    while True:
        page = (
            await hub.get(REGISTRATIONS, params={"limit": 2, **({"cursor": cursor} if cursor else {})}, headers=admin)
        ).json()
        seen += [o["id"] for o in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    bad = await hub.get(REGISTRATIONS, params={"cursor": "nonsense"}, headers=admin)

    assert [i for i in seen if i in ids] == ids and len(seen) == len(set(seen))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


def matrix_registration(world: World) -> uuid.UUID:
    """The pending organisation `seed_for_access_matrix` makes for this world."""
    return uuid.uuid5(world.org_a, "registration")


async def seed_for_access_matrix(world: World, apps: dict[str, FastAPI]) -> None:
    async with session_scope(apps["directory"].state.sessionmaker) as session:
        organisation = Organisation(id=matrix_registration(world), name="Awaiting Review", status="pending")
        derive(organisation)
        session.add(organisation)


async def test_of_concurrent_reviews_the_first_decides_and_the_others_conflict(at_once: AtOnce) -> None:
    """Three approvals and three rejections of one registration at the same moment: the first
    decides it, the other five are told it is decided already (409), and one review is audited."""
    created = await at_once.make(
        REGISTRATIONS, {**registration(), "organisation": {"name": f"Race {uuid.uuid4().hex}"}}
    )
    org_id = created["organisation"]["id"]

    answers = await asyncio.gather(
        *(
            at_once.client.post(f"{REGISTRATIONS}/{org_id}/review", json={"decision": decision, "note": decision})
            for decision in ["approve", "reject"] * 3
        )
    )
    stored = await at_once.client.get(f"/v1/directory/organisations/{org_id}")

    won = [a for a in answers if a.status_code == 200]
    assert sorted(a.status_code for a in answers) == [200] + [409] * 5, [a.text for a in answers]
    refused = [a for a in answers if a.status_code == 409]
    assert all(a.headers["content-type"] == "application/problem+json" for a in refused)
    assert all(a.json()["detail"].startswith("Already decided") for a in refused)
    assert stored.json()["status"] == won[0].json()["status"] and stored.json()["version"] == 2
    assert await at_once.audited("POST /v1/directory/registrations/{org_id}/review", {"org_id": org_id}) == 1


async def test_a_review_waits_for_a_concurrent_one_and_then_finds_it_decided(at_once: AtOnce) -> None:
    """On two connections, deterministically: the first approval holds its transaction open; a
    rejection waits on its row lock, then finds the organisation active (409)."""
    created = await at_once.make(
        REGISTRATIONS, {**registration(), "organisation": {"name": f"Race {uuid.uuid4().hex}"}}
    )
    org_id = uuid.UUID(created["organisation"]["id"])
    decisions = iter(["approve", "reject"])

    async def decide(session: AsyncSession) -> str:
        return (await onboarding.review(session, org_id, ReviewDecision(decision=next(decisions)))).status

    first, second = await races.first_writes(at_once.app.state.sessionmaker, decide)

    assert first == "active"
    assert isinstance(second, Conflict) and str(second).startswith("Already decided"), second


async def test_no_organisation_takes_a_listed_organisations_name_by_renaming_itself(
    hub: httpx.AsyncClient, directory_app: FastAPI, world: World
) -> None:
    """Registration refuses a listed organisation's name; a rename afterwards must too, or an
    organisation registered under any name would then sign reports off, and be credited for
    assessments and testimonies, under another's."""
    async with session_scope(directory_app.state.sessionmaker) as session:
        listed = await session.get(Organisation, world.org_a)
        assert listed is not None
        name = listed.name
    created = await register(hub)
    org_id, key = created["organisation"]["id"], created["key"]["key"]
    path = f"/v1/directory/organisations/{org_id}"
    while_pending = await hub.patch(path, json={"name": name}, headers={**keyed(key), "If-Match": "*"})
    assert (await review(hub, world, org_id, "approve")).status_code == 200
    once_listed = await hub.patch(path, json={"name": name.upper()}, headers={**keyed(key), "If-Match": "*"})
    own_name = await hub.patch(
        f"/v1/directory/organisations/{world.org_a}",
        json={"name": name.lower()},
        headers={**keyed(world.people["admin_a"]), "If-Match": "*"},
    )

    for refused in (while_pending, once_listed):
        assert refused.status_code == 409, refused.text
        assert refused.json()["errors"] == [{"field": "name", "reason": "taken by a listed organisation"}]
    assert (await hub.get(path, headers=keyed(key))).json()["name"] == created["organisation"]["name"]
    assert own_name.status_code == 200  # its own name, in other letters


async def test_a_registration_named_as_one_listed_meanwhile_is_not_approved(
    hub: httpx.AsyncClient, world: World
) -> None:
    """Registration compares with listed organisations only, so two awaiting review may read
    alike (a real one, and one passing for it). Approving the first lists its name; the second
    is then refused (409), stays awaiting review, and the directory lists the name once."""
    name = f"Nukulaelae Freedom {uuid.uuid4().hex[:6]}"
    real, passing = await register(hub, name=name), await register(hub, name=name.upper().replace("L", "I"))
    first = await review(hub, world, real["organisation"]["id"], "approve")
    second = await review(hub, world, passing["organisation"]["id"], "approve")
    listed = (await hub.get("/v1/directory/organisations", params={"q": name, "country": "TUV"})).json()
    queue = await hub.get(REGISTRATIONS, headers=keyed(world.people["platform_admin"]))

    assert first.status_code == 200, first.text
    assert second.status_code == 409, second.text
    assert second.headers["content-type"] == "application/problem+json"
    assert [o["id"] for o in listed["items"]] == [real["organisation"]["id"]]
    assert passing["organisation"]["id"] in {r["id"] for r in queue.json()["items"]}


async def test_of_two_approvals_of_one_name_at_once_one_lists_it(at_once: AtOnce) -> None:
    """On two connections: each approval finds the name unlisted unless the second waits for the
    first; it does (both take the name's lock), then finds it listed, and is refused."""
    name = f"Vaitupu Freedom {uuid.uuid4().hex[:6]}"
    ids = iter(
        [
            uuid.UUID((await at_once.make(REGISTRATIONS, registration(name)))["organisation"]["id"]),
            uuid.UUID((await at_once.make(REGISTRATIONS, registration(name.lower())))["organisation"]["id"]),
        ]
    )

    async def approve(session: AsyncSession) -> str:
        return (await onboarding.review(session, next(ids), ReviewDecision(decision="approve"))).status

    first, second = await races.first_writes(at_once.app.state.sessionmaker, approve)

    assert first == "active"
    assert isinstance(second, Conflict), second
