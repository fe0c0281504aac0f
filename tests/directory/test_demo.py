import httpx

from hub.migrate import load_demo
from services.directory import vocabularies
from services.directory.demo.generate import generate
from services.directory.seed import PATHFINDERS
from services.directory.text import fold
from tests.conftest import Env


def test_the_demo_set_is_large_varied_and_marked() -> None:
    demo = generate(3000, 60)

    orgs = demo.organisations
    assert len(orgs) == 3000 and len(demo.coalitions) == 60
    assert all(
        o["demo"] and o["external_id"].startswith("demo-") and o["description"].startswith("[Demo data]") for o in orgs
    )
    assert all(c["name"].endswith("(demo)") for c in demo.coalitions)
    assert set(PATHFINDERS) <= {c for o in orgs for c in o["countries"]}
    assert {f for o in orgs for f in o["forms"]} == set(vocabularies.FORMS)
    assert {i for o in orgs for i in o["interventions"]} == set(vocabularies.INTERVENTIONS)
    assert len({o["kind"] for o in orgs}) == len(vocabularies.KINDS)
    outside = sum(1 for o in orgs if not set(o["countries"]) & set(PATHFINDERS))
    assert 0.15 < outside / len(orgs) < 0.5
    assert generate(50, 5) == generate(50, 5)  # the same every time


def test_demo_organisation_names_are_unique() -> None:
    names = [fold(o["name"]) for o in generate(3000, 60).organisations]  # as search compares them

    assert len(set(names)) == len(names)


async def test_loading_the_demo_set_twice_replaces_it(env: Env, directory: httpx.AsyncClient) -> None:
    await load_demo(env.database_url, generate(200, 10))
    await load_demo(env.database_url, generate(200, 10))

    page = (await directory.get("/v1/directory/organisations", params={"q": "demo data", "limit": 1})).json()
    assert page["total"] >= 200
    assert page["items"][0]["demo"] is True
