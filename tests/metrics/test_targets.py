import uuid

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from services.metrics.models.targets import Target
from services.metrics.targets import service as targets
from services.metrics.targets.schemas import TargetWrite
from shared.db import session_scope
from shared.errors import PreconditionFailed
from shared.identity import Identity
from tests import factories, races
from tests.conftest import World
from tests.factories import report
from tests.support.apps import asgi_client


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


async def test_progress_from_baseline_to_target(gateway_app: FastAPI, metrics_app: FastAPI, world: World) -> None:
    code = world.indicators["adopted"]
    orgs = [uuid.uuid4() for _ in range(3)]
    for year, values in (("2022", (10, 10, 10)), ("2024", (20, 20, 20))):
        for org, value in zip(orgs, values, strict=True):
            await report(metrics_app, org, indicator=code, country="NPL", period=year, value=value, visibility="public")
    await report(metrics_app, orgs[0], indicator=code, country="NPL", period="2025", value=99, visibility="public")
    async with asgi_client(gateway_app, "http://gateway") as client:
        target = await client.put(
            f"/v1/metrics/targets/{code}/NPL",
            json={
                "baseline_period": "2020",
                "baseline_value": 0,
                "target_period": "2030",
                "target_value": 120,
                "note": "National action plan.",
            },
            headers=world.people["platform_admin"].headers,
        )
        progress = (await client.get(f"/v1/metrics/targets/{code}/NPL/progress")).json()
        figures = (
            await client.get("/v1/metrics/aggregates", params={"indicator": code, "country": "NPL", "by": "period"})
        ).json()
        listed = (await client.get("/v1/metrics/targets", params={"indicator": code})).json()["items"]

    assert target.status_code == 200 and target.json()["country"] == "NPL"
    assert progress["latest_period"] == "2024"  # 2025 has one contributor: not published
    # 20 + 20 + 20, each with noise of at most 3 (docs/privacy.md), and progress from that figure
    latest = float(progress["latest_value"])
    assert abs(latest - 60) <= 3 * 3 + 0.5
    assert progress["progress_percent"] == round(latest / 120 * 100, 1)
    assert [(c["period"], c["status"]) for c in progress["series"]] == [("2022", "F"), ("2024", "F"), ("2025", "C")]
    assert [t["country"] for t in listed] == ["NPL"]
    assert progress["series"] == figures["cells"]  # the same figures as the aggregates answer


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"baseline_period": "2030", "target_period": "2020"}, "body"),
        ({"baseline_period": "2020", "target_period": "2030-Q1"}, "body"),
        ({"baseline_period": "20xx"}, "baseline_period"),
        ({"target_value": "lots"}, "target_value"),
        ({"target_value": "1e16"}, "target_value"),
        ({"baseline_value": "-1e999"}, "baseline_value"),
        ({"target_value": "1e-400"}, "target_value"),  # a progress share of 10^402 percent
    ],
)
async def test_bad_targets_are_field_errors(gateway_app: FastAPI, world: World, body: dict, field: str) -> None:
    full = {"baseline_period": "2020", "baseline_value": 0, "target_period": "2030", "target_value": 10, **body}
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await client.put(
            f"/v1/metrics/targets/{world.indicators['adopted']}/NPL",
            json=full,
            headers=world.people["platform_admin"].headers,
        )

    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_targets_need_an_adopted_indicator_and_a_real_country(gateway_app: FastAPI, world: World) -> None:
    body = {"baseline_period": "2020", "baseline_value": 0, "target_period": "2030", "target_value": 10}
    async with asgi_client(gateway_app, "http://gateway") as client:
        proposed = await client.put(
            f"/v1/metrics/targets/{world.indicators['proposed_by_a']}/NPL",
            json=body,
            headers=world.people["platform_admin"].headers,
        )
        nowhere = await client.put(
            f"/v1/metrics/targets/{world.indicators['adopted']}/QQQ",
            json=body,
            headers=world.people["platform_admin"].headers,
        )
        missing = await client.get(f"/v1/metrics/targets/{world.indicators['adopted']}/PER/progress")

    assert proposed.status_code == 422 and proposed.json()["errors"][0]["field"] == "indicator"
    assert nowhere.status_code == 422 and nowhere.json()["errors"][0]["field"] == "country"
    assert missing.status_code == 404


