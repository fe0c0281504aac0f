"""Collective-impact figures: each indicator's method, contributors, visibility and disclosure
control, against values computed by hand."""

import uuid
from collections.abc import AsyncIterator
from itertools import product
from typing import Any

import pytest
from fastapi import FastAPI

from services.metrics.clients import DirectoryClient
from services.metrics.service import rollups
from shared.db import session_scope
from shared.testing import asgi_client
from tests import factories
from tests.conftest import World
from tests.factories import adopted, report


async def get(app: FastAPI, headers: dict[str, str] | None = None, **params: Any) -> dict:
    """The figures, checked to be the same whether read from the observations (keys changed
    since their roll-up) or from refreshed roll-ups."""
    async with asgi_client(app, "http://gateway") as client:
        response = await client.get("/v1/metrics/aggregates", params=params, headers=headers or {})
        assert response.status_code == 200, response.text
        await rollups.refresh_all(METRICS["app"].state.sessionmaker)
        again = await client.get("/v1/metrics/aggregates", params=params, headers=headers or {})
    without_time = [{k: v for k, v in r.json().items() if k != "as_of"} for r in (response, again)]
    assert without_time[0] == without_time[1]
    return response.json()


METRICS: dict[str, FastAPI] = {}


@pytest.fixture(autouse=True)
def _metrics_app(metrics_app: FastAPI) -> None:
    METRICS["app"] = metrics_app


def cell(result: dict, **key: str) -> dict:
    return next(c for c in result["cells"] if all(c[k] == v for k, v in key.items()))


@pytest.fixture
async def sums(world: World, metrics_app: FastAPI) -> dict[str, Any]:
    """Four organisations report a count in Nepal, two in Peru; one Nepal value is private."""
    code = world.indicators["adopted"]
    orgs = [uuid.uuid4() for _ in range(5)]
    for org, value in zip(orgs[:4], (10, 20, 30, 40), strict=True):
        await report(metrics_app, org, indicator=code, country="NPL", period="2024", value=value, visibility="public")
    await report(metrics_app, orgs[4], indicator=code, country="NPL", period="2024", value=1000, visibility="private")
    await report(metrics_app, orgs[0], indicator=code, country="PER", period="2024", value=7, visibility="public")
    await report(metrics_app, orgs[1], indicator=code, country="PER", period="2024", value=8, visibility="public")
    return {"code": code, "orgs": orgs}


async def test_sums_by_country_with_contributors_and_suppression(gateway_app: FastAPI, sums: dict) -> None:
    result = await get(gateway_app, indicator=sums["code"], country=["NPL", "PER"], by="country")

    nepal, peru = cell(result, country="NPL"), cell(result, country="PER")
    assert peru["value"] is None and peru["status"] == "C" and "fewer than 3" in peru["note"]
    # Nepal would give Peru away (total minus Nepal), so it is hidden too; the total of all
    # organisations' work stays published, and the private 1,000 is not in it.
    assert nepal["value"] is None and nepal["status"] == "D" and nepal["contributors"] == 4
    assert result["totals"][0] == {**result["totals"][0], "value": "115", "status": "F", "contributors": 4}


@pytest.fixture
async def fresh_coverage(metrics_app: FastAPI) -> AsyncIterator[None]:
    """Counts of organisations per country are remembered for a while (see clients.py); a new
    client has none yet, as after that while, so organisations added by the test are counted."""
    remembering = metrics_app.state.directory
    metrics_app.state.directory = DirectoryClient(metrics_app.state.clients["directory"])
    yield
    metrics_app.state.directory = remembering


@pytest.mark.usefixtures("fresh_coverage")
async def test_published_figures_are_exact(gateway_app: FastAPI, directory_app: FastAPI, sums: dict) -> None:
    async with session_scope(directory_app.state.sessionmaker) as session:  # the world's rolled-back transaction
        for _ in range(8):
            await factories.organisation_in(session, "NPL")
    result = await get(gateway_app, indicator=sums["code"], country="NPL", by="country")

    nepal = cell(result, country="NPL")
    assert nepal["value"] == "100"  # 10 + 20 + 30 + 40; the private 1,000 is not in
    assert 0 < nepal["coverage"] <= 0.5  # 4 contributors among at least 8 organisations working in Nepal


