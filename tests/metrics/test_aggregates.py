"""Collective-impact figures: each indicator's method, contributors, visibility, breakdowns and
periods counted in coarser figures, against values computed by hand. Published figures carry
the cell-key noise, so values are checked against the documented bound (docs/privacy.md)."""

import csv
import io
import uuid
from collections.abc import AsyncIterator
from itertools import product
from typing import Any

import pytest
from fastapi import FastAPI

from services.metrics.clients import DirectoryClient
from services.metrics.exports.sdmx import unit_code
from services.metrics.rollups import service as rollups
from shared.db import session_scope
from tests import factories
from tests.conftest import World
from tests.factories import adopted, report
from tests.support.apps import asgi_client


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


async def get(app: FastAPI, headers: dict[str, str] | None = None, **params: Any) -> dict:
    """The figures, checked to be the same whether read from the observations (keys changed
    since their roll-up) or from refreshed roll-ups; each read asks past the gateway's cache."""
    headers = {"Cache-Control": "no-cache", **(headers or {})}
    async with asgi_client(app, "http://gateway") as client:
        response = await client.get("/v1/metrics/aggregates", params=params, headers=headers)
        assert response.status_code == 200, response.text
        await rollups.refresh_all(METRICS["app"].state.sessionmaker)
        again = await client.get("/v1/metrics/aggregates", params=params, headers=headers)
    without_time = [{k: v for k, v in r.json().items() if k != "as_of"} for r in (response, again)]
    assert without_time[0] == without_time[1]
    return response.json()


METRICS: dict[str, FastAPI] = {}


@pytest.fixture(autouse=True)
def _metrics_app(metrics_app: FastAPI) -> None:
    METRICS["app"] = metrics_app


def cell(result: dict, **key: str) -> dict:
    return next(c for c in result["cells"] if all(c[k] == v for k, v in key.items()))


def total(result: dict, **key: str | None) -> dict:
    return next(t for t in result["totals"] if all(t[k] == v for k, v in key.items()))


def near(figure: dict, parts: list[float], whole: bool = True) -> None:
    """A published figure: within the noise bound of its true value (the sum of its contributing
    organisations' `parts`, each carrying noise of at most 15% of itself, at least 2 for whole
    numbers), with its contributor count off by at most one."""
    assert figure["status"] == "F", figure
    truth = sum(parts)
    bound = sum(max(0.15 * abs(p), 2 if whole else 0) for p in parts)
    value = float(figure["value"])
    assert abs(value - truth) <= bound + 0.5, (value, truth, bound)
    assert abs(figure["contributors"] - len(parts)) <= 1 and figure["contributors"] >= 3


def hidden(figure: dict) -> None:
    """A hidden figure says it is confidential and nothing else."""
    assert {k: figure[k] for k in ("value", "status", "contributors", "coverage")} == {
        "value": None,
        "status": "C",
        "contributors": None,
        "coverage": None,
    }


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


async def test_a_small_cell_is_hidden_with_nothing_that_narrows_it(gateway_app: FastAPI, sums: dict) -> None:
    result = await get(gateway_app, indicator=sums["code"], country=["NPL", "PER"], by="country")

    hidden(cell(result, country="PER"))
    near(cell(result, country="NPL"), [10, 20, 30, 40])  # the private 1,000 is not in it
    # No total over a chosen list of countries: it would be a new figure to subtract from.
    assert result["totals"] == []
    assert result["disclosure"]["min_contributors"] == 3


async def test_an_answer_is_kept_only_while_its_observations_stay_the_same(
    gateway_app: FastAPI, metrics_app: FastAPI, sums: dict
) -> None:
    """Answers are kept by what they were computed from: a new report, even one written in the
    same transaction as the first question, is in the next answer."""
    code, orgs = sums["code"], sums["orgs"]
    before = cell(await get(gateway_app, indicator=code, country="NPL", by="country"), country="NPL")
    await report(metrics_app, orgs[3], indicator=code, country="NPL", period="2024", value=4000, visibility="public")
    after = cell(await get(gateway_app, indicator=code, country="NPL", by="country"), country="NPL")
    await report(metrics_app, orgs[3], indicator=code, country="NPL", period="2024", value=40, visibility="public")
    back = cell(await get(gateway_app, indicator=code, country="NPL", by="country"), country="NPL")

    near(before, [10, 20, 30, 40])
    near(after, [10, 20, 30, 4000])
    assert back == before  # the same contributions again: the same figure


async def test_a_region_has_its_total(gateway_app: FastAPI, sums: dict) -> None:
    nepal = await get(gateway_app, indicator=sums["code"], country="NPL")
    region = await get(gateway_app, indicator=sums["code"], region="Asia", by="country")

    assert cell(region, country="NPL") == cell(nepal, country="NPL")  # the same figure, the same noise
    near(total(region, country=None), [10, 20, 30, 40])


