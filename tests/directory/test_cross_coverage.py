"""Coverage cross-tabulated by two or three of country, form, intervention and sector."""

import httpx

from services.directory import vocabularies
from tests.directory.conftest import create_org


def cell(table: dict, **terms: str) -> int:
    [found] = [c for c in table["cells"] if all(c[k] == v for k, v in terms.items())]
    return found["organisations"]


async def test_three_dimensions_list_every_combination_with_the_empty_ones(admin: httpx.AsyncClient) -> None:
    # Tuvalu and Fiji hold only what this test makes (the demo data stays out of them).
    await create_org(admin, countries=["TUV"], forms=["forced_labour"], sectors=["fishing"])
    await create_org(admin, countries=["TUV", "FJI"], forms=["forced_labour", "child_labour"], sectors=["fishing"])
    gone = await create_org(admin, countries=["TUV"], forms=["debt_bondage"], sectors=["fishing"])
    await admin.delete(f"/v1/directory/organisations/{gone['id']}", headers={"If-Match": "*"})

    table = (
        await admin.get("/v1/directory/coverage/cross", params={"country": ["TUV", "FJI"], "by": "country,form,sector"})
    ).json()

    assert table["by"] == ["country", "form", "sector"] and table["countries"] == ["FJI", "TUV"]
    assert len(table["cells"]) == 2 * len(vocabularies.FORMS) * len(vocabularies.SECTORS)
    assert cell(table, country="TUV", form="forced_labour", sector="fishing") == 2
    assert cell(table, country="FJI", form="child_labour", sector="fishing") == 1
    assert cell(table, country="TUV", form="child_labour", sector="fishing") == 1
    assert cell(table, country="FJI", form="forced_labour", sector="fishing") == 1
    assert cell(table, country="TUV", form="debt_bondage", sector="fishing") == 0  # deleted: a gap again
    assert table["empty"] == len(table["cells"]) - 4


async def test_without_country_an_organisation_counts_once_for_all_countries(admin: httpx.AsyncClient) -> None:
    await create_org(admin, countries=["TUV", "FJI"], forms=["forced_labour"], interventions=["prevention"])

    table = (
        await admin.get("/v1/directory/coverage/cross", params={"country": ["TUV", "FJI"], "by": "form,intervention"})
    ).json()

    assert cell(table, form="forced_labour", intervention="prevention") == 1
    assert all(set(c) == {"form", "intervention", "organisations"} for c in table["cells"])


async def test_two_or_three_known_dimensions_and_nothing_else(admin: httpx.AsyncClient) -> None:
    refused = [
        await admin.get("/v1/directory/coverage/cross", params={"by": by})
        for by in ("form", "form,form", "form,colour", "country,form,intervention,sector")
    ]

    assert [r.status_code for r in refused] == [422] * 4
    assert all(r.json()["errors"][0]["field"] == "by" for r in refused)


async def test_coverage_pages_through_the_same_cross_tabulation(admin: httpx.AsyncClient) -> None:
    await create_org(admin, countries=["TUV"], forms=["forced_labour"], sectors=["fishing"])
    params = {"country": ["TUV", "FJI"], "by": "country,form,sector"}
    table = (await admin.get("/v1/directory/coverage/cross", params=params)).json()

    items, cursor, pages = [], None, 0
    while True:
        page = (
            await admin.get(
                "/v1/directory/coverage", params={**params, "limit": 100, **({"cursor": cursor} if cursor else {})}
            )
        ).json()
        items += page["items"]
        pages += 1
        if not (cursor := page["next_cursor"]):
            break

    assert items == table["cells"] and pages == -(-len(table["cells"]) // 100)
    assert (page["by"], page["countries"], page["empty"]) == (table["by"], table["countries"], table["empty"])


async def test_coverage_takes_one_to_three_known_dimensions(admin: httpx.AsyncClient) -> None:
    one = await admin.get("/v1/directory/coverage", params={"country": "TUV", "by": "intervention"})
    refused = [
        await admin.get("/v1/directory/coverage", params={"by": by})
        for by in ("", "form,form", "form,colour", "country,form,intervention,sector")
    ]

    assert [c["intervention"] for c in one.json()["items"]] == list(vocabularies.INTERVENTIONS)
    assert [r.status_code for r in refused] == [422] * 4
    assert all(r.json()["errors"][0]["field"] == "by" for r in refused)
