"""What a data officer types where a value, a weight, a period or a subdivision goes: read the same
way, or refused naming the same field for the same reason, by a single report, a CSV batch and a
JSON batch (which `hub import observations` sends), and nothing refused is stored."""

import csv
import io
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from shared.db import session_scope
from tests import factories
from tests.conftest import World
from tests.support.apps import asgi_client


@pytest.fixture
def world(module_world_each_test: World) -> World:
    """One world for the module's tests, each test's writes rolled back."""
    return module_world_each_test


THIS_YEAR = datetime.now(UTC).year


@pytest.fixture
async def member_a(gateway_app: FastAPI, world: World) -> Any:
    async with asgi_client(gateway_app, "http://gateway") as client:
        client.headers.update(world.people["member_a"].headers)
        yield client


def as_csv(item: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(item), lineterminator="\n")
    writer.writeheader()
    writer.writerow(item)
    return out.getvalue().encode()


async def three_ways(client: httpx.AsyncClient, org: uuid.UUID, item: dict[str, Any]) -> list[httpx.Response]:
    """The item as a single report, then in a CSV file, then in a JSON file."""
    path = f"/v1/metrics/organisations/{org}/observations"
    single = await client.put(path, json=item)
    in_csv = await client.post(f"{path}/batches", content=as_csv(item), headers={"content-type": "text/csv"})
    in_json = await client.post(
        f"{path}/batches", content=json.dumps([item]).encode(), headers={"content-type": "application/json"}
    )
    return [single, in_csv, in_json]


async def stored(app: FastAPI, org: uuid.UUID) -> list[tuple[str, str, str, str | None]]:
    async with session_scope(app.state.sessionmaker) as session:
        rows = await session.execute(
            text(
                "SELECT period, subdivision, value::text, weight::text FROM metrics.observations "
                "WHERE organisation_id = :org ORDER BY period, subdivision"
            ),
            {"org": org},
        )
        return [tuple(r) for r in rows]


def reasons_for(response: httpx.Response, field: str) -> list[str]:
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == {field}, errors
    return [e["reason"] for e in errors]


async def assert_refused_alike(
    client: httpx.AsyncClient, app: FastAPI, org: uuid.UUID, item: dict[str, Any], field: str, words: str
) -> None:
    single, in_csv, in_json = await three_ways(client, org, item)
    said = [reasons_for(r, field) for r in (single, in_csv, in_json)]
    assert said[0] == said[1] == said[2], said
    assert words in said[0][0], said[0]
    assert await stored(app, org) == []


async def assert_read_alike(
    client: httpx.AsyncClient, app: FastAPI, org: uuid.UUID, item: dict[str, Any]
) -> tuple[str, str, str, str | None]:
    """Accepted by all three paths, read the same: after the single report, each file changes nothing."""
    single, in_csv, in_json = await three_ways(client, org, item)
    assert single.status_code == 201, single.text
    for batch in (in_csv, in_json):
        assert batch.status_code == 201, batch.text
        assert batch.json()["counts"] == {"rows": 1, "created": 0, "updated": 0, "unchanged": 1, "errors": 0}
    [row] = await stored(app, org)
    return row


def item_of(world: World, **change: Any) -> dict[str, Any]:
    return {"indicator": world.indicators["adopted"], "country": "NPL", "period": "2024", "value": "12", **change}


@pytest.mark.parametrize(
    "written",
    ["1_000", "0x10", "NaN", "Infinity", "-Infinity", "１２", "١٢", "1,000", "12 000", "1e3.5", "--1", "½"],
)
async def test_a_number_python_would_read_but_a_person_did_not_write_is_refused_everywhere(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, written: str
) -> None:
    item = item_of(world, value=written)
    await assert_refused_alike(member_a, metrics_app, world.org_a, item, "value", "digits 0-9")


@pytest.mark.parametrize(
    ("written", "read"),
    [("  12 ", "12"), ("1e3", "1000"), ("1.2E+3", "1200"), ("+5", "5"), ("-0", "0"), ("7.", "7"), ("0012", "12")],
)
async def test_plain_ways_of_writing_a_number_are_read_alike_everywhere(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, written: str, read: str
) -> None:
    row = await assert_read_alike(member_a, metrics_app, world.org_a, item_of(world, value=written))

    assert row[2] == read