@pytest.fixture
async def fresh_coverage(metrics_app: FastAPI) -> AsyncIterator[None]:
    """Counts of organisations per country are remembered for a while (see clients.py); a new
    client has none yet, as after that while, so organisations added by the test are counted."""
    remembering = metrics_app.state.directory
    metrics_app.state.directory = DirectoryClient(metrics_app.state.clients["directory"])
    yield
    metrics_app.state.directory = remembering


@pytest.mark.usefixtures("fresh_coverage")
async def test_coverage_of_a_published_figure(gateway_app: FastAPI, directory_app: FastAPI, sums: dict) -> None:
    async with session_scope(directory_app.state.sessionmaker) as session:  # the world's rolled-back transaction
        for _ in range(8):
            await factories.organisation_in(session, "NPL")
    nepal = cell(await get(gateway_app, indicator=sums["code"], country="NPL", by="country"), country="NPL")

    assert 0 < nepal["coverage"] <= 5 / 8  # 4 contributors (shown as 3 to 5) among at least 8 organisations


async def test_own_private_values_are_shown_beside_the_figure_and_never_decide_it(
    gateway_app: FastAPI, world: World, metrics_app: FastAPI, sums: dict
) -> None:
    code = sums["code"]
    await report(metrics_app, world.org_a, indicator=code, country="NPL", period="2024", value=5, visibility="private")
    # Peru has two contributors: organisation A's private value does not make it a third.
    await report(metrics_app, world.org_a, indicator=code, country="PER", period="2024", value=3, visibility="private")
    own = await get(gateway_app, world.people["member_a"].headers, indicator=code, country=["NPL", "PER"])
    others = await get(gateway_app, world.people["member_b"].headers, indicator=code, country=["NPL", "PER"])

    assert cell(own, country="NPL")["own"] == "5" and cell(others, country="NPL")["own"] is None
    assert {k: v for k, v in cell(own, country="NPL").items() if k != "own"} == {
        k: v for k, v in cell(others, country="NPL").items() if k != "own"
    }
    hidden(cell(own, country="PER"))
    assert cell(own, country="PER")["own"] == "3"


