"""Service deserts: the directory's organisations per country x form x intervention, joined with
an indicator's figures by country exactly as the aggregates publish them."""

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.directory.organisations import service as organisations
from services.directory.organisations.schemas import OrganisationCreate
from shared.db import session_scope
from tests.conftest import World
from tests.factories import report
from tests.support.apps import asgi_client

REGION = "Oceania"


async def deserts(app: FastAPI, **params: Any) -> httpx.Response:
    async with asgi_client(app, "http://gateway") as client:
        return await client.get("/v1/metrics/deserts", params=params)


async def answer(app: FastAPI, **params: Any) -> dict[str, Any]:
    response = await deserts(app, **params)
    assert response.status_code == 200, response.text
    return response.json()


def count(result: dict[str, Any], country: str, form: str, intervention: str) -> int:
    entry = next(c for c in result["countries"] if c["country"] == country)
    return entry["counts"][form][intervention]


async def organisation(session: Any, countries: list[str], forms: list[str], interventions: list[str]) -> uuid.UUID:
    created = await organisations.create_organisation(
        session,
        OrganisationCreate(
            name=f"Org {uuid.uuid4().hex[:6]}", countries=countries, forms=forms, interventions=interventions
        ),
    )
    return created.id


@pytest.fixture
async def oceania(world: World, metrics_app: FastAPI) -> str:
    """Figures in four countries of Oceania: Fiji (4 contributors), Papua New Guinea and Samoa
    (3 each) and Tuvalu (1, so hidden)."""
    code = world.indicators["adopted"]
    for country, values in (("FJI", (10, 20, 30, 40)), ("PNG", (5, 5, 5)), ("WSM", (50, 50, 50)), ("TUV", (7,))):
        for value in values:
            await report(
                metrics_app,
                uuid.uuid4(),
                indicator=code,
                country=country,
                period="2024",
                value=value,
                visibility="public",
            )
    return code


async def test_counts_per_form_and_intervention_and_the_gaps(
    gateway_app: FastAPI, directory_app: FastAPI, oceania: str
) -> None:
    before = await answer(gateway_app, indicator=oceania, region=REGION, max_organisations=2)
    async with session_scope(directory_app.state.sessionmaker) as session:  # the world's rolled-back transaction
        await organisation(session, ["FJI"], ["forced_labour"], ["prevention", "protection"])
        await organisation(session, ["FJI", "TUV"], ["forced_labour"], ["prevention"])
        await organisation(session, ["FJI"], ["child_labour"], ["prevention"])
        gone = await organisation(session, ["PNG"], ["forced_labour"], ["prevention"])
        await organisations.delete_organisation(session, gone, "*")  # deleted: never counted
    after = await answer(gateway_app, indicator=oceania, region=REGION, max_organisations=2)

    # Every country of the region, and the directory's counts moved by exactly these organisations.
    assert {c["country"] for c in after["countries"]} >= {"FJI", "PNG", "WSM", "TUV", "AUS", "NZL"}
    added = {
        ("FJI", "forced_labour", "prevention"): 2,
        ("FJI", "forced_labour", "protection"): 1,
        ("FJI", "child_labour", "prevention"): 1,
        ("TUV", "forced_labour", "prevention"): 1,
    }
    for entry in after["countries"]:
        for form, per in entry["counts"].items():
            for intervention, n in per.items():
                key = (entry["country"], form, intervention)
                assert n - count(before, *key) == added.get(key, 0), key
    totals = {c["country"]: c["organisations"] for c in after["countries"]}
    assert totals["FJI"] - {c["country"]: c["organisations"] for c in before["countries"]}["FJI"] == 3
    assert {c["country"]: c["organisations"] for c in before["countries"]}["PNG"] == totals["PNG"]

    # Gaps: exactly the pairs with fewer than 2 organisations, fewest first within a country.
    expected = [
        (c["country"], form, intervention, n)
        for c in after["countries"]
        for form, intervention, n in sorted(
            ((f, i, n) for f, per in c["counts"].items() for i, n in per.items() if n < 2), key=lambda p: p[2]
        )
    ]
    assert [(g["country"], g["form"], g["intervention"], g["organisations"]) for g in after["gaps"]] == expected
    assert all(c["gap_count"] == sum(1 for g in expected if g[0] == c["country"]) for c in after["countries"])
    fiji_pairs = {(g["form"], g["intervention"]) for g in after["gaps"] if g["country"] == "FJI"}
    assert ("forced_labour", "prevention") not in fiji_pairs  # two organisations now work on it

    # Ranked: published figures first, then hidden ones, then none; fewest organisations first.
    def rank(c: dict[str, Any]) -> tuple[int, int, str]:
        published = 2 if c["figure"] is None else 0 if c["figure"]["value"] is not None else 1
        return published, c["organisations"], c["country"]

    assert after["countries"] == sorted(after["countries"], key=rank)
    assert after["countries"][0]["figure"]["status"] == "F"
    order = [c["country"] for c in after["countries"]]
    assert [order.index(g["country"]) for g in after["gaps"]] == sorted(
        order.index(g["country"]) for g in after["gaps"]
    )
    # With the default of 1, a gap is a pair nobody works on.
    default = await answer(gateway_app, indicator=oceania, region=REGION)
    assert default["max_organisations"] == 1 and all(g["organisations"] == 0 for g in default["gaps"])
    assert ("FJI", "forced_labour", "protection") not in {
        (g["country"], g["form"], g["intervention"]) for g in default["gaps"]
    }


