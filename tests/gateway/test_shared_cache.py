"""The gateway's shared cache, from outside: a page the same for everyone is answered once for
a burst of readers, a writer reads its own write at once, and no answer that depends on who
asked ever reaches someone else. The attacks below use HTTP only; they know nothing of how the
cache keys or stores answers."""

import uuid

from fastapi import FastAPI
from sqlalchemy import text

from shared.db import session_scope
from tests.conftest import Env, World, gateway
from tests.directory.test_onboarding import registration
from tests.factories import adopted, report
from tests.support.apps import asgi_client

ELSEWHERE = "203.0.113.9"  # an anonymous reader at another address than the test's writers


def keyed(world: World, person: str) -> dict[str, str]:
    return world.people[person].headers


async def rename_behind_the_gateway(directory_app: FastAPI, org: uuid.UUID, name: str) -> None:
    async with session_scope(directory_app.state.sessionmaker) as session:
        await session.execute(
            text("UPDATE directory.organisations SET name = :name WHERE id = :id"),
            {"name": name, "id": org},
        )


async def test_a_public_page_is_answered_once_for_a_burst_of_readers(
    gateway_app: FastAPI, directory_app: FastAPI, world: World
) -> None:
    path = f"/v1/directory/organisations/{world.org_b}"
    async with asgi_client(gateway_app, "http://gateway", address=ELSEWHERE) as anonymous:
        first = await anonymous.get(path)
        await rename_behind_the_gateway(directory_app, world.org_b, "Renamed behind the gateway")
        burst = [await anonymous.get(path), await anonymous.get(path)]
        # Callers of an organisation have entries of their own (a public figure carries their own
        # value beside it), shared among them all.
        keyed_first = await anonymous.get(path, headers=keyed(world, "member_b"))
        keyed_again = await anonymous.get(path, headers=keyed(world, "member_a"))
        fresh = await anonymous.get(path, headers={"Cache-Control": "no-cache"})
        after_fresh = await anonymous.get(path)

    assert first.headers["cache-control"] == "public, max-age=2" and "age" not in first.headers
    for again in burst:  # the same stored answer, with its age
        assert again.status_code == 200 and again.json() == first.json() and "age" in again.headers
        assert again.headers["x-request-id"] != first.headers["x-request-id"]
    assert keyed_first.json()["name"] == "Renamed behind the gateway" and "age" not in keyed_first.headers
    assert keyed_again.json() == keyed_first.json() and "age" in keyed_again.headers
    assert fresh.json()["name"] == "Renamed behind the gateway" and "age" not in fresh.headers
    assert after_fresh.json()["name"] == "Renamed behind the gateway"  # the fresh answer replaced it


async def test_a_writer_reads_its_own_write_at_once(gateway_app: FastAPI, world: World) -> None:
    path = f"/v1/directory/organisations/{world.org_a}"
    admin = keyed(world, "admin_a")
    async with asgi_client(gateway_app, "http://gateway") as client:
        before = await client.get(path, headers=admin)
        await client.get(path, headers=admin)  # stored, and answered from the store
        edited = await client.patch(
            path, json={"acronym": "MINE"}, headers={**admin, "If-Match": before.headers["etag"]}
        )
        after = await client.get(path, headers=admin)

    assert edited.status_code == 200
    assert after.json()["acronym"] == "MINE"


