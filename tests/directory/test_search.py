import time
import uuid

import httpx
import pytest
from fastapi import FastAPI

from services.directory.app import create_app as create_directory
from services.directory.config import DirectorySettings
from services.directory.search.repository import NAME_SIMILARITY, rarest
from services.directory.text import trigrams
from shared.app import running
from tests.conftest import Env, as_identity
from tests.directory.conftest import PLATFORM_ADMIN, create_org
from tests.support.apps import asgi_client, rolled_back

TOKEN = "zq" + uuid.uuid4().hex[:8]  # in every fixture description: scopes a search to this test's data


@pytest.fixture
async def orgs(admin: httpx.AsyncClient) -> dict[str, dict]:
    return {
        "nepal": await create_org(
            admin,
            name="Himalayan Freedom Alliance",
            acronym="HFA",
            countries=["NPL"],
            forms=["debt_bondage", "forced_labour"],
            interventions=["prevention"],
            sectors=["brick_kilns"],
            description="Brick kiln workers and bonded labour. " + TOKEN,
        ),
        "peru": await create_org(
            admin,
            name="Libertad Andina",
            countries=["PER"],
            forms=["forced_labour"],
            interventions=["prosecution"],
            sectors=["mining"],
            kind="trade_union",
            description="Sindicato de mineros contra el trabajo forzoso. " + TOKEN,
        ),
        "survivors": await create_org(
            admin,
            name="Voices of Freedom Nepal",
            countries=["NPL", "IND"],
            forms=["human_trafficking"],
            interventions=["protection"],
            survivor_leadership=["survivor_led"],
            description="Led by survivors. " + TOKEN,
        ),
        "france": await create_org(
            admin,
            name="Élan Solidaire",
            countries=["FRA"],
            forms=["forced_marriage"],
            interventions=["policy_advocacy"],
            description="Mariages forcés, Île-de-France. " + TOKEN,
        ),
    }


def ids(page: dict) -> set[str]:
    return {o["id"] for o in page["items"]}


async def test_text_search_folds_case_and_accents(directory: httpx.AsyncClient, orgs: dict) -> None:
    page = (await directory.get("/v1/directory/organisations", params={"q": "elan SOLIDAIRE"})).json()
    acronym = (await directory.get("/v1/directory/organisations", params={"q": "hfa"})).json()
    description = (await directory.get("/v1/directory/organisations", params={"q": "mineros"})).json()

    mine = {o["id"] for o in orgs.values()}
    assert ids(page) & mine == {orgs["france"]["id"]}
    assert ids(acronym) & mine == {orgs["nepal"]["id"]}
    assert ids(description) & mine == {orgs["peru"]["id"]}


async def test_names_match_despite_a_typo(directory: httpx.AsyncClient, orgs: dict) -> None:
    page = (await directory.get("/v1/directory/organisations", params={"q": "Himalayn Fredom"})).json()

    assert orgs["nepal"]["id"] in ids(page)


async def test_relevance_puts_the_name_match_first(directory: httpx.AsyncClient, orgs: dict) -> None:
    page = (await directory.get("/v1/directory/organisations", params={"q": "freedom nepal"})).json()

    assert page["items"][0]["id"] == orgs["survivors"]["id"]


async def test_filters_combine(directory: httpx.AsyncClient, orgs: dict) -> None:
    get = lambda **p: directory.get("/v1/directory/organisations", params={"q": TOKEN, **p})  # noqa: E731
    by_country = (await get(country="npl")).json()
    country_and_form = (await get(country="NPL", form="forced_labour")).json()
    any_of = (await get(form=["forced_marriage", "human_trafficking"])).json()
    survivor_led = (await get(survivor_led="true", region="Asia")).json()
    union = (await get(kind="trade_union", pathfinder="true")).json()
    not_pathfinder = (await get(pathfinder="false")).json()

    assert {orgs["nepal"]["id"], orgs["survivors"]["id"]} <= ids(by_country)
    assert orgs["nepal"]["id"] in ids(country_and_form) and orgs["survivors"]["id"] not in ids(country_and_form)
    assert {orgs["france"]["id"], orgs["survivors"]["id"]} <= ids(any_of)
    assert orgs["survivors"]["id"] in ids(survivor_led) and orgs["nepal"]["id"] not in ids(survivor_led)
    assert orgs["peru"]["id"] in ids(union)
    assert orgs["france"]["id"] in ids(not_pathfinder)
    assert not ids(not_pathfinder) & {orgs["nepal"]["id"], orgs["peru"]["id"], orgs["survivors"]["id"]}


async def test_facets_count_every_filter_under_the_query(directory: httpx.AsyncClient, orgs: dict) -> None:
    page = (await directory.get("/v1/directory/organisations", params={"country": "NPL", "q": TOKEN})).json()

    assert page["total"] == len(page["items"]) >= 2
    assert page["facets"]["countries"]["NPL"] == page["total"]
    assert page["facets"]["forms"]["human_trafficking"] >= 1
    assert page["facets"]["interventions"]["prevention"] >= 1
    assert set(page["facets"]) == {"kind", "countries", "regions", "forms", "interventions", "sectors"}