async def test_the_second_of_two_first_target_puts_replaces_the_first(metrics_app: FastAPI) -> None:
    code = await factories.adopted(metrics_app, prefix="race")
    admin = Identity(kind="account", account_id=uuid.uuid4(), platform_admin=True)
    notes = iter(("first", "second"))

    async def first_put(session: AsyncSession) -> str:
        data = TargetWrite(
            baseline_period="2020", baseline_value=0, target_period="2030", target_value=10, note=next(notes)
        )
        return (await targets.put(session, metrics_app.state.directory, admin, code, "NPL", data)).note

    assert await races.first_writes(metrics_app.state.sessionmaker, first_put) == ("first", "second")
    async with session_scope(metrics_app.state.sessionmaker) as session:
        assert (await session.get(Target, (code, "NPL"))).note == "second"  # type: ignore[union-attr]


def _target(note: str) -> dict[str, object]:
    return {"baseline_period": "2020", "baseline_value": 0, "target_period": "2030", "target_value": 10, "note": note}


async def test_a_target_is_replaced_only_from_the_state_its_etag_names(gateway_app: FastAPI, world: World) -> None:
    code, admin = world.indicators["adopted"], world.people["platform_admin"].headers
    path = f"/v1/metrics/targets/{code}"
    async with asgi_client(gateway_app, "http://gateway") as client:
        absent = await client.put(f"{path}/KEN", json=_target("new"), headers={**admin, "If-Match": "*"})
        first = await client.put(f"{path}/KEN", json=_target("first"), headers=admin)
        second = await client.put(
            f"{path}/KEN", json=_target("second"), headers={**admin, "If-Match": first.headers["etag"]}
        )
        stale = await client.put(
            f"{path}/KEN", json=_target("stale"), headers={**admin, "If-Match": first.headers["etag"]}
        )
        again = await client.put(
            f"{path}/KEN", json=_target("third"), headers={**admin, "If-Match": f'"x", {second.headers["etag"]}'}
        )
        listed = (await client.get("/v1/metrics/targets", params={"indicator": code, "country": "KEN"})).json()

    assert absent.status_code == 412 and absent.headers["content-type"] == "application/problem+json"
    assert first.status_code == 200 and first.headers["etag"].startswith('"')
    assert second.status_code == 200 and second.headers["etag"] != first.headers["etag"]
    assert stale.status_code == 412 and second.headers["etag"] in stale.json()["detail"]
    assert again.status_code == 200
    assert [t["note"] for t in listed["items"]] == ["third"]


async def test_of_two_target_puts_with_the_same_etag_one_wins(metrics_app: FastAPI) -> None:
    code = await factories.adopted(metrics_app, prefix="race")
    admin = Identity(kind="account", account_id=uuid.uuid4(), platform_admin=True)
    async with session_scope(metrics_app.state.sessionmaker) as session:
        read = await targets.put(session, metrics_app.state.directory, admin, code, "NPL", TargetWrite(**_target("0")))
        etag = targets.etag(read)
    notes = iter(("first", "second"))

    async def put(session: AsyncSession) -> str:
        data = TargetWrite(**_target(next(notes)))
        return (await targets.put(session, metrics_app.state.directory, admin, code, "NPL", data, etag)).note

    first, second = await races.first_writes(metrics_app.state.sessionmaker, put)
    assert first == "first" and isinstance(second, PreconditionFailed)
    async with session_scope(metrics_app.state.sessionmaker) as session:
        assert (await session.get(Target, (code, "NPL"))).note == "first"  # type: ignore[union-attr]
