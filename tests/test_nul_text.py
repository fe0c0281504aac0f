"""PostgreSQL cannot store the NUL character in text: every service refuses it as a field error
(422) and stores nothing, where it once failed with a 500 deep in the database driver."""

import json

from fastapi import FastAPI

from tests.conftest import World
from tests.metrics.test_observations import observation
from tests.support.apps import asgi_client

REASON = "text must not contain NUL characters (U+0000)"


async def test_nul_in_any_service_is_a_field_error_and_changes_nothing(gateway_app: FastAPI, world: World) -> None:
    member, admin = world.people["member_a"].headers, world.people["platform_admin"].headers
    observations = f"/v1/metrics/organisations/{world.org_a}/observations"
    comments = f"/v1/metrics/indicators/{world.indicators['adopted']}/comments"
    async with asgi_client(gateway_app, "http://gateway") as client:
        organisations_before = (await client.get("/v1/directory/organisations", headers=admin)).json()["total"]
        answers = {
            "method_note": await client.put(
                observations, json=observation(world, method_note="a\x00b"), headers=member
            ),
            "disaggregation.sex": await client.put(
                observations, json=observation(world, disaggregation={"sex": "fe\x00male"}), headers=member
            ),
            "name": await client.post("/v1/directory/organisations", json={"name": "Bad\x00"}, headers=admin),
            "body": await client.post(comments, json={"body": "Agreed\x00"}, headers=member),
            "query.q": await client.get("/v1/directory/organisations", params={"q": "x\x00"}, headers=member),
        }
        organisations_after = (await client.get("/v1/directory/organisations", headers=admin)).json()["total"]
        stored = (await client.get(observations, headers=member)).json()["items"]
        discussion = (await client.get(comments, headers=member)).json()["items"]

    for field, response in answers.items():
        assert response.status_code == 422, (field, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"] == [{"field": field, "reason": REASON}]
    assert organisations_after == organisations_before
    assert stored == []
    assert all("Agreed" not in c["body"] for c in discussion)


SURROGATE = "text must not contain lone surrogates (U+D800 to U+DFFF)"


async def test_a_lone_surrogate_is_a_field_error_not_a_500(gateway_app: FastAPI, world: World) -> None:
    member, admin = world.people["member_a"].headers, world.people["platform_admin"].headers
    observations = f"/v1/metrics/organisations/{world.org_a}/observations"
    json_headers = {"content-type": "application/json"}
    lone = json.dumps(observation(world, disaggregation={"sector": "\ud800"}))  # ASCII: "\\ud800"
    paired = json.dumps(observation(world, method_note="\U0001f600 a valid pair"))
    async with asgi_client(gateway_app, "http://gateway") as client:
        answers = {
            "disaggregation.sector": await client.put(observations, content=lone, headers=member | json_headers),
            "name": await client.post(
                "/v1/directory/organisations", content='{"name": "Bad \\udfff"}', headers=admin | json_headers
            ),
        }
        valid_pair = await client.put(observations, content=paired, headers=member | json_headers)

    for field, response in answers.items():
        assert response.status_code == 422, (field, response.text)
        assert response.json()["errors"] == [{"field": field, "reason": SURROGATE}]
    assert valid_pair.status_code == 201, valid_pair.text