async def test_an_organisation_sees_its_own_private_values_in_the_aggregate(
    gateway_app: FastAPI, world: World, metrics_app: FastAPI, sums: dict
) -> None:
    await report(
        metrics_app, world.org_a, indicator=sums["code"], country="NPL", period="2024", value=5, visibility="private"
    )
    own = await get(gateway_app, world.people["member_a"].headers, indicator=sums["code"], country="NPL")
    others = await get(gateway_app, world.people["member_b"].headers, indicator=sums["code"], country="NPL")

    assert cell(own, country="NPL")["value"] == "105"
    assert cell(others, country="NPL")["value"] == "100"


async def test_coalition_values_reach_only_its_members(
    gateway_app: FastAPI, world: World, metrics_app: FastAPI, sums: dict
) -> None:
    await report(
        metrics_app,
        world.org_a,
        indicator=sums["code"],
        country="NPL",
        period="2024",
        value=50,
        visibility="coalition",
        coalition_id=world.coalition,
    )
    # Organisation B is pending in the coalition, not active; organisation A is active.
    member = await get(gateway_app, world.people["member_b"].headers, indicator=sums["code"], country="NPL")
    anonymous = await get(gateway_app, indicator=sums["code"], country="NPL")

    assert cell(member, country="NPL")["value"] == "100"
    assert cell(anonymous, country="NPL")["value"] == "100"
    assert (
        cell(
            await get(gateway_app, world.people["admin_a"].headers, indicator=sums["code"], country="NPL"),
            country="NPL",
        )["value"]
        == "150"
    )


async def test_an_organisation_counts_once_however_many_of_its_values_a_figure_adds(
    gateway_app: FastAPI, world: World, metrics_app: FastAPI
) -> None:
    code = world.indicators["adopted"]
    for subdivision, visibility in (("NP-P1", "public"), ("NP-P2", "coalition"), ("NP-P3", "private")):
        await report(
            metrics_app,
            world.org_a,
            indicator=code,
            country="NPL",
            subdivision=subdivision,
            period="2024",
            value=100,
            visibility=visibility,
            coalition_id=world.coalition if visibility == "coalition" else None,
        )
    others = [uuid.uuid4(), uuid.uuid4()]
    for org, period in [*product(others, ("2023", "2024")), (world.org_b, "2023")]:
        await report(metrics_app, org, indicator=code, country="NPL", period=period, value=1, visibility="public")
    # Organisation A's public, coalition and own private values are three partials of one cell.
    own = await get(gateway_app, world.people["admin_a"].headers, indicator=code, country="NPL", by="country,period")
    anonymous = await get(gateway_app, indicator=code, country="NPL", by="country,period")

    assert cell(own, period="2024") == {**cell(own, period="2024"), "value": "302", "contributors": 3}
    assert cell(anonymous, period="2024") == {**cell(anonymous, period="2024"), "value": "102", "contributors": 3}
    # Over both years: A, the two others (in both years) and B.
    assert {(t["country"], t["period"]): t["contributors"] for t in own["totals"]}[("NPL", None)] == 4


@pytest.mark.parametrize(
    ("aggregation", "weights", "expected"),
    [
        ("mean", None, "25"),
        ("min", None, "10"),
        ("max", None, "40"),
        ("weighted_mean", [1, 1, 1, 7], "34"),
    ],
)
async def test_each_indicator_uses_its_own_method(
    gateway_app: FastAPI, world: World, metrics_app: FastAPI, aggregation: str, weights: list | None, expected: str
) -> None:
    code = await adopted(metrics_app, aggregation=aggregation, value_type="amount")
    for i, value in enumerate((10, 20, 30, 40)):
        extra = {"weight": weights[i]} if weights else {}
        await report(
            metrics_app,
            uuid.uuid4(),
            indicator=code,
            country="NPL",
            period="2024",
            value=value,
            visibility="public",
            **extra,
        )
    result = await get(gateway_app, indicator=code, country="NPL")

    assert cell(result, country="NPL")["value"] == expected
    assert cell(result, country="NPL")["contributors"] == 4


