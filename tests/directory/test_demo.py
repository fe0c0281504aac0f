import httpx
from fastapi import FastAPI

from hub.migrate import load_demo
from services.directory import vocabularies
from services.directory.demo import service as demo_set
from services.directory.demo.generate import generate
from services.directory.seed import PATHFINDERS
from services.directory.text import fold, skeleton
from shared.db import session_scope
from tests import factories
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
    organisations = generate(3000, 60).organisations
    names = [fold(o["name"]) for o in organisations]  # as search compares them
    readings = [skeleton(o["name"]) for o in organisations]  # as registration compares them

    assert len(set(names)) == len(names) and len(set(readings)) == len(readings)


def test_demo_coalition_names_read_apart() -> None:
    coalitions = generate(3000, 60).coalitions
    readings = {skeleton(c["name"]) for c in coalitions}  # as a coalition's start compares them

    assert len(coalitions) == 60 and len(readings) == 60


async def test_loading_the_demo_set_twice_replaces_it(env: Env, directory: httpx.AsyncClient) -> None:
    await load_demo(env.database_url, generate(200, 10))
    await load_demo(env.database_url, generate(200, 10))

    page = (await directory.get("/v1/directory/organisations", params={"q": "demo data", "limit": 1})).json()
    assert page["total"] >= 200
    assert page["items"][0]["demo"] is True


async def test_a_demo_organisation_never_reads_as_a_listed_one(
    directory: httpx.AsyncClient, directory_app: FastAPI
) -> None:
    """The demo set is loaded into a directory that has organisations of its own: a demo one whose
    name reads as a listed organisation's is shown beside it, marked, rather than passing for it."""
    demo = generate(5, 1, random_seed=4242)
    first, second = demo.organisations[0]["name"], demo.organisations[1]["name"]
    async with session_scope(directory_app.state.sessionmaker) as session:  # the test's rolled-back transaction
        await factories.organisation(session, first.lower())  # the same letters, in small ones
        await demo_set.load_demo(session, demo)

    found = [
        (await directory.get("/v1/directory/organisations", params={"q": name, "limit": 100})).json()["items"]
        for name in (first, second)
    ]
    names = {o["name"] for items in found for o in items}
    assert first.lower() in names and f"{first} (demo)" in names and first not in names
    assert second in names
    assert [o["name"] for o in demo.organisations[:2]] == [f"{first} (demo)", second]  # as demo reports name them


async def test_a_demo_coalition_never_takes_an_established_ones_name(
    directory: httpx.AsyncClient, directory_app: FastAPI
) -> None:
    """The demo set is loaded into a directory that has coalitions of its own: a demo one whose
    name reads as one of them is loaded under a name of its own, still marked as demo."""
    demo = generate(20, 3, random_seed=4242)
    first = demo.coalitions[0]["name"]
    async with session_scope(directory_app.state.sessionmaker) as session:  # the test's rolled-back transaction
        await factories.coalition(session, first.upper())
        await demo_set.load_demo(session, demo)

    found = (await directory.get("/v1/directory/coalitions", params={"q": first.removesuffix(" (demo)")})).json()
    names = {c["name"]: c["demo"] for c in found["items"]}
    renamed = demo.coalitions[0]["name"]  # as the demo reports name it
    assert names == {first.upper(): False, renamed: True}, names
    assert renamed != first and renamed.endswith(" (demo)")