async def test_coalition_values_stay_out_of_public_figures(
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
    anonymous = await get(gateway_app, indicator=sums["code"], country="NPL")
    member = await get(gateway_app, world.people["admin_a"].headers, indicator=sums["code"], country="NPL")

    near(cell(anonymous, country="NPL"), [10, 20, 30, 40])
    assert cell(member, country="NPL")["value"] == cell(anonymous, country="NPL")["value"]
    assert cell(member, country="NPL")["own"] == "50"


async def test_an_organisation_counts_once_however_many_of_its_values_a_figure_adds(
    gateway_app: FastAPI, world: World, metrics_app: FastAPI
) -> None:
    code = world.indicators["adopted"]
    for subdivision, visibility in (("NP-P1", "public"), ("NP-P2", "public"), ("NP-P3", "private")):
        await report(
            metrics_app,
            world.org_a,
            indicator=code,
            country="NPL",
            subdivision=subdivision,
            period="2024",
            value=100,
            visibility=visibility,
        )
    others = [uuid.uuid4(), uuid.uuid4()]
    for org, period in [*product(others, ("2023", "2024")), (world.org_b, "2023")]:
        await report(metrics_app, org, indicator=code, country="NPL", period=period, value=1, visibility="public")
    result = await get(gateway_app, indicator=code, country="NPL", by="country,period")

    near(cell(result, period="2024"), [200, 1, 1])  # A's two public subdivisions (its 200), the two others
    near(total(result, country="NPL", period=None), [200, 2, 2, 1])  # both years: A, the two others, B


async def test_a_country_value_wins_over_the_same_organisations_subdivisions(
    gateway_app: FastAPI, world: World, metrics_app: FastAPI
) -> None:
    code = await adopted(metrics_app)
    orgs = [uuid.uuid4() for _ in range(3)]
    for org in orgs:
        await report(metrics_app, org, indicator=code, country="NPL", period="2024", value=40, visibility="public")
        await report(
            metrics_app, org, indicator=code, country="NPL", subdivision="NP-P1", period="2024", value=30,
            visibility="public",
        )  # fmt: skip
    near(cell(await get(gateway_app, indicator=code, country="NPL"), country="NPL"), [40, 40, 40])


@pytest.mark.parametrize(
    ("aggregation", "weights", "truth", "largest", "single"),
    [
        ("mean", None, 25, 40, False),
        ("min", None, 10, 10, True),
        ("max", None, 40, 40, True),
        ("weighted_mean", [1, 1, 1, 7], 34, 280, False),
    ],
)
async def test_each_indicator_uses_its_own_method(
    gateway_app: FastAPI,
    world: World,
    metrics_app: FastAPI,
    aggregation: str,
    weights: list | None,
    truth: float,
    largest: float,
    single: bool,
) -> None:
    code = await adopted(metrics_app, aggregation=aggregation, value_type="amount")
    for i, value in enumerate((10, 20, 30, 40)):
        extra = {"weight": weights[i]} if weights else {}
        await report(
            metrics_app, uuid.uuid4(), indicator=code, country="NPL", period="2024", value=value, visibility="public",
            **extra,
        )  # fmt: skip
    figure = cell(await get(gateway_app, indicator=code, country="NPL"), country="NPL")

    value = float(figure["value"])
    # Each contribution's noise: at most 15% of it, at least 2 units; a weighted mean's weights
    # carry noise too (at most 15% of each, at least the smaller of 2 and half of it).
    values, w = [10, 20, 30, 40], weights or [1, 1, 1, 1]
    numerator = sum(max(0.15 * v * x, 2 * x) for v, x in zip(values, w, strict=True))
    divisor = sum(max(0.15 * x, min(2, x / 2)) for x in w) if weights else 0
    total = sum(w) if weights else len(values)
    bound = 0.15 * largest + 2 if single else (numerator + truth * divisor) / (total - divisor)
    assert abs(value - truth) <= bound + 0.02


async def test_latest_sums_the_most_recent_period_with_values(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    code = await adopted(metrics_app, aggregation="latest", value_type="count")
    orgs = [uuid.uuid4() for _ in range(4)]
    for org, (period, value) in zip(orgs, [("2023", 100), ("2024", 9), ("2024", 10), ("2024", 11)], strict=True):
        await report(metrics_app, org, indicator=code, country="NPL", period=period, value=value, visibility="public")
    result = await get(gateway_app, indicator=code, country="NPL", by="period")

    hidden(cell(result, period="2023"))
    near(cell(result, period="2024"), [9, 10, 11])
    # Over every period, the latest is 2024's: the same contributions, so the same figure.
    assert {k: v for k, v in total(result, period=None).items() if k != "period"} == {
        k: v for k, v in cell(result, period="2024").items() if k != "period"
    }


async def by_sex(metrics_app: FastAPI, code: str, orgs: list[uuid.UUID], period: str = "2024") -> None:
    for i, org in enumerate(orgs):
        for sex, value in (("female", 10 + i), ("male", 20 + i)):
            await report(
                metrics_app, org, indicator=code, country="NPL", period=period, disaggregation={"sex": sex},
                value=value, visibility="public",
            )  # fmt: skip


async def test_values_by_breakdown_count_in_the_total_whichever_breakdown_is_asked(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    code = world.indicators["adopted"]
    await by_sex(metrics_app, code, [uuid.uuid4() for _ in range(4)])
    by_period = await get(gateway_app, indicator=code, country="NPL", by="period")
    sexes = await get(gateway_app, indicator=code, country="NPL", by="sex")
    countries = await get(gateway_app, indicator=code, country="NPL", by="country")

    near(cell(by_period, period="2024"), [30, 32, 34, 36])
    figure = {k: v for k, v in cell(by_period, period="2024").items() if k != "period"}
    assert {k: v for k, v in total(sexes, sex=None).items() if k != "sex"} == figure
    assert {k: v for k, v in cell(countries, country="NPL").items() if k not in ("country", "coverage")} == {
        k: v for k, v in figure.items() if k != "coverage"
    }
    near(cell(sexes, sex="female"), [10, 11, 12, 13])


async def test_a_total_and_its_breakdown_count_once_with_the_rest_not_stated(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    code = world.indicators["adopted"]
    orgs = [uuid.uuid4() for _ in range(4)]
    await by_sex(metrics_app, code, orgs[:3])  # 10+20, 11+21, 12+22
    for org in orgs:  # every one also gives a total; the last gives only its total
        await report(metrics_app, org, indicator=code, country="NPL", period="2024", value=50, visibility="public")
    sexes = await get(gateway_app, indicator=code, country="NPL", by="sex")

    near(total(sexes, sex=None), [50, 50, 50, 50])  # four totals, each counted once
    near(cell(sexes, sex="female"), [10, 11, 12])
    near(cell(sexes, sex="_U"), [50 - 30, 50 - 32, 50 - 34, 50])  # what the breakdowns leave out of the totals


async def test_months_count_in_their_quarter_and_year_unless_the_year_was_given(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    code = world.indicators["adopted"]
    orgs = [uuid.uuid4() for _ in range(4)]
    for org in orgs:
        for month in ("2024-01", "2024-02", "2024-05"):
            await report(metrics_app, org, indicator=code, country="NPL", period=month, value=10, visibility="public")
    await report(metrics_app, orgs[0], indicator=code, country="NPL", period="2024", value=100, visibility="public")
    quarters = await get(gateway_app, indicator=code, country="NPL", by="period", granularity="quarter")
    year = await get(gateway_app, indicator=code, country="NPL", by="period")

    near(cell(quarters, period="2024-Q1"), [20, 20, 20, 20])
    near(cell(quarters, period="2024-Q2"), [10, 10, 10, 10])
    near(cell(year, period="2024"), [100, 30, 30, 30])  # the first organisation's year is its own total


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"indicator": "no_such_thing"}, "indicator"),
        ({"indicator": "x" * 65}, "query.indicator"),  # refused by the parameters' own validation
        ({"granularity": "week"}, "query.granularity"),
        ({"by": "colour"}, "by"),
        ({"by": "country,period,sex"}, "by"),
        ({"by": "period,period"}, "by"),
        ({"period": "2024-Q1"}, "period"),
        ({"period": "2024\n"}, "period"),
        ({"period": "２０２４"}, "period"),  # digits, but not ASCII ones
        ({"country": "XXX"}, "country"),
        ({"region": "Atlantis"}, "region"),
        ({"country": ["NPL", "IND"], "by": "period"}, "country"),
        ({"period": ["2023", "2024"], "by": "country"}, "period"),
        ({"country": "NPL", "region": "Asia"}, "region"),
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
    params = {"indicator": sums["code"], "region": "Asia", "by": "country", "period": "2024"}
    async with asgi_client(gateway_app, "http://gateway") as client:
        api = (await client.get("/v1/metrics/aggregates", params=params)).json()
        as_json = (await client.get("/v1/metrics/exports/aggregates.json", params=params)).json()
        as_csv = (await client.get("/v1/metrics/exports/aggregates.csv", params=params)).text
        sdmx = await client.get("/v1/metrics/exports/aggregates.sdmx.csv", params=params)

    nepal = cell(api, country="NPL")
    assert as_json["cells"] == api["cells"] and as_json["totals"] == api["totals"]
    lines = as_csv.splitlines()
    assert lines[0].startswith("indicator,indicator_version,country,value")
    assert any(line.split(",")[2:4] == ["NPL", nepal["value"]] for line in lines[1:])
    assert "1000" not in as_csv and "1000" not in sdmx.text  # the private value never leaves
    rows = sdmx.text.splitlines()  # every dimension a column (tests/metrics/test_sdmx.py reads them with pysdmx)
    assert rows[0] == (
        "DATAFLOW,FREQ,INDICATOR,REF_AREA,SEX,AGE,FORM,SECTOR,MIGRATION_STATUS,TIME_PERIOD,"
        "OBS_VALUE,UNIT_MEASURE,OBS_CONF,CONTRIBUTORS"
    )
    assert f"A,{sums['code']},NPL,_T,_T,_T,_T,_T,2024,{nepal['value']},PEOPLE,F,{nepal['contributors']}" in sdmx.text
    assert sdmx.headers["content-type"].startswith("application/vnd.sdmx.data+csv")


async def test_exports_neutralise_spreadsheet_formulas(gateway_app: FastAPI, metrics_app: FastAPI) -> None:
    code = await adopted(metrics_app, unit="=1+2")
    for value in (10, 20, 30):
        await report(
            metrics_app, uuid.uuid4(), indicator=code, country="NPL", period="2024", value=value, visibility="public"
        )
    params = {"indicator": code, "country": "NPL", "period": "2024"}
    async with asgi_client(gateway_app, "http://gateway") as client:
        as_csv = (await client.get("/v1/metrics/exports/aggregates.csv", params=params)).text
        sdmx = (await client.get("/v1/metrics/exports/aggregates.sdmx.csv", params=params)).text

    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert rows and all(row["unit"] == "'=1+2" for row in rows)
    sdmx_rows = list(csv.DictReader(io.StringIO(sdmx)))  # SDMX carries the unit's code, never its text
    assert sdmx_rows and all(row["UNIT_MEASURE"] == unit_code("=1+2") for row in sdmx_rows)
    for row in [*rows, *sdmx_rows]:
        assert not [c for c in row.values() if c.lstrip().startswith(("=", "+", "@"))]


async def test_the_largest_values_accepted_still_make_figures(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    """Values up to 10^15 are accepted; figures made of them publish (a value of 10^28 once made
    the rounding of its figure fail, and with it every answer holding that figure)."""
    code = await adopted(metrics_app, aggregation="sum")
    for k in range(4):
        await report(metrics_app, uuid.UUID(int=0xB16 << 64 | k), indicator=code, country="NPL", period="2024",
                     value=10**15, visibility="public")  # fmt: skip
    figures = await get(gateway_app, indicator=code, country="NPL", by="period")

    near(cell(figures, period="2024"), [10**15] * 4)