async def test_cursor_pages_through_without_repeats(directory: httpx.AsyncClient, orgs: dict) -> None:
    for params in ({"order": "name", "q": TOKEN}, {"q": f"freedom {TOKEN}"}):
        seen, cursor = [], None
        while True:
            page = (
                await directory.get(
                    "/v1/directory/organisations",
                    params={**params, "limit": 1, **({"cursor": cursor} if cursor else {})},
                )
            ).json()
            seen += [o["id"] for o in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == page["total"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"form": "slavery"}, "form"),
        ({"country": "XX1"}, "country"),
        ({"limit": 1000}, "query.limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"coalition": "nope"}, "query.coalition"),
        ({"survivor_led": "maybe"}, "query.survivor_led"),
    ],
)
async def test_bad_search_input_is_a_field_error(directory: httpx.AsyncClient, params: dict, field: str) -> None:
    response = await directory.get("/v1/directory/organisations", params=params)

    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_facets_are_reused_for_the_same_filters_while_pages_stay_fresh(env: Env) -> None:
    app = create_directory(DirectorySettings(**env.settings(), facet_cache_seconds=60))
    token = "zq" + uuid.uuid4().hex[:8]
    async with running(app), rolled_back(app):
        async with asgi_client(app, "http://directory", signer=as_identity(PLATFORM_ADMIN)) as client:
            first_org = await create_org(client, description=token, countries=["NPL"])
            first = (await client.get("/v1/directory/organisations", params={"q": token})).json()
            second_org = await create_org(client, description=token, countries=["NPL"])
            second = (await client.get("/v1/directory/organisations", params={"q": token})).json()
            other_filters = (
                await client.get("/v1/directory/organisations", params={"q": token, "country": "NPL"})
            ).json()

    assert first["total"] == 1 and ids(first) == {first_org["id"]}
    assert ids(second) == {first_org["id"], second_org["id"]}  # the page is read anew
    assert second["total"] == 1  # the counts come from the cache for a while
    assert other_filters["total"] == 2


SPELLINGS = [
    "Himalayan Freedom Alliance",
    "Himalaya Freedom Network",
    "Freedom Alliance Himalayas",
    "Himalayan Tea Growers",
    "Alliance for Freedom",
    "Free Himalaya",
    "Bonded Labour Watch",  # 6 of the 10 trigrams of 'free labour': just similar enough
]


@pytest.mark.parametrize("query", ["Himalayn Fredom Aliance", "freedom himalya", "Alliance Himalayan", "free labour"])
async def test_spelling_matches_do_not_depend_on_which_trigrams_the_index_is_asked_first(
    directory: httpx.AsyncClient, directory_app: FastAPI, admin: httpx.AsyncClient, query: str
) -> None:
    """A name holding enough of the query's trigrams is found whichever trigrams the search
    takes for the rarest: the same names with no statistics, with statistics in any order, and
    with statistics that make one matching name's own trigrams look the most common of all (the
    index is then asked for the very trigrams that name lacks)."""
    created = {o["id"]: o["name"] for o in [await create_org(admin, name=n) for n in SPELLINGS]}
    asked = {g for g in trigrams(query) if not g.startswith("  ")}
    expected = {i for i, name in created.items() if len(asked & set(trigrams(name))) / len(asked) >= NAME_SIMILARITY}
    common_first = {g: 1.0 - rank / 100 for rank, g in enumerate(sorted(asked))}
    against_each = [{g: 1.0 for g in trigrams(created[i])} for i in sorted(expected)]

    found = []
    for frequency in [{}, common_first, *against_each]:
        grams = directory_app.state.gram_frequencies
        grams.known, grams.read_at = frequency, time.monotonic()
        page = (await directory.get("/v1/directory/organisations", params={"q": query, "limit": 100})).json()
        found.append(ids(page) & set(created))

    assert expected  # the case is one where spelling decides
    assert found == [expected] * (2 + len(expected))


def test_the_rarest_trigrams_are_as_few_as_a_match_allows() -> None:
    grams = [f"g{n:02}" for n in range(10)]  # a match holds at least 6 of 10: one of any 5
    frequency = {g: n / 10 for n, g in enumerate(reversed(grams))}

    assert rarest(grams, frequency) == ["g09", "g08", "g07", "g06", "g05"]
    assert rarest(grams, {}) == grams[:5]
    assert rarest(["abc"], {}) == ["abc"]


async def test_the_directory_plans_each_statement_for_its_arguments(directory_app: FastAPI) -> None:
    """The search's generic plan, which PostgreSQL may keep after five runs of a prepared
    statement, ignores which filters and terms are asked (three times slower at 100,000
    organisations); the directory's connections never use one."""
    async with directory_app.state.engine.connect() as connection:
        mode = (await connection.exec_driver_sql("SHOW plan_cache_mode")).scalar()

    assert mode == "force_custom_plan"
