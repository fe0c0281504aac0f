from fastapi import FastAPI

from tests.conftest import World
from tests.support.apps import asgi_client


async def test_an_unknown_query_parameter_is_named_not_ignored(gateway_app: FastAPI, world: World) -> None:
    indicator = world.indicators["adopted"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        misspelt = await client.get(f"/v1/metrics/aggregates?indicator={indicator}&contry=NPL&by=period")
        search = await client.get("/v1/directory/organisations?contry=NPL&q=freedom")
        plain = await client.get("/v1/directory/vocabularies?lang=fr")
        fine = [
            await client.get(f"/v1/metrics/aggregates?indicator={indicator}&country=NPL&by=period"),
            await client.get("/v1/directory/organisations?country=NPL&q=freedom&limit=5"),  # filters of a dependency
            await client.get("/v1/directory/countries?pathfinder=true"),
        ]

    assert misspelt.status_code == 422 and misspelt.headers["content-type"] == "application/problem+json"
    [error] = misspelt.json()["errors"]
    assert error["field"] == "query.contry"
    assert "country" in error["reason"] and "indicator" in error["reason"]
    assert [e["field"] for e in search.json()["errors"]] == ["query.contry"]
    assert plain.status_code == 422 and "none" in plain.json()["errors"][0]["reason"]
    assert [r.status_code for r in fine] == [200, 200, 200]


async def test_a_parameter_that_takes_one_value_given_twice_is_named_not_half_read(
    gateway_app: FastAPI, world: World
) -> None:
    indicator = world.indicators["adopted"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        twice = await client.get("/v1/directory/countries?limit=1&limit=2")
        contrary = await client.get("/v1/directory/countries?pathfinder=true&pathfinder=false")
        repeatable = [  # parameters that take several values are repeated to give them
            await client.get("/v1/directory/organisations?country=NPL&country=GHA"),
            await client.get(f"/v1/metrics/aggregates?indicator={indicator}&country=NPL&country=GHA"),
        ]

    assert twice.status_code == 422 and twice.headers["content-type"] == "application/problem+json"
    [error] = twice.json()["errors"]
    assert error["field"] == "query.limit" and "2 times" in error["reason"]
    assert [e["field"] for e in contrary.json()["errors"]] == ["query.pathfinder"]
    assert [r.status_code for r in repeatable] == [200, 200]
