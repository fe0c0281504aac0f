import asyncio
import uuid

import httpx
import pytest

from tests.directory.conftest import AtOnce, create_org


async def test_refused_service_types_say_why(admin: httpx.AsyncClient) -> None:
    org = await create_org(admin)
    response = await admin.post(
        f"/v1/directory/organisations/{org['id']}/shared-services",
        json={"direction": "offer", "service_type": "case_management"},
    )
    matches = await admin.get("/v1/directory/shared-services/matches", params={"type": "direct_services"})

    assert response.status_code == 422
    assert "individual survivors" in response.json()["errors"][0]["reason"]
    assert matches.status_code == 422 and "survivors" in matches.json()["errors"][0]["reason"]


@pytest.mark.parametrize(
    "body",
    [
        {"direction": "lend", "service_type": "hr"},
        {"direction": "offer", "service_type": "catering"},
        {"direction": "offer", "service_type": "hr", "countries": ["NOPE"]},
    ],
)
async def test_bad_offers_are_field_errors(admin: httpx.AsyncClient, body: dict) -> None:
    org = await create_org(admin)
    response = await admin.post(f"/v1/directory/organisations/{org['id']}/shared-services", json=body)

    assert response.status_code == 422


async def test_needs_meet_offers_by_type_and_geography(admin: httpx.AsyncClient) -> None:
    needy, near, far, remote = [await create_org(admin) for _ in range(4)]
    post = lambda org, body: admin.post(f"/v1/directory/organisations/{org['id']}/shared-services", json=body)  # noqa: E731
    need = (await post(needy, {"direction": "need", "service_type": "accounting", "countries": ["NPL"]})).json()
    await post(near, {"direction": "offer", "service_type": "accounting", "countries": ["NPL", "IND"]})
    await post(far, {"direction": "offer", "service_type": "accounting", "countries": ["PER"]})
    await post(remote, {"direction": "offer", "service_type": "accounting"})
    await post(near, {"direction": "offer", "service_type": "training", "countries": ["NPL"]})

    pairs = (await admin.get("/v1/directory/shared-services/matches", params={"type": "accounting"})).json()["items"]
    mine = [p for p in pairs if p["need"]["id"] == need["id"]]

    assert {p["offer"]["organisation_id"] for p in mine} == {near["id"], remote["id"]}
    assert {tuple(p["countries"]) for p in mine} == {("NPL",)}


async def test_withdrawn_offers_and_deleted_organisations_drop_out(admin: httpx.AsyncClient) -> None:
    needy, helper = await create_org(admin), await create_org(admin)
    await admin.post(
        f"/v1/directory/organisations/{needy['id']}/shared-services", json={"direction": "need", "service_type": "hr"}
    )
    offer = (
        await admin.post(
            f"/v1/directory/organisations/{helper['id']}/shared-services",
            json={"direction": "offer", "service_type": "hr"},
        )
    ).json()
    before = (await admin.get("/v1/directory/shared-services/matches", params={"type": "hr"})).json()["items"]
    await admin.delete(f"/v1/directory/organisations/{helper['id']}", headers={"If-Match": "*"})
    after = (await admin.get("/v1/directory/shared-services/matches", params={"type": "hr"})).json()["items"]

    assert offer["id"] in {p["offer"]["id"] for p in before}
    assert offer["id"] not in {p["offer"]["id"] for p in after}


async def test_of_two_withdrawals_of_one_offer_at_once_the_second_finds_it_gone(at_once: AtOnce) -> None:
    for _ in range(3):
        org = await at_once.make("/v1/directory/organisations", {"name": f"Race Org {uuid.uuid4().hex[:6]}"})
        offers = f"/v1/directory/organisations/{org['id']}/shared-services"
        offer = await at_once.client.post(offers, json={"direction": "offer", "service_type": "hr"})
        path = f"{offers}/{offer.json()['id']}"

        answers = await asyncio.gather(*(at_once.client.delete(path, headers={"If-Match": "*"}) for _ in range(2)))

        assert sorted(a.status_code for a in answers) == [204, 404], [a.text for a in answers]
