import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics.observations import service as observations
from services.metrics.observations.schemas import ObservationWrite
from shared.db import session_scope
from shared.errors import PreconditionFailed
from shared.identity import Identity
from tests import factories, races
from tests.conftest import World
from tests.support.apps import asgi_client


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


def observation(world: World, **change: Any) -> dict[str, Any]:
    return {
        "indicator": world.indicators["adopted"],
        "country": "NPL",
        "period": "2024-Q2",
        "disaggregation": {"sex": "female"},
        "value": 12,
        **change,
    }


async def test_reporting_again_revises_and_keeps_the_history(gateway_app: FastAPI, world: World) -> None:
    member = world.people["member_a"]
    path = f"/v1/metrics/organisations/{world.org_a}/observations"
    async with asgi_client(gateway_app, "http://gateway") as client:
        created = await client.put(path, json=observation(world), headers=member.headers)
        same = await client.put(path, json=observation(world), headers=member.headers)
        revised = await client.put(
            path,
            json=observation(world, value=15, status="final"),
            headers={**member.headers, "X-Request-ID": "obs-revision-0001"},
        )
        other_key = await client.put(
            path, json=observation(world, disaggregation={"sex": "male"}), headers=member.headers
        )
        history = (await client.get(f"{path}/{created.json()['id']}/history", headers=member.headers)).json()["items"]
        listed = (await client.get(path, headers=member.headers)).json()
        outsider = await client.get(f"{path}/{created.json()['id']}/history", headers=world.people["member_b"].headers)

    assert created.status_code == 201 and created.headers["x-outcome"] == "created"
    assert created.json()["period_start"] == "2024-04-01" and created.json()["period_end"] == "2024-06-30"
    assert same.status_code == 200 and same.headers["x-outcome"] == "unchanged" and same.json()["revision"] == 1
    assert revised.headers["x-outcome"] == "updated" and revised.json()["revision"] == 2
    assert revised.json()["id"] == created.json()["id"]
    assert other_key.status_code == 201
    assert [(h["revision"], float(h["value"]), h["status"]) for h in history] == [
        (1, 12.0, "provisional"),
        (2, 15.0, "final"),
    ]
    assert history[1]["changed_by"] == str(member.account_id) and history[1]["request_id"] == "obs-revision-0001"
    assert len(listed["items"]) == 2
    assert outsider.status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"value": -1}, "value"),
        ({"value": 2.5}, "value"),
        ({"value": 1e16}, "value"),
        ({"value": "1e999"}, "value"),
        ({"weight": "-1e16"}, "weight"),
        ({"period": "2024-13"}, "period"),
        ({"period": "2024-Q5"}, "period"),
        ({"period": "24"}, "period"),
        ({"period": "2023\n"}, "period"),  # a second 2023 beside the first, which broke every figure of it
        ({"period": "２０２３"}, "period"),
        ({"country": "XXX"}, "country"),
        ({"country": "Nepal"}, "country"),
        ({"disaggregation": {"religion": "x"}}, "disaggregation.religion"),
        ({"disaggregation": {"sex": "robot"}}, "disaggregation.sex"),
        ({"indicator": "no_such_indicator"}, "indicator"),
        ({"visibility": "coalition"}, "body"),
        ({"visibility": "secret"}, "visibility"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_bad_observations_are_field_errors(gateway_app: FastAPI, world: World, change: dict, field: str) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await client.put(
            f"/v1/metrics/organisations/{world.org_a}/observations",
            json=observation(world, **change),
            headers=world.people["member_a"].headers,
        )

    assert response.status_code == 422, response.text
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_only_adopted_indicators_take_observations(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await client.put(
            f"/v1/metrics/organisations/{world.org_a}/observations",
            json=observation(world, indicator=world.indicators["proposed_by_a"]),
            headers=world.people["member_a"].headers,
        )

    assert response.status_code == 422
    assert "proposed" in response.json()["errors"][0]["reason"]


async def test_coalition_visibility_needs_membership(gateway_app: FastAPI, world: World) -> None:
    path = f"/v1/metrics/organisations/{world.org_a}/observations"
    async with asgi_client(gateway_app, "http://gateway") as client:
        member_of = await client.put(
            path,
            json=observation(world, visibility="coalition", coalition_id=str(world.coalition)),
            headers=world.people["member_a"].headers,
        )
        not_member = await client.put(
            path,
            json=observation(world, period="2023", visibility="coalition", coalition_id=str(world.other_coalition)),
            headers=world.people["member_a"].headers,
        )

    assert member_of.status_code == 201
    assert not_member.status_code == 422 and not_member.json()["errors"][0]["field"] == "coalition_id"


async def test_platform_admins_neither_report_for_an_organisation_nor_read_its_values(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    """An organisation submits data only for itself, and its private values never leave it:
    a platform admin's key is refused for another organisation's observations and endorsements."""
    admin = world.people["platform_admin"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        reported = await client.put(
            f"/v1/metrics/organisations/{world.org_b}/observations", json=observation(world), headers=admin
        )
        endorsed = await client.put(
            f"/v1/metrics/indicators/{world.indicators['adopted']}/endorsements/{world.org_b}", headers=admin
        )
        listed = await client.get(f"/v1/metrics/organisations/{world.org_a}/observations", headers=admin)

    for refused in (reported, endorsed, listed):
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
    async with session_scope(metrics_app.state.sessionmaker) as session:
        written = await session.scalar(
            text("SELECT count(*) FROM metrics.observations WHERE organisation_id = :org"), {"org": world.org_b}
        )
    assert written == 0


async def test_the_second_of_two_first_reports_of_a_key_is_an_update(metrics_app: FastAPI) -> None:
    """Committed for real, on two connections: both writers find no row for the key, the second
    one's insert waits on the first's and then finds it taken; it revises the first's value."""
    code, org = await factories.adopted(metrics_app, prefix="race"), uuid.uuid4()
    caller = Identity(kind="account", account_id=uuid.uuid4(), organisation_id=org, org_role="member")
    values = iter((5, 6))

    async def first_report(session: AsyncSession) -> str:
        data = ObservationWrite(indicator=code, country="NPL", period="2024", value=next(values), visibility="public")
        _, outcome = await observations.upsert(session, metrics_app.state.directory, caller, org, data)
        return outcome

    outcomes = await races.first_writes(metrics_app.state.sessionmaker, first_report)

    assert outcomes == ("created", "updated")
    async with session_scope(metrics_app.state.sessionmaker) as session:
        rows = await session.execute(
            text(
                "SELECT revision, value::text FROM metrics.observations WHERE organisation_id = :org UNION ALL "
                "SELECT r.revision, r.value::text FROM metrics.observation_revisions r "
                "JOIN metrics.observations o ON o.id = r.observation_id WHERE o.organisation_id = :org ORDER BY 1"
            ),
            {"org": org},
        )
        assert [tuple(r) for r in rows] == [(1, "5"), (2, "6")]


async def test_a_value_is_revised_only_from_the_state_its_etag_names(gateway_app: FastAPI, world: World) -> None:
    member = world.people["member_a"].headers
    path = f"/v1/metrics/organisations/{world.org_a}/observations"
    key = {"period": "2023-Q1"}
    async with asgi_client(gateway_app, "http://gateway") as client:
        absent = await client.put(path, json=observation(world, **key), headers={**member, "If-Match": "*"})
        created = await client.put(path, json=observation(world, **key), headers=member)
        revised = await client.put(
            path, json=observation(world, value=13, **key), headers={**member, "If-Match": created.headers["etag"]}
        )
        stale = await client.put(
            path, json=observation(world, value=14, **key), headers={**member, "If-Match": created.headers["etag"]}
        )
        listed = (await client.get(path, headers=member, params={"country": "NPL"})).json()["items"]

    assert absent.status_code == 412 and absent.headers["content-type"] == "application/problem+json"
    assert created.status_code == 201 and created.headers["etag"].startswith('"')
    assert revised.status_code == 200 and revised.headers["etag"] not in (None, created.headers["etag"])
    assert stale.status_code == 412 and revised.headers["etag"] in stale.json()["detail"]
    assert [(o["period"], float(o["value"]), o["revision"]) for o in listed] == [("2023-Q1", 13.0, 2)]


async def test_of_two_revisions_sent_with_the_same_etag_one_wins(metrics_app: FastAPI) -> None:
    code, org = await factories.adopted(metrics_app, prefix="race"), uuid.uuid4()
    caller = Identity(kind="account", account_id=uuid.uuid4(), organisation_id=org, org_role="member")
    values = iter((5, 6, 7))

    def data() -> ObservationWrite:
        return ObservationWrite(indicator=code, country="NPL", period="2024", value=next(values), visibility="public")

    async with session_scope(metrics_app.state.sessionmaker) as session:
        read, _ = await observations.upsert(session, metrics_app.state.directory, caller, org, data())
        etag = observations.etag(read)

    async def revise(session: AsyncSession) -> str:
        _, outcome = await observations.upsert(session, metrics_app.state.directory, caller, org, data(), etag)
        return outcome

    first, second = await races.first_writes(metrics_app.state.sessionmaker, revise)
    assert first == "updated" and isinstance(second, PreconditionFailed)
    async with session_scope(metrics_app.state.sessionmaker) as session:
        value = await session.scalar(
            text("SELECT value::text FROM metrics.observations WHERE organisation_id = :org"), {"org": org}
        )
    assert value == "6"
