import uuid

import pytest
from fastapi import FastAPI

from services.metrics.catalogue import seed
from services.metrics.catalogue import service as catalogue
from shared.db import session_scope
from tests.conftest import World
from tests.support.apps import asgi_client, rolled_back


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


CONTENT = {
    "name": "Survivors housed",
    "definition": "Survivors given safe housing during the period.",
    "method_note": "Count each person once per period.",
    "unit": "people",
    "value_type": "count",
    "aggregation": "sum",
    "disaggregations": ["sex"],
}


def code() -> str:
    return f"t_{uuid.uuid4().hex[:10]}"


async def test_an_indicator_goes_from_proposal_to_retirement_keeping_every_version(
    gateway_app: FastAPI, world: World
) -> None:
    member, platform = world.people["member_a"].headers, world.people["platform_admin"].headers
    c = code()
    async with asgi_client(gateway_app, "http://gateway") as client:
        proposed = await client.post("/v1/metrics/indicators", json={**CONTENT, "code": c}, headers=member)
        revised = await client.post(
            f"/v1/metrics/indicators/{c}/versions",
            json={**CONTENT, "unit": "survivors", "change_note": "Clearer unit."},
            headers=member,
        )
        reviewed = await client.post(f"/v1/metrics/indicators/{c}/review", headers=member)
        adopted = await client.post(f"/v1/metrics/indicators/{c}/adopt", headers=platform)
        member_revision = await client.post(
            f"/v1/metrics/indicators/{c}/versions", json={**CONTENT, "change_note": "Back."}, headers=member
        )
        admin_revision = await client.post(
            f"/v1/metrics/indicators/{c}/versions",
            json={**CONTENT, "aggregation": "max", "change_note": "Use the maximum."},
            headers=platform,
        )
        retired = await client.post(f"/v1/metrics/indicators/{c}/retire", headers=platform)
        again = await client.post(f"/v1/metrics/indicators/{c}/adopt", headers=platform)
        versions = (await client.get(f"/v1/metrics/indicators/{c}/versions")).json()["items"]
        first = (await client.get(f"/v1/metrics/indicators/{c}/versions/1")).json()
        listing = (await client.get("/v1/metrics/indicators", params={"status": "retired"})).json()

    assert proposed.status_code == 201 and proposed.json()["status"] == "proposed"
    assert proposed.json()["proposed_by"] == str(world.org_a)
    assert revised.json()["version"] == 2 and revised.json()["unit"] == "survivors"
    assert reviewed.json()["status"] == "under_review"
    assert adopted.json()["status"] == "adopted" and adopted.json()["content"]["version"] == 2
    assert member_revision.status_code == 403
    assert admin_revision.json()["version"] == 3
    assert retired.json()["status"] == "retired"
    assert again.status_code == 409
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert first["unit"] == "people" and first["change_note"] == "First version."
    assert c in {i["code"] for i in listing["items"]}


async def test_only_the_proposer_revises_a_proposal_and_anyone_comments(gateway_app: FastAPI, world: World) -> None:
    c = world.indicators["proposed_by_a"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        other = await client.post(
            f"/v1/metrics/indicators/{c}/versions",
            json={**CONTENT, "change_note": "Mine now."},
            headers=world.people["member_b"].headers,
        )
        comment = await client.post(
            f"/v1/metrics/indicators/{c}/comments",
            json={"body": "Include adults?"},
            headers=world.people["member_b"].headers,
        )
        comments = (await client.get(f"/v1/metrics/indicators/{c}/comments")).json()["items"]
        endorsed = await client.put(
            f"/v1/metrics/indicators/{c}/endorsements/{world.org_b}", headers=world.people["member_b"].headers
        )
        indicator = (await client.get(f"/v1/metrics/indicators/{c}")).json()

    assert other.status_code == 403
    assert comment.status_code == 201
    assert comments[0]["organisation_id"] == str(world.org_b) and "account_id" not in comments[0]
    assert endorsed.status_code == 204 and indicator["endorsements"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "Bad Code"}, "code"),
        ({"code": "good_code\n"}, "code"),  # stored, then its Location header failed the answer
        ({"value_type": "colour"}, "value_type"),
        ({"aggregation": "median"}, "aggregation"),
        ({"disaggregations": ["religion"]}, "disaggregations"),
        ({"sensitivity": "secret"}, "sensitivity"),
        ({"name": ""}, "name"),
        ({"extra": 1}, "extra"),
    ],
)
async def test_bad_indicators_are_field_errors(gateway_app: FastAPI, world: World, change: dict, field: str) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await client.post(
            "/v1/metrics/indicators",
            json={**CONTENT, "code": code(), **change},
            headers=world.people["member_a"].headers,
        )

    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_a_code_is_proposed_once(gateway_app: FastAPI, world: World) -> None:
    c = code()
    async with asgi_client(gateway_app, "http://gateway") as client:
        await client.post(
            "/v1/metrics/indicators", json={**CONTENT, "code": c}, headers=world.people["member_a"].headers
        )
        again = await client.post(
            "/v1/metrics/indicators", json={**CONTENT, "code": c}, headers=world.people["member_b"].headers
        )

    assert again.status_code == 409


async def test_the_starter_catalogue_is_adopted_marked_and_loaded_once(metrics_app: FastAPI) -> None:
    async with rolled_back(metrics_app):
        async with session_scope(metrics_app.state.sessionmaker) as session:
            first = await catalogue.load_starter(session, seed.starter_indicators())
            second = await catalogue.load_starter(session, seed.starter_indicators())
        async with session_scope(metrics_app.state.sessionmaker) as session:
            indicator, content, _ = await catalogue.current(session, "survivors_assisted")

    assert first >= 0 and second == 0
    assert len(seed.STARTER) >= 10
    assert indicator.status == "adopted" and indicator.starter is True
    assert content.sensitivity == "sensitive" and "sex" in content.disaggregations


async def test_an_organisation_cannot_endorse_its_own_proposal(gateway_app: FastAPI, world: World) -> None:
    code = world.indicators["proposed_by_a"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        own = await client.put(
            f"/v1/metrics/indicators/{code}/endorsements/{world.org_a}", headers=world.people["member_a"].headers
        )
        other = await client.put(
            f"/v1/metrics/indicators/{code}/endorsements/{world.org_b}", headers=world.people["member_b"].headers
        )

    assert own.status_code == 409, own.text
    assert other.status_code == 204, other.text


async def test_an_endorsement_with_if_match_holds_only_while_it_is_given(gateway_app: FastAPI, world: World) -> None:
    """An endorsement has no representation of its own: `*` says "while it is given", any other
    ETag matches nothing; without If-Match the PUT endorses as before."""
    indicator, member = world.indicators["proposed_by_a"], world.people["member_b"].headers
    path = f"/v1/metrics/indicators/{indicator}/endorsements/{world.org_b}"
    async with asgi_client(gateway_app, "http://gateway") as client:
        absent = await client.put(path, headers={**member, "If-Match": "*"})
        count_after_absent = (await client.get(f"/v1/metrics/indicators/{indicator}")).json()["endorsements"]
        given = await client.put(path, headers=member)
        named = await client.put(path, headers={**member, "If-Match": '"1"'})
        held = await client.put(path, headers={**member, "If-Match": "*"})
        count = (await client.get(f"/v1/metrics/indicators/{indicator}")).json()["endorsements"]

    assert absent.status_code == 412 and absent.headers["content-type"] == "application/problem+json"
    assert given.status_code == 204 and held.status_code == 204
    assert named.status_code == 412 and "If-Match: *" in named.json()["detail"]
    assert (count_after_absent, count) == (0, 1)
