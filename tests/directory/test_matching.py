import httpx
import pytest

from services.directory import vocabularies
from tests.directory.conftest import create_org


@pytest.fixture
async def nepal(admin: httpx.AsyncClient) -> dict[str, dict]:
    return {
        "me": await create_org(
            admin,
            name="Kiln Workers Union Nepal",
            countries=["NPL"],
            forms=["debt_bondage"],
            interventions=["prevention"],
            sectors=["brick_kilns"],
        ),
        "lawyers": await create_org(
            admin,
            name="Bonded Labour Legal Aid",
            countries=["NPL"],
            forms=["debt_bondage", "forced_labour"],
            interventions=["prosecution"],
            sectors=["brick_kilns"],
        ),
        "same_work": await create_org(
            admin,
            name="Nepal Prevention Forum",
            countries=["NPL"],
            forms=["forced_marriage"],
            interventions=["prevention"],
        ),
        "elsewhere": await create_org(
            admin,
            name="Peru Debt Bondage Watch",
            countries=["PER"],
            forms=["debt_bondage"],
            interventions=["prosecution"],
        ),
    }


async def test_partners_are_ranked_by_overlap_and_complementarity(directory: httpx.AsyncClient, nepal: dict) -> None:
    matches = (await directory.get(f"/v1/directory/organisations/{nepal['me']['id']}/matches")).json()["items"]

    ranked = [m["organisation"]["id"] for m in matches]
    assert ranked.index(nepal["lawyers"]["id"]) < ranked.index(nepal["same_work"]["id"])
    assert nepal["elsewhere"]["id"] not in ranked  # no shared country
    assert nepal["me"]["id"] not in ranked
    best = matches[ranked.index(nepal["lawyers"]["id"])]
    assert best["score"] == 3 + 2 + 1 + 1
    assert best["complementary"] == ["prosecution"]
    assert any("prosecution and legal aid" in r for r in best["reasons"])
    assert any("Nepal" in r for r in best["reasons"])


async def test_matches_can_be_filtered_like_search(directory: httpx.AsyncClient, nepal: dict) -> None:
    path = f"/v1/directory/organisations/{nepal['me']['id']}/matches"
    only_prosecution = (await directory.get(path, params={"intervention": "prosecution"})).json()["items"]
    bad = await directory.get(path, params={"form": "nope"})

    assert [m["organisation"]["id"] for m in only_prosecution] == [nepal["lawyers"]["id"]]
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "form"


async def test_deleted_organisations_are_never_proposed(admin: httpx.AsyncClient, nepal: dict) -> None:
    await admin.delete(f"/v1/directory/organisations/{nepal['lawyers']['id']}", headers={"If-Match": "*"})
    matches = (await admin.get(f"/v1/directory/organisations/{nepal['me']['id']}/matches")).json()["items"]
    gone = await admin.get(f"/v1/directory/organisations/{nepal['lawyers']['id']}/matches")

    assert nepal["lawyers"]["id"] not in {m["organisation"]["id"] for m in matches}
    assert gone.status_code == 404


async def test_coverage_counts_and_shows_gaps(admin: httpx.AsyncClient) -> None:
    # Tuvalu: a country no other test data uses, so the counts are exactly these.
    await create_org(admin, countries=["TUV"], forms=["forced_labour"], interventions=["prevention"])
    await create_org(
        admin, countries=["TUV", "FJI"], forms=["forced_labour", "human_trafficking"], interventions=["prevention"]
    )
    page = (await admin.get("/v1/directory/coverage", params={"country": "TUV", "by": "country,form"})).json()
    totals = (await admin.get("/v1/directory/coverage", params={"country": "TUV", "by": "country"})).json()

    assert set(page) == {"items", "next_cursor", "by", "countries", "empty"} and page["next_cursor"] is None
    forms = {c["form"]: c["organisations"] for c in page["items"]}
    assert list(forms) == list(vocabularies.FORMS) and all(c["country"] == "TUV" for c in page["items"])
    assert forms["forced_labour"] == 2 and forms["human_trafficking"] == 1 and forms["child_labour"] == 0
    assert page["empty"] == len(vocabularies.FORMS) - 2
    assert totals["items"] == [{"country": "TUV", "organisations": 2}]


async def test_coverage_defaults_to_the_pathfinder_countries(directory: httpx.AsyncClient) -> None:
    page = (await directory.get("/v1/directory/coverage", params={"by": "country,sector", "limit": 500})).json()
    bad = await directory.get("/v1/directory/coverage", params={"by": "colour"})

    assert len(page["countries"]) == 15 and len(page["items"]) == 15 * len(vocabularies.SECTORS)
    assert {c["country"] for c in page["items"]} == set(page["countries"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "by"


async def test_pair_coverage_counts_active_organisations_per_form_and_intervention(admin: httpx.AsyncClient) -> None:
    # Tuvalu again: the counts are exactly these.
    await create_org(admin, countries=["TUV"], forms=["forced_labour"], interventions=["prevention", "protection"])
    await create_org(
        admin, countries=["TUV", "FJI"], forms=["forced_labour", "child_labour"], interventions=["prevention"]
    )
    gone = await create_org(admin, countries=["TUV"], forms=["debt_bondage"], interventions=["prosecution"])
    await admin.delete(f"/v1/directory/organisations/{gone['id']}", headers={"If-Match": "*"})
    rows = (await admin.get("/v1/directory/coverage/pairs", params={"country": "TUV"})).json()["items"]
    oceania = (await admin.get("/v1/directory/coverage/pairs", params={"region": "Oceania", "limit": 500})).json()
    first = (await admin.get("/v1/directory/coverage/pairs", params={"region": "Oceania", "limit": 5})).json()
    second = (
        await admin.get(
            "/v1/directory/coverage/pairs", params={"region": "Oceania", "limit": 5, "cursor": first["next_cursor"]}
        )
    ).json()
    bad = [
        await admin.get("/v1/directory/coverage/pairs", params={"by": by})
        for by in ("form", "form,form", "form,colour")
    ]

    assert len(rows) == 1
    tuvalu = rows[0]
    assert tuvalu["organisations"] == 2 and tuvalu["by"] == ["form", "intervention"]
    assert list(tuvalu["counts"]) == list(vocabularies.FORMS)
    assert all(list(per) == list(vocabularies.INTERVENTIONS) for per in tuvalu["counts"].values())
    assert tuvalu["counts"]["forced_labour"] == {
        **tuvalu["counts"]["forced_labour"],
        "prevention": 2,
        "protection": 1,
        "prosecution": 0,
    }
    assert tuvalu["counts"]["child_labour"]["prevention"] == 1
    assert tuvalu["counts"]["debt_bondage"]["prosecution"] == 0  # deleted organisations are not counted
    assert sum(n for per in tuvalu["counts"].values() for n in per.values()) == 4
    assert ["forced_labour", "prevention"] not in tuvalu["gaps"] and ["debt_bondage", "prosecution"] in tuvalu["gaps"]
    assert len(tuvalu["gaps"]) == len(vocabularies.FORMS) * len(vocabularies.INTERVENTIONS) - 3
    assert {"TUV", "FJI", "AUS"} <= {r["country"] for r in oceania["items"]} and len(oceania["items"]) > 20
    assert oceania["next_cursor"] is None
    assert [r["country"] for r in first["items"] + second["items"]] == [r["country"] for r in oceania["items"][:10]]
    assert all(b.status_code == 422 and b.json()["errors"][0]["field"] == "by" for b in bad)