async def test_a_weight_is_held_to_the_same_way_of_writing_numbers(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    code = await factories.adopted(metrics_app, prefix="wm", aggregation="weighted_mean", value_type="percentage")
    item = item_of(world, indicator=code, value="40", weight="1_000")

    await assert_refused_alike(member_a, metrics_app, world.org_a, item, "weight", "digits 0-9")


@pytest.mark.parametrize(
    "period", ["1999", "1900", "1999-Q4", "1999-12", str(THIS_YEAR + 2), f"{THIS_YEAR + 2}-01", "2100"]
)
async def test_a_period_the_figures_cannot_be_of_is_refused_everywhere(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, period: str
) -> None:
    item = item_of(world, period=period)
    await assert_refused_alike(member_a, metrics_app, world.org_a, item, "period", f"from 2000 to {THIS_YEAR + 1}")


@pytest.mark.parametrize("period", ["2000", "2000-01", f"{THIS_YEAR + 1}-Q4"])
async def test_periods_from_2000_to_next_year_are_taken_everywhere(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, period: str
) -> None:
    row = await assert_read_alike(member_a, metrics_app, world.org_a, item_of(world, period=period))

    assert row[0] == period


@pytest.mark.parametrize("country", ["\tnpl", "NPL\n", "\u00a0NPL", "NP1"])
async def test_a_country_is_read_alike_everywhere_and_only_spaces_around_it_are_ignored(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, country: str
) -> None:
    """Every other field takes spaces around its value and refuses tabs, line breaks and other
    blanks there; a country does the same."""
    item = item_of(world, country=country)
    await assert_refused_alike(member_a, metrics_app, world.org_a, item, "country", "not an ISO 3166-1 alpha-3 code")


@pytest.mark.parametrize(
    ("subdivision", "words"),
    [
        ("KE-30", "not a subdivision of NPL"),  # Nairobi, under Nepal
        (" ke-30", "'KE-30' is not a subdivision of NPL: its codes start with 'NP-'"),
        ("np-pı", "not an ISO 3166-2 code"),  # a dotless i, which Unicode raises to I
        ("NPL-P1", "not an ISO 3166-2 code"),
        ("Bagmati", "not an ISO 3166-2 code"),
        ("NP-", "not an ISO 3166-2 code"),
        ("NP-P1234", "not an ISO 3166-2 code"),
        ("NP P1", "not an ISO 3166-2 code"),
        ("NP-P١", "not an ISO 3166-2 code"),
    ],
)
async def test_a_subdivision_outside_the_observations_country_is_refused_everywhere(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, subdivision: str, words: str
) -> None:
    item = item_of(world, subdivision=subdivision)
    await assert_refused_alike(member_a, metrics_app, world.org_a, item, "subdivision", words)


async def test_a_subdivision_of_the_country_is_taken_alike_everywhere(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    row = await assert_read_alike(member_a, metrics_app, world.org_a, item_of(world, subdivision=" np-p3 "))

    assert row[1] == "NP-P3"


@pytest.mark.parametrize("weight", ["-5", "0", "3"])
async def test_a_weight_on_an_indicator_that_weighs_nothing_is_refused_everywhere(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, weight: str
) -> None:
    """The catalogue's adopted indicator is a sum: a weight would be stored and never used."""
    item = item_of(world, weight=weight)
    await assert_refused_alike(member_a, metrics_app, world.org_a, item, "weight", "leave the weight out")


@pytest.mark.parametrize("weight", ["-5", "0", ""])
async def test_a_weighted_mean_needs_a_positive_weight_everywhere(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI, weight: str
) -> None:
    code = await factories.adopted(metrics_app, prefix="wm", aggregation="weighted_mean", value_type="percentage")
    item = item_of(world, indicator=code, value="40", weight=weight or None)
    await assert_refused_alike(member_a, metrics_app, world.org_a, item, "weight", "positive weight")


async def test_a_weighted_mean_takes_its_weight_alike_everywhere(
    member_a: httpx.AsyncClient, world: World, metrics_app: FastAPI
) -> None:
    code = await factories.adopted(metrics_app, prefix="wm", aggregation="weighted_mean", value_type="percentage")
    row = await assert_read_alike(member_a, metrics_app, world.org_a, item_of(world, indicator=code, weight="2e1"))

    assert row[3] == "20"
