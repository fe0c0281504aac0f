"""ETags through the gateway: a GET answers 304 to a current If-None-Match, and a resource's
ETag is what If-Match takes to change it (412 once it has changed)."""

from fastapi import FastAPI

from tests.conftest import World
from tests.reports import test_accountability as accountability
from tests.reports import test_webhooks as webhooks
from tests.support.apps import asgi_client


async def test_a_current_etag_gets_304_and_a_changed_one_the_new_answer(gateway_app: FastAPI, world: World) -> None:
    path = f"/v1/directory/organisations/{world.org_a}"
    admin = world.people["admin_a"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        first = await client.get(path)
        unchanged = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
        await client.patch(path, json={"acronym": "NEW"}, headers={**admin, "If-Match": first.headers["etag"]})
        changed = await client.get(path, headers={"If-None-Match": first.headers["etag"]})

    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == first.headers["etag"]
    assert changed.status_code == 200 and changed.json()["acronym"] == "NEW"
    assert changed.headers["etag"] != first.headers["etag"]


async def test_lists_carry_a_weak_etag_too(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        first = await client.get("/v1/directory/countries", params={"pathfinder": "true"})
        again = await client.get(
            "/v1/directory/countries", params={"pathfinder": "true"}, headers={"If-None-Match": first.headers["etag"]}
        )
        other = await client.get(
            "/v1/directory/countries", params={"pathfinder": "false"}, headers={"If-None-Match": first.headers["etag"]}
        )

    assert first.headers["etag"].startswith('W/"')
    assert again.status_code == 304 and again.content == b""
    assert other.status_code == 200


async def test_a_commitment_changes_only_from_the_state_its_etag_names(
    gateway_app: FastAPI, world: World, upstreams: dict[str, FastAPI]
) -> None:
    await accountability.seed_for_access_matrix(world, upstreams)
    path = f"/v1/reports/commitments/{accountability.matrix_commitment(world)}"
    editor = world.people["coalition_admin"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        read = await client.get(path)
        edited = await client.patch(
            path, json={"note": "Roadmap 2.3"}, headers={**editor, "If-Match": read.headers["etag"]}
        )
        stale = await client.delete(path, headers={**editor, "If-Match": read.headers["etag"]})
        deleted = await client.delete(path, headers={**editor, "If-Match": edited.headers["etag"]})

    assert edited.status_code == 200 and edited.headers["etag"] != read.headers["etag"]
    assert stale.status_code == 412
    assert deleted.status_code == 204


async def test_a_webhook_changes_only_from_the_state_its_etag_names(
    gateway_app: FastAPI, world: World, upstreams: dict[str, FastAPI]
) -> None:
    await webhooks.seed_for_access_matrix(world, upstreams)
    path = f"/v1/reports/organisations/{world.org_a}/webhooks/{webhooks.matrix_webhook(world)}"
    admin = world.people["admin_a"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        read = await client.get(path, headers=admin)
        paused = await client.patch(path, json={"active": False}, headers={**admin, "If-Match": read.headers["etag"]})
        stale = await client.patch(path, json={"active": True}, headers={**admin, "If-Match": read.headers["etag"]})
        current = await client.get(path, headers=admin)

    assert paused.status_code == 200 and paused.json()["active"] is False
    assert stale.status_code == 412
    assert current.json()["active"] is False and current.headers["etag"] == paused.headers["etag"]


async def test_an_etag_sent_without_its_quotes_is_refused_saying_so(gateway_app: FastAPI, world: World) -> None:
    path = f"/v1/directory/organisations/{world.org_a}"
    admin = world.people["admin_a"].headers
    async with asgi_client(gateway_app, "http://gateway") as client:
        read = await client.get(path)
        bare = read.headers["etag"].strip('"')  # what `-H If-Match: "1"` in a shell sends
        refused = await client.patch(path, json={"acronym": "NEW"}, headers={**admin, "If-Match": bare})
        after = await client.get(path, headers={"Cache-Control": "no-cache"})

    assert refused.status_code == 412
    assert refused.json()["detail"] == (
        f"If-Match {bare} is not an ETag: send the ETag you read as the ETag header gave it, "
        f'double quotes included (If-Match: "{bare}").'
    )
    assert after.headers["etag"] == read.headers["etag"]
