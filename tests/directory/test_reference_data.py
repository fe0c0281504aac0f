import httpx
from fastapi import FastAPI

from services.directory.reference import service
from services.directory.seed import ACTION_GROUPS, PATHFINDERS
from tests.support.apps import rolled_back

PATHFINDER_NAMES = {
    "Albania",
    "Chile",
    "Fiji",
    "Madagascar",
    "Malawi",
    "Mauritania",
    "Mexico",
    "Morocco",
    "Nepal",
    "Nigeria",
    "Peru",
    "Sri Lanka",
    "Tunisia",
    "Uganda",
    "Vietnam",
}


async def test_pathfinder_filter_lists_the_fifteen_pathfinder_countries(directory: httpx.AsyncClient) -> None:
    response = await directory.get("/v1/directory/countries", params={"pathfinder": "true"})

    assert response.status_code == 200
    items = response.json()["items"]
    assert {c["name"] for c in items} == PATHFINDER_NAMES
    assert all(c["pathfinder"] for c in items)


async def test_pathfinder_workshop_dates_come_from_the_seed(directory: httpx.AsyncClient) -> None:
    nepal = (await directory.get("/v1/directory/countries/npl")).json()
    nigeria = (await directory.get("/v1/directory/countries/NGA")).json()
    malawi = (await directory.get("/v1/directory/countries/MWI")).json()

    assert nepal["pathfinder_workshop_date"] == "2019-02-07"
    assert nepal["region"] == "Asia" and nepal["subregion"] == "Southern Asia"
    assert nigeria["pathfinder_workshop_date"] is None and "to be confirmed" in nigeria["pathfinder_workshop_note"]
    assert malawi["pathfinder"] is True and malawi["pathfinder_workshop_date"] is None


async def test_every_iso_country_is_listed_page_by_page(directory: httpx.AsyncClient) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = (await directory.get("/v1/directory/countries", params=params)).json()
        seen += [c["iso3"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert len(seen) == 249 and len(set(seen)) == 249
    assert seen == sorted(seen)
    non_pathfinder = (await directory.get("/v1/directory/countries", params={"pathfinder": "false"})).json()
    assert len(non_pathfinder["items"]) == 249 - len(PATHFINDERS)


async def test_region_filter(directory: httpx.AsyncClient) -> None:
    items = (await directory.get("/v1/directory/countries", params={"region": "Oceania"})).json()["items"]

    assert "FJI" in {c["iso3"] for c in items}
    assert {c["region"] for c in items} == {"Oceania"}


async def test_the_four_action_groups(directory: httpx.AsyncClient) -> None:
    groups = (await directory.get("/v1/directory/action-groups")).json()["items"]

    assert sorted(g["name"] for g in groups) == [
        "Conflict and Humanitarian Settings",
        "Migration",
        "Rule of Law and Governance",
        "Supply Chains",
    ]


async def test_unknown_country_is_a_404_problem(directory: httpx.AsyncClient) -> None:
    response = await directory.get("/v1/directory/countries/XYZ")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "XYZ" in response.json()["detail"]


async def test_loading_reference_data_twice_changes_nothing(directory_app: FastAPI) -> None:
    async with rolled_back(directory_app):
        async with directory_app.state.sessionmaker() as session:
            await service.load_reference_data(session)
            await service.load_reference_data(session)
            countries, _ = await service.list_countries(session, pathfinder=True, region=None, cursor=None, limit=500)
            groups = await service.list_action_groups(session)

    assert len(countries) == len(PATHFINDERS)
    assert len(groups) == len(ACTION_GROUPS)