async def test_latest_takes_the_most_recent_period(gateway_app: FastAPI, metrics_app: FastAPI, world: World) -> None:
    code = await adopted(metrics_app, aggregation="latest", value_type="amount")
    orgs = [uuid.uuid4() for _ in range(3)]
    for org, (period, value) in zip(orgs, [("2022", 1), ("2024", 9), ("2023", 5)], strict=True):
        await report(metrics_app, org, indicator=code, country="NPL", period=period, value=value, visibility="public")
    result = await get(gateway_app, indicator=code, country="NPL", by="country")

    assert cell(result, country="NPL")["value"] == "9"


async def test_time_series_and_breakdowns(gateway_app: FastAPI, metrics_app: FastAPI, world: World) -> None:
    code = world.indicators["adopted"]
    for year, base in (("2023", 10), ("2024", 20)):
        for i in range(3):
            for sex, extra in (("female", 1), ("male", 2)):
                await report(
                    metrics_app,
                    uuid.UUID(int=i + 1),
                    indicator=code,
                    country="NPL",
                    period=year,
                    disaggregation={"sex": sex},
                    value=base + extra,
                    visibility="public",
                )
    series = await get(gateway_app, indicator=code, country="NPL", by="period,sex")

    assert cell(series, period="2023", sex="female")["value"] == "33"
    assert cell(series, period="2024", sex="male")["value"] == "66"
    assert {(t["period"], t["sex"]): t["value"] for t in series["totals"]}[("2024", None)] == "129"
    assert {(t["period"], t["sex"]): t["value"] for t in series["totals"]}[(None, None)] == "198"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"indicator": "no_such_thing"}, "indicator"),
        ({"by": "colour"}, "by"),
        ({"by": "country,period,sex"}, "by"),
        ({"period": "2024-Q1"}, "period"),
        ({"country": "XXX"}, "country"),
        ({"region": "Atlantis"}, "region"),
    ],
)
async def test_bad_aggregate_requests_are_field_errors(
    gateway_app: FastAPI, world: World, params: dict, field: str
) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await client.get(
            "/v1/metrics/aggregates", params={"indicator": world.indicators["adopted"], **params}
        )

    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_exports_carry_exactly_what_the_api_publishes(gateway_app: FastAPI, sums: dict) -> None:
    params = {"indicator": sums["code"], "country": ["NPL", "PER"], "by": "country"}
    async with asgi_client(gateway_app, "http://gateway") as client:
        api = (await client.get("/v1/metrics/aggregates", params=params)).json()
        as_json = (await client.get("/v1/metrics/exports/aggregates.json", params=params)).json()
        as_csv = (await client.get("/v1/metrics/exports/aggregates.csv", params=params)).text
        sdmx = await client.get("/v1/metrics/exports/aggregates.sdmx.csv", params=params)

    assert as_json["cells"] == api["cells"] and as_json["totals"] == api["totals"]
    lines = as_csv.splitlines()
    assert lines[0].startswith("indicator,indicator_version,country,value")
    assert any(line.split(",")[2] == "PER" and line.split(",")[3] == "" for line in lines[1:])  # hidden stays hidden
    assert "1000" not in as_csv and "1000" not in sdmx.text  # the private value never leaves
    rows = sdmx.text.splitlines()
    assert rows[0] == "DATAFLOW,INDICATOR,REF_AREA,OBS_VALUE,UNIT_MEASURE,OBS_CONF,CONTRIBUTORS"
    assert any(",PER,,people,C," in r for r in rows) and any(",_T,115,people,F," in r for r in rows)
    assert sdmx.headers["content-type"].startswith("application/vnd.sdmx.data+csv")