async def test_figures_are_the_aggregates_and_a_hidden_one_stays_hidden(gateway_app: FastAPI, oceania: str) -> None:
    result = await answer(gateway_app, indicator=oceania, region=REGION, period="2024")
    async with asgi_client(gateway_app, "http://gateway") as client:
        aggregates = await client.get(
            "/v1/metrics/aggregates", params={"indicator": oceania, "region": REGION, "period": "2024", "by": "country"}
        )
    cells = {c["country"]: {k: v for k, v in c.items() if k != "country"} for c in aggregates.json()["cells"]}
    figures = {c["country"]: c["figure"] for c in result["countries"]}

    tuvalu = figures["TUV"]
    assert tuvalu["value"] is None and tuvalu["status"] == "C"  # one contributor: hidden here as there
    assert {c: f for c, f in figures.items() if f is not None} == cells
    assert set(cells) == {"FJI", "PNG", "WSM", "TUV"}
    assert sum(f["value"] is not None for f in cells.values()) >= 1
    assert result["region_figure"] == {k: v for k, v in aggregates.json()["totals"][0].items() if k != "country"}
    assert all(g["value"] is None and g["status"] == "C" for g in result["gaps"] if g["country"] == "TUV")
    assert (result["indicator"], result["region"], result["periods"]) == (oceania, REGION, ["2024"])


async def test_an_unknown_indicator_or_region_is_a_422_naming_the_field(gateway_app: FastAPI, oceania: str) -> None:
    unknown_indicator = await deserts(gateway_app, indicator="no_such_indicator", region=REGION)
    unknown_region = await deserts(gateway_app, indicator=oceania, region="Atlantis")
    no_region = await deserts(gateway_app, indicator=oceania)
    zero = await deserts(gateway_app, indicator=oceania, region=REGION, max_organisations=0)
    bad_period = await deserts(gateway_app, indicator=oceania, region=REGION, period="2024-Q1")

    for response, field in (
        (unknown_indicator, "indicator"),
        (unknown_region, "region"),
        (no_region, "query.region"),
        (zero, "query.max_organisations"),
        (bad_period, "period"),
    ):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_the_gateway_documents_it(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        doc = (await client.get("/openapi.json")).json()

    operation = doc["paths"]["/v1/metrics/deserts"]["get"]
    assert operation["x-access"] == "public"
    answer_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert answer_schema.removeprefix("#/components/schemas/") in doc["components"]["schemas"]
    assert doc["paths"]["/v1/directory/coverage/pairs"]["get"]["x-access"] == "public"
    assert {p["name"] for p in operation["parameters"] if p["in"] == "query"} == {
        "indicator",
        "region",
        "period",
        "granularity",
        "max_organisations",
    }