async def test_a_coalition_view_never_reaches_anyone_else(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    code = await adopted(metrics_app)
    await report(
        metrics_app,
        world.org_a,
        indicator=code,
        country="NPL",
        period="2024",
        value=7,
        visibility="coalition",
        coalition_id=world.coalition,
    )
    params = {"indicator": code, "country": "NPL", "coalition": str(world.coalition)}
    async with asgi_client(gateway_app, "http://gateway") as client:
        member = await client.get("/v1/metrics/aggregates", params=params, headers=keyed(world, "member_a"))
        again = await client.get("/v1/metrics/aggregates", params=params, headers=keyed(world, "member_a"))
        outsider = await client.get("/v1/metrics/aggregates", params=params, headers=keyed(world, "member_b"))
    async with asgi_client(gateway_app, "http://gateway", address=ELSEWHERE) as elsewhere:
        anonymous = await elsewhere.get("/v1/metrics/aggregates", params=params)

    assert member.status_code == 200 and again.status_code == 200
    assert "public" not in member.headers.get("cache-control", "")
    assert outsider.status_code == 403 and anonymous.status_code == 403


async def test_a_callers_own_values_never_reach_anyone_else(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    code = await adopted(metrics_app)
    await report(metrics_app, world.org_a, indicator=code, country="NPL", period="2024", value=7, visibility="private")
    params = {"indicator": code, "country": "NPL", "by": "country"}
    async with asgi_client(gateway_app, "http://gateway") as client:
        mine = await client.get("/v1/metrics/aggregates", params=params, headers=keyed(world, "member_a"))
        other = await client.get("/v1/metrics/aggregates", params=params, headers=keyed(world, "member_b"))
    async with asgi_client(gateway_app, "http://gateway", address=ELSEWHERE) as elsewhere:
        anonymous = [await elsewhere.get("/v1/metrics/aggregates", params=params) for _ in range(2)]

    assert [float(c["own"]) for c in mine.json()["cells"]] == [7.0]
    for answer in (other, *anonymous):
        assert answer.status_code == 200
        assert all(c["own"] is None for c in answer.json()["cells"])
        assert "7" not in [str(c["value"]) for c in answer.json()["cells"]]


async def test_a_public_answer_stored_for_anyone_never_hides_a_callers_own_values(
    gateway_app: FastAPI, metrics_app: FastAPI, world: World
) -> None:
    """An anonymous reader asks first, and its answer (the public figures, nothing of its own) is
    stored; organisation A then asks the same page and is owed its own value beside them."""
    code = await adopted(metrics_app)
    await report(metrics_app, world.org_a, indicator=code, country="NPL", period="2024", value=7, visibility="private")
    params = {"indicator": code, "country": "NPL", "by": "country"}
    async with asgi_client(gateway_app, "http://gateway", address=ELSEWHERE) as elsewhere:
        anonymous = await elsewhere.get("/v1/metrics/aggregates", params=params)
    async with asgi_client(gateway_app, "http://gateway") as client:
        mine = await client.get("/v1/metrics/aggregates", params=params, headers=keyed(world, "member_a"))

    assert anonymous.status_code == 200 and anonymous.json()["cells"] == []
    assert "public" in anonymous.headers.get("cache-control", "")  # stored for the next anonymous readers
    assert mine.status_code == 200 and "age" not in mine.headers
    assert [float(c["own"]) for c in mine.json()["cells"]] == [7.0]


async def test_what_an_organisation_awaiting_review_reads_stays_its_own(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        registered = (await client.post("/v1/directory/registrations", json=registration())).json()
        own = {"Authorization": f"Bearer {registered['key']['key']}"}
        path = f"/v1/directory/organisations/{registered['organisation']['id']}"
        reads = [await client.get(path, headers=own) for _ in range(2)]
    async with asgi_client(gateway_app, "http://gateway", address=ELSEWHERE) as elsewhere:
        anonymous = await elsewhere.get(path)

    assert [r.status_code for r in reads] == [200, 200]
    assert "public" not in reads[0].headers.get("cache-control", "")
    assert anonymous.status_code == 404


async def test_answers_about_the_caller_are_never_shared(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        a = await client.get("/v1/directory/me", headers=keyed(world, "member_a"))
        b = await client.get("/v1/directory/me", headers=keyed(world, "member_b"))

    assert a.json() != b.json()
    assert str(world.org_b) in b.text and str(world.org_a) not in b.text


async def test_a_revoked_or_limited_caller_gets_no_stored_answer(gateway_app: FastAPI, world: World) -> None:
    path = "/v1/directory/countries?pathfinder=true"
    async with asgi_client(gateway_app, "http://gateway") as client:
        stored = await client.get(path, headers=keyed(world, "member_a"))
        revoked = await client.get(path, headers=keyed(world, "revoked"))
        unknown = await client.get(path, headers={"Authorization": "Bearer not-a-key"})

    assert stored.status_code == 200
    assert revoked.status_code == 401 and unknown.status_code == 401


async def test_every_stored_answer_still_counts_against_the_rate_limit(env: Env, upstreams: dict[str, FastAPI]) -> None:
    async with gateway(env, upstreams, anonymous_burst=3, anonymous_per_second=0.01) as app:
        async with asgi_client(app, "http://gateway", address=ELSEWHERE) as client:
            answers = [await client.get("/v1/directory/countries") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "age" in answers[2].headers and "age" not in answers[3].headers  # refused, though stored
