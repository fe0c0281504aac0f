import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shared.identity import ACCESS_EPOCH_KEY, Identity, sign
from tests.conftest import TEST_SECRET, World, gateway
from tests.processes import served
from tests.support.apps import asgi_client


async def test_public_reads_need_no_key(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        assert (await client.get("/v1/directory/action-groups")).status_code == 200


async def test_the_key_is_accepted_as_bearer_or_x_api_key(gateway_app: FastAPI, world: World) -> None:
    key = world.people["member_a"].key
    async with asgi_client(gateway_app, "http://gateway") as client:
        bearer = await client.get("/v1/directory/me", headers={"Authorization": f"Bearer {key}"})
        header = await client.get("/v1/directory/me", headers={"X-API-Key": key})

    assert bearer.status_code == header.status_code == 200
    assert bearer.json()["account_id"] == str(world.people["member_a"].account_id)
    assert bearer.json()["organisation_id"] == str(world.org_a)


async def test_whitespace_around_the_key_is_ignored_in_either_header(gateway_app: FastAPI, world: World) -> None:
    key = world.people["member_a"].key
    async with asgi_client(gateway_app, "http://gateway") as client:
        bearer = await client.get("/v1/directory/me", headers={"Authorization": f"Bearer {key} "})
        header = await client.get("/v1/directory/me", headers={"X-API-Key": f" {key}\t "})

    assert (bearer.status_code, header.status_code) == (200, 200), header.text
    assert header.json()["account_id"] == bearer.json()["account_id"] == str(world.people["member_a"].account_id)


async def test_unknown_revoked_or_expired_keys_are_refused_even_for_public_reads(
    gateway_app: FastAPI, world: World
) -> None:
    unknown = "hub_0123456789ab_" + "x" * 43
    async with asgi_client(gateway_app, "http://gateway") as client:
        answers = [
            await client.get("/v1/directory/action-groups", headers={"Authorization": f"Bearer {key}"})
            for key in (unknown, world.people["revoked"].key, world.people["expired"].key, "not-a-key")
        ]
        wrong_scheme = await client.get("/v1/directory/action-groups", headers={"Authorization": "Basic abc"})

    assert [a.status_code for a in answers] == [401, 401, 401, 401]
    assert all(a.headers["content-type"] == "application/problem+json" for a in answers)
    assert wrong_scheme.status_code == 401


async def test_a_revoked_key_stops_working_on_the_next_request(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    member = world.people["member_a"]
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        assert (await client.get("/v1/directory/me", headers=member.headers)).status_code == 200
        keys = (await client.get(f"/v1/directory/organisations/{world.org_a}/keys", headers=member.headers)).json()[
            "items"
        ]
        own = next(k for k in keys if member.key.startswith(k["prefix"]))
        revoked = await client.delete(
            f"/v1/directory/organisations/{world.org_a}/keys/{own['id']}", headers={**member.headers, "If-Match": "*"}
        )
        after = await client.get("/v1/directory/me", headers=member.headers)

    assert revoked.status_code == 204
    assert after.status_code == 401  # remembered for a minute, forgotten once access changed


async def test_a_removed_accounts_key_stops_on_the_next_request(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    member, admin = world.people["member_a"], world.people["admin_a"]
    account = f"/v1/directory/organisations/{world.org_a}/accounts/{member.account_id}"
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        before = await client.get("/v1/directory/me", headers=member.headers)
        removed = await client.delete(account, headers={**admin.headers, "If-Match": "*"})
        after = await client.get("/v1/directory/me", headers=member.headers)
        public = await client.get("/v1/directory/action-groups", headers=member.headers)

    assert before.status_code == 200 and removed.status_code == 204
    assert after.status_code == public.status_code == 401  # remembered for a minute, forgotten once removed


async def test_a_revocation_holds_at_once_even_after_the_access_epoch_was_overwritten(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    member = world.people["member_a"]
    redis = upstreams["directory"].state.jobs.pool
    await redis.set(ACCESS_EPOCH_KEY, "not a counter")
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        before = await client.get("/v1/directory/me", headers=member.headers)
        keys = (await client.get(f"/v1/directory/organisations/{world.org_a}/keys", headers=member.headers)).json()
        own = next(k for k in keys["items"] if member.key.startswith(k["prefix"]))
        await client.delete(
            f"/v1/directory/organisations/{world.org_a}/keys/{own['id']}", headers={**member.headers, "If-Match": "*"}
        )
        after = await client.get("/v1/directory/me", headers=member.headers)

    assert before.status_code == 200 and after.status_code == 401
    assert int(await redis.get(ACCESS_EPOCH_KEY)) > 0  # a counter again


async def test_concurrent_requests_with_a_key_not_yet_remembered_ask_the_directory_once(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    member = world.people["member_a"]
    verifications: list[str] = []

    async def count(request: Any) -> None:
        if request.url.path == "/internal/keys/verify":
            verifications.append(request.url.path)

    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        app.state.clients["directory"].event_hooks["request"].append(count)
        answers = await asyncio.gather(*(client.get("/v1/directory/me", headers=member.headers) for _ in range(10)))

    assert [a.status_code for a in answers] == [200] * 10
    assert len(verifications) == 1


async def test_a_granted_admin_right_holds_on_the_next_request(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    member, platform = world.people["member_a"], world.people["platform_admin"]
    path = f"/v1/directory/coalitions/{world.coalition}"
    rename = {"json": {"name": "Renamed by a new admin"}, "headers": {**member.headers, "If-Match": "*"}}
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        before = await client.patch(path, **rename)
        granted = await client.put(f"{path}/admins/{member.account_id}", headers=platform.headers)
        after = await client.patch(path, **rename)
        withdrawn = await client.delete(
            f"{path}/admins/{member.account_id}", headers={**platform.headers, "If-Match": "*"}
        )
        again = await client.patch(path, **rename)

    assert before.status_code == 403
    assert granted.status_code == 204 and after.status_code == 200
    assert withdrawn.status_code == 204 and again.status_code == 403


async def test_an_organisation_role_change_holds_on_the_next_request(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    member, admin = world.people["member_a"], world.people["admin_a"]
    account = f"/v1/directory/organisations/{world.org_a}/accounts/{member.account_id}"
    add_colleague = {"json": {"name": "New colleague"}, "headers": member.headers}
    accounts = f"/v1/directory/organisations/{world.org_a}/accounts"
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        before = await client.post(accounts, **add_colleague)
        promoted = await client.patch(account, json={"org_role": "admin"}, headers={**admin.headers, "If-Match": "*"})
        after = await client.post(accounts, **add_colleague)
        stale = await client.patch(account, json={"org_role": "member"}, headers={**admin.headers, "If-Match": '"x"'})
        demoted = await client.patch(
            account, json={"org_role": "member"}, headers={**admin.headers, "If-Match": promoted.headers["ETag"]}
        )
        again = await client.post(accounts, **add_colleague)

    assert before.status_code == 403
    assert promoted.status_code == 200 and promoted.json()["org_role"] == "admin"
    assert after.status_code == 201
    assert stale.status_code == 412
    assert demoted.status_code == 200 and again.status_code == 403


async def test_an_organisation_keeps_one_admin_at_least(gateway_app: FastAPI, world: World) -> None:
    admin = world.people["admin_a"]
    own = f"/v1/directory/organisations/{world.org_a}/accounts/{admin.account_id}"
    other_org = f"/v1/directory/organisations/{world.org_b}/accounts/{world.people['member_b'].account_id}"
    conditional = {**admin.headers, "If-Match": "*"}
    async with asgi_client(gateway_app, "http://gateway") as client:
        # Organisation A's other admins (the revoked and expired keys' accounts) step down first.
        for person in ("revoked", "expired"):
            path = f"/v1/directory/organisations/{world.org_a}/accounts/{world.people[person].account_id}"
            stepped_down = await client.patch(path, json={"org_role": "member"}, headers=conditional)
            assert stepped_down.status_code == 200, stepped_down.text
        last = await client.patch(own, json={"org_role": "member"}, headers=conditional)
        elsewhere = await client.patch(other_org, json={"org_role": "admin"}, headers=conditional)
        platform = world.people["platform_admin"].headers
        wrong_org = await client.patch(
            f"/v1/directory/organisations/{world.org_b}/accounts/{admin.account_id}",
            json={"name": "x"},
            headers={**platform, "If-Match": "*"},
        )

    assert last.status_code == 409 and last.json()["errors"][0]["field"] == "org_role"
    assert elsewhere.status_code == 403 and wrong_org.status_code == 404


async def test_an_expiring_key_stops_at_its_expiry_even_when_cached(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    admin = world.people["admin_a"]
    expires_at = datetime.now(UTC) + timedelta(seconds=1.5)
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        created = await client.post(
            f"/v1/directory/organisations/{world.org_a}/keys",
            json={"name": "short-lived", "expires_at": expires_at.isoformat()},
            headers=admin.headers,
        )
        headers = {"Authorization": f"Bearer {created.json()['key']}"}
        before = await client.get("/v1/directory/me", headers=headers)  # verified, now cached for 60 s
        await asyncio.sleep(max(0.0, (expires_at - datetime.now(UTC)).total_seconds()) + 0.05)
        after = await client.get("/v1/directory/me", headers=headers)

    assert created.status_code == 201, created.text
    assert before.status_code == 200
    assert after.status_code == 401


async def test_an_identity_sent_by_the_client_is_ignored(gateway_app: FastAPI) -> None:
    forged = sign(
        Identity(kind="account", platform_admin=True),
        secret=TEST_SECRET,
        method="POST",
        path="/v1/directory/organisations",
    )
    async with asgi_client(gateway_app, "http://gateway") as client:
        response = await client.post("/v1/directory/organisations", json={"name": "Sneaky"}, headers=forged)

    assert response.status_code == 401  # the gateway asserted "anonymous", whatever the client said


async def test_security_headers_on_every_answer(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as client:
        answers = [
            await client.get("/v1/directory/action-groups"),
            await client.get("/v1/nowhere/x"),
            await client.get("/healthz"),
        ]

    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["referrer-policy"] == "no-referrer"


async def test_cors_admits_only_configured_origins(env: Any, upstreams: dict[str, FastAPI]) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    async with gateway(env, upstreams, cors_origins="https://app.example.org") as app:
        async with asgi_client(app, "http://gateway") as client:
            allowed = await client.options(
                "/v1/directory/organisations", headers={"Origin": "https://app.example.org", **preflight}
            )
            other = await client.options(
                "/v1/directory/organisations", headers={"Origin": "https://evil.example", **preflight}
            )
            simple = await client.get("/v1/directory/action-groups", headers={"Origin": "https://app.example.org"})

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "access-control-allow-origin" not in other.headers
    assert simple.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()


async def test_a_browser_may_send_and_read_every_header_the_api_documents(
    env: Any, upstreams: dict[str, FastAPI]
) -> None:
    origin = {"Origin": "https://app.example.org"}
    # If-None-Match for a 304, Cache-Control: no-cache for a fresh answer (docs/api.md): a browser
    # asks first, and a refusal left a web client without either.
    requested = "authorization, content-type, if-match, if-none-match, cache-control, idempotency-key, accept-language"
    async with gateway(env, upstreams, cors_origins=origin["Origin"]) as app:
        async with asgi_client(app, "http://gateway") as client:
            preflight = await client.options(
                "/v1/directory/coalitions",
                headers={
                    **origin,
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": requested,
                },
            )
            refused = await client.options(
                "/v1/directory/coalitions",
                headers={
                    **origin,
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "x-made-up",
                },
            )
            listed = await client.get("/v1/directory/action-groups", headers=origin)

    assert preflight.status_code == 200, preflight.text
    exposed = {h.strip().lower() for h in listed.headers["access-control-expose-headers"].split(",")}
    assert {"idempotent-replayed", "allow", "content-disposition", "link", "age"} <= exposed
    assert refused.status_code == 400 and refused.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in refused.json()["errors"]] == ["access-control-request-headers"]
    assert "x-made-up" in refused.json()["errors"][0]["reason"]


async def test_the_key_is_not_passed_to_the_services(gateway_app: FastAPI, world: World) -> None:
    seen: list[Headers] = []

    async def spy(request: Request) -> JSONResponse:
        seen.append(request.headers)
        return JSONResponse({})

    async with served(Starlette(routes=[Route("/{path:path}", spy)])) as url:
        gateway_app.state.upstream_urls["directory"] = url
        async with asgi_client(gateway_app, "http://gateway") as client:
            await client.get("/v1/directory/me", headers=world.people["member_a"].headers)

    forwarded = seen[-1]
    assert "authorization" not in forwarded and "x-api-key" not in forwarded
    assert world.people["member_a"].key not in str(forwarded)
    assert "x-hub-identity" in forwarded  # the verified identity, signed, instead


async def test_an_organisation_admin_starts_a_coalition_and_administers_it_at_once(
    env: Any, upstreams: dict[str, FastAPI], world: World
) -> None:
    admin, member = world.people["admin_a"], world.people["member_a"]
    body = {"name": "Kiln Workers Coalition", "scope": "national", "country": "NPL"}
    async with gateway(env, upstreams, key_cache_seconds=60) as app, asgi_client(app, "http://gateway") as client:
        assert (await client.get("/v1/directory/me", headers=admin.headers)).status_code == 200  # remembered
        started = await client.post("/v1/directory/coalitions", json=body, headers=admin.headers)
        renamed = await client.patch(
            started.headers["location"],
            json={"name": "Brick Kiln Coalition"},
            headers={**admin.headers, "If-Match": "*"},
        )
        refused = await client.post("/v1/directory/coalitions", json=body, headers=member.headers)

    assert started.status_code == 201, started.text
    assert renamed.status_code == 200 and renamed.json()["name"] == "Brick Kiln Coalition"
    assert refused.status_code == 403
