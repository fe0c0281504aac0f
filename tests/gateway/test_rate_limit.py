import asyncio
import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from redis.asyncio import Redis

from services.gateway.ratelimit import Policy, RateLimiter
from shared.db import session_scope
from shared.identity import ACCESS_EPOCH_KEY
from tests import factories
from tests.conftest import World, gateway
from tests.support.ports import free_port


def client_from(app: FastAPI, address: str) -> httpx.AsyncClient:
    """As if calling from `address`: anonymous callers are limited per address."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 40000)), base_url="http://gateway")


def fresh_address() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


async def test_anonymous_callers_get_429_after_the_burst_and_recover(env: Any, upstreams: dict[str, FastAPI]) -> None:
    async with gateway(env, upstreams, anonymous_burst=3, anonymous_per_second=2) as app:
        async with client_from(app, fresh_address()) as client:
            burst = [await client.get("/v1/directory/action-groups") for _ in range(3)]
            limited = await client.get("/v1/directory/action-groups")
            await asyncio.sleep(0.6)  # one token back at 2 per second
            recovered = await client.get("/v1/directory/action-groups")
        async with client_from(app, fresh_address()) as neighbour:
            unaffected = await neighbour.get("/v1/directory/action-groups")

    assert [r.status_code for r in burst] == [200, 200, 200]
    assert [r.headers["ratelimit-remaining"] for r in burst] == ["2", "1", "0"]
    assert burst[0].headers["ratelimit-limit"] == "3"
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"
    assert limited.headers["retry-after"] == "1"
    assert recovered.status_code == 200
    assert unaffected.status_code == 200


async def test_keys_have_their_own_bucket(env: Any, upstreams: dict[str, FastAPI], world: World) -> None:
    address = fresh_address()
    async with gateway(env, upstreams, anonymous_burst=1, anonymous_per_second=0.01) as app:
        async with client_from(app, address) as client:
            await client.get("/v1/directory/action-groups")
            anonymous = await client.get("/v1/directory/action-groups")
            with_key = await client.get("/v1/directory/action-groups", headers=world.people["member_a"].headers)

    assert anonymous.status_code == 429
    assert with_key.status_code == 200


async def test_key_creation_is_limited_more_strictly(env: Any, upstreams: dict[str, FastAPI], world: World) -> None:
    admin = world.people["admin_a"]
    async with gateway(env, upstreams, key_creation_burst=2, key_creation_per_hour=1) as app:
        async with client_from(app, fresh_address()) as client:
            created = [
                await client.post(
                    f"/v1/directory/organisations/{world.org_a}/keys", json={"name": f"k{i}"}, headers=admin.headers
                )
                for i in range(3)
            ]
            other_call = await client.get("/v1/directory/me", headers=admin.headers)

    assert [r.status_code for r in created] == [201, 201, 429]
    assert int(created[2].headers["retry-after"]) > 60
    wait = created[2].headers["retry-after"]
    assert created[2].json()["detail"] == (
        f"Rate limit of 2 requests (key_creation) reached; retry in {wait} s (Retry-After)."
    )
    assert other_call.status_code == 200


async def test_dot_segments_do_not_step_around_the_stricter_limits(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    """A path with `.` or `..` segments (percent-encoded: the client would resolve them) is
    forwarded to the key creation it names: it spends the same budget as the plain path."""
    admin, keys = world.people["admin_a"], f"/v1/directory/organisations/{world.org_a}"
    variants = [f"{keys}/keys", f"{keys}/%2e/keys", f"{keys}/x/%2e%2e/keys", f"{keys}/keys/x/%2E%2E"]
    async with gateway(env, upstreams, key_creation_burst=1, key_creation_per_hour=1) as app:
        async with client_from(app, fresh_address()) as client:
            created = [await client.post(path, json={"name": "k"}, headers=admin.headers) for path in variants]

    assert [r.status_code for r in created] == [201, 429, 429, 429]


async def test_onboarding_many_organisations_has_a_key_budget_per_organisation(
    env: Any, upstreams: dict[str, FastAPI], world: World, directory_app: FastAPI
) -> None:
    """A platform admin creating the first keys of six organisations is not held back by the
    limit that stops one organisation's keys being minted in bulk."""
    platform = world.people["platform_admin"]
    async with session_scope(directory_app.state.sessionmaker) as s:
        organisations = [await factories.organisation(s) for _ in range(6)]
        accounts = [
            (await factories.principal(s, f"first admin {n}", o, role="admin")).account_id
            for n, o in enumerate(organisations)
        ]
    async with gateway(env, upstreams, key_creation_burst=2, key_creation_per_hour=1) as app:
        async with client_from(app, fresh_address()) as client:

            async def create(org: Any, account: Any) -> int:
                body = {"name": "sync", "account_id": str(account)}
                response = await client.post(
                    f"/v1/directory/organisations/{org}/keys", json=body, headers=platform.headers
                )
                return response.status_code

            firsts = [await create(o, a) for o, a in zip(organisations, accounts, strict=True)]
            same_organisation = [await create(organisations[0], accounts[0]) for _ in range(2)]

    assert firsts == [201] * 6
    assert same_organisation == [201, 429]


