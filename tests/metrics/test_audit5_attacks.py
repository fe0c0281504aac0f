"""A sixth audit of the figures' disclosure control (docs/privacy.md): answers an attacker
combines over time and with its own data. Each test is an attack carried out over the HTTP API
by a caller with nothing but its own writes and the answers, and asserts that it fails;
expectations are worked out from the answers and the values the test wrote, not from the
service's code."""

import uuid
from fractions import Fraction as F
from typing import Any

from fastapi import FastAPI

from tests import factories
from tests.conftest import World, as_anonymous, as_identity
from tests.factories import report
from tests.support.apps import asgi_client

ANON = as_anonymous()


async def get(app: FastAPI, **params: Any) -> Any:
    async with asgi_client(app, "http://metrics", signer=ANON) as client:
        return await client.get("/v1/metrics/aggregates", params=params)


def value(answer: dict[str, Any], country: str | None) -> F:
    [found] = [f for f in [*answer["cells"], *answer["totals"]] if f["country"] == country]
    assert found["value"] is not None, found
    return F(found["value"])


async def test_a_total_over_several_regions_is_no_new_view_of_an_organisation(
    metrics_app: FastAPI, world: World
) -> None:
    """Totals over countries are given for a whole region or every country (docs/privacy.md, 6),
    so that the noisy views of any one quantity are few. V reports alone in India, Peru and
    Kenya (40, 50, 60), three organisations in Nepal, Brazil and Nigeria each. A region minus its
    other country gives each of V's values with its own noise, the world V's 150. Asked for two
    regions at once, the service gave their total: minus the two other countries, V's 90 (then
    its 100 and 110) with a noise of V's not in any other answer, three more views of V's three
    values than the hierarchy gives.

    Writes: none. Requests: 3 (and the hierarchy's 4)."""
    code = await factories.adopted(metrics_app, prefix="aud5_regions")
    victim = uuid.uuid4()
    for country, amount in (("IND", 40), ("PER", 50), ("KEN", 60)):
        await report(metrics_app, victim, indicator=code, country=country, period="2024", value=amount,
                     visibility="public")  # fmt: skip
    for country in ("NPL", "BRA", "NGA"):
        for amount in (100, 200, 300):
            await report(metrics_app, uuid.uuid4(), indicator=code, country=country, period="2024", value=amount,
                         visibility="public")  # fmt: skip
    question = {"indicator": code, "period": "2024", "by": "country"}
    asia = (await get(metrics_app, **question, region="Asia")).json()
    asia_minus_nepal = value(asia, None) - value(asia, "NPL")  # V's 40 with its own noise
    assert abs(asia_minus_nepal - 40) <= F(15, 100) * 40 + 1

    pair = await get(metrics_app, **question, region=["Asia", "Americas"])
    alone = await get(metrics_app, indicator=code, period="2024", by="", region=["Asia", "Americas"])
    by_period = await get(metrics_app, indicator=code, by="period", region=["Asia", "Americas"])

    assert pair.status_code == 200, pair.text
    found = pair.json()
    estimate = value(found, None) - value(found, "NPL") - value(found, "BRA") if found["totals"] else None
    assert found["totals"] == [], f"V's 90 read as {estimate}, a view the hierarchy does not give"
    assert {c["country"] for c in found["cells"]} == {"IND", "NPL", "BRA", "PER"}
    for refused in (alone, by_period):
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert [e["field"] for e in refused.json()["errors"]] == ["region"]


async def test_several_regions_give_no_total_through_any_other_door(metrics_app: FastAPI, world: World) -> None:
    """The same two regions asked through every other answer of the same figures: grouped by
    period too, as the CSV and JSON exports, and as a coalition's view (a platform admin may ask
    any coalition's). None gives a figure spanning both regions; each gives the cells the
    hierarchy gives anyway, or refuses naming `region`.

    Writes: none. Requests: 6."""
    code = await factories.adopted(metrics_app, prefix="aud5_doors")
    for country in ("IND", "NPL", "PER", "BRA"):
        for amount in (100, 200, 300):
            await report(metrics_app, uuid.uuid4(), indicator=code, country=country, period="2024", value=amount,
                         visibility="public")  # fmt: skip
    regions = {"indicator": code, "region": ["Asia", "Americas"]}
    admin = as_identity(factories.account(None, platform_admin=True))
    async with asgi_client(metrics_app, "http://metrics", signer=ANON) as client:
        grouped = await client.get("/v1/metrics/aggregates", params={**regions, "by": "country,period"})
        as_json = await client.get("/v1/metrics/exports/aggregates.json", params={**regions, "by": "country"})
        as_csv = await client.get("/v1/metrics/exports/aggregates.csv", params={**regions, "by": "country"})
        csv_total = await client.get("/v1/metrics/exports/aggregates.csv", params={**regions, "by": ""})
    async with asgi_client(metrics_app, "http://metrics", signer=admin) as client:
        view = {**regions, "coalition": str(world.coalition)}
        coalition = await client.get("/v1/metrics/aggregates", params={**view, "by": "country"})
        coalition_total = await client.get("/v1/metrics/aggregates", params={**view, "by": "period"})

    for answer in (grouped, as_json, coalition):
        assert answer.status_code == 200, answer.text
        found = answer.json()
        assert [t for t in found["totals"] if t.get("country") is None] == [], found["totals"]
        assert {c["country"] for c in found["cells"]} <= {"IND", "NPL", "PER", "BRA"}
    assert as_csv.status_code == 200, as_csv.text
    header, *rows = [line.split(",") for line in as_csv.text.strip().splitlines()]
    countries = [row[header.index("country")] for row in rows]
    assert countries and all(countries), "a row without a country spans both regions"
    for refused in (csv_total, coalition_total):
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == ["region"]