def key_verifications(app: FastAPI) -> list[str]:
    """The gateway's calls to the directory's key verification, as they are made."""
    verifications: list[str] = []

    async def count(request: httpx.Request) -> None:
        if request.url.path == "/internal/keys/verify":
            verifications.append(request.url.path)

    app.state.clients["directory"].event_hooks["request"].append(count)
    return verifications


async def test_refused_keys_are_limited_per_address_without_asking_the_directory(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    guesses = [f"Bearer hub_{i:012x}_{'A' * 43}" for i in range(6)]
    async with gateway(env, upstreams, auth_failure_burst=3, auth_failure_per_minute=1) as app:
        verifications = key_verifications(app)
        async with client_from(app, fresh_address()) as guesser:
            answers = [await guesser.get("/v1/directory/me", headers={"Authorization": g}) for g in guesses]
            anonymous = await guesser.get("/v1/directory/action-groups")
        async with client_from(app, fresh_address()) as neighbour:
            other = await neighbour.get("/v1/directory/me", headers=world.people["member_a"].headers)

    assert [a.status_code for a in answers] == [401, 401, 401, 429, 429, 429]
    assert int(answers[-1].headers["retry-after"]) >= 1
    assert answers[-1].headers["content-type"] == "application/problem+json"
    assert len(verifications) == 3 + 1  # the guesses until the budget was spent, and the neighbour
    assert anonymous.status_code == 200  # reading without a key is its own bucket
    assert other.status_code == 200


async def test_a_remembered_key_is_limited_and_checked_again_when_access_moves(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    member = world.people["member_a"].headers
    async with gateway(env, upstreams, rate_limit_burst=3, rate_limit_per_second=0.01, key_cache_seconds=60) as app:
        verifications = key_verifications(app)
        async with client_from(app, fresh_address()) as client:
            first = [await client.get("/v1/directory/me", headers=member) for _ in range(2)]
            await app.state.jobs.pool.incr(ACCESS_EPOCH_KEY)  # as the directory moves it: a counter
            after_move = await client.get("/v1/directory/me", headers=member)
            spent = await client.get("/v1/directory/me", headers=member)

    assert [r.status_code for r in first] == [200, 200]
    assert [r.headers["ratelimit-remaining"] for r in [*first, after_move]] == ["2", "1", "0"]
    assert after_move.status_code == 200
    assert len(verifications) == 2  # the first request, and the one after the access epoch moved
    assert spent.status_code == 429  # the remembered key's own bucket, spent


async def test_concurrent_callers_share_a_round_trip_and_the_limit_still_holds(redis: Any) -> None:
    """Forty callers at once against a burst of ten: exactly ten pass, whatever the batching,
    and they reach Redis in one pipeline; after SCRIPT FLUSH (a restarted Redis) the same holds."""
    limiter = RateLimiter(redis, prefix=f"hub:test:rl:{uuid.uuid4().hex[:8]}")
    policy = Policy("anonymous", 10, 1e-9)
    sent: list[int] = []
    original = limiter.batch._results

    async def counting(calls: list[Any]) -> list[Any]:
        sent.append(len(calls))
        return await original(calls)

    limiter.batch._results = counting  # type: ignore[method-assign]
    first = await asyncio.gather(*(limiter.hit("one address", policy) for _ in range(40)))
    await redis.script_flush()
    second = await asyncio.gather(*(limiter.hit("another address", policy) for _ in range(40)))

    for decisions in (first, second):
        assert all(d is not None for d in decisions)
        assert sum(d.allowed for d in decisions if d) == 10
        assert sorted(round(d.tokens) for d in decisions if d and d.allowed) == list(range(10))
    assert sent == [40, 40]


async def test_the_limits_fail_open_for_every_waiting_caller_when_redis_is_gone() -> None:
    unreachable = Redis(port=free_port(), socket_connect_timeout=0.5)
    limiter = RateLimiter(unreachable, prefix="hub:test:rl")
    decisions = await asyncio.gather(*(limiter.hit("address", Policy("anonymous", 1, 1)) for _ in range(5)))
    await unreachable.aclose()
    assert decisions == [None] * 5
