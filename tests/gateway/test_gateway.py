import asyncio
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shared.http import create_client
from tests.conftest import GATEWAY_MAX_BODY, TEST_SECRET, Env, World, as_anonymous, gateway
from tests.processes import served
from tests.support.apps import asgi_client


async def test_routes_to_the_directory_with_the_query(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        response = await gateway.get("/v1/directory/countries", params={"pathfinder": "true"})

    assert response.status_code == 200
    assert len(response.json()["items"]) == 15


async def test_request_id_is_kept_across_the_hop(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        response = await gateway.get("/v1/directory/countries/NPL", headers={"X-Request-ID": "req-gateway-0001"})

    assert response.headers["x-request-id"] == "req-gateway-0001"
    assert response.headers.get_list("x-request-id") == ["req-gateway-0001"]


async def test_posts_a_body_through_and_returns_the_upstream_status(gateway_app: FastAPI, world: World) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        response = await gateway.post(
            "/v1/reports/reports",
            json={"country": "PER", "period": "2024", "coalition_id": str(world.coalition)},
            headers=world.people["coalition_admin"].headers,
        )

    assert response.status_code == 202, response.text
    assert response.headers["location"].startswith("/v1/reports/reports/")


async def test_upstream_problems_pass_through_unchanged(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        response = await gateway.get("/v1/directory/countries/QQQ")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_unknown_service_is_a_404_problem(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        response = await gateway.get("/v1/payroll/people")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_streamed_body_over_the_limit_is_a_413(gateway_app: FastAPI) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b" " * GATEWAY_MAX_BODY

    async with asgi_client(gateway_app, "http://gateway") as gateway:
        response = await gateway.post(
            "/v1/reports/reports", content=chunks(), headers={"content-type": "application/json"}
        )

    assert response.status_code == 413
    assert response.json()["title"] == "Payload too large"


async def test_upstream_down_is_a_503_problem_to_retry(gateway_app: FastAPI) -> None:
    gateway_app.state.upstream_urls["metrics"] = "http://127.0.0.1:1"
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        response = await gateway.get("/v1/metrics/indicators")

    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert response.headers["content-type"] == "application/problem+json"
    assert "metrics" in response.json()["detail"]


async def test_upstream_too_slow_is_a_504_problem(env: Env, upstreams: dict[str, FastAPI], silent_server: str) -> None:
    async with gateway(env, upstreams, upstream_timeout_seconds=0.3) as app:
        app.state.upstream_urls["metrics"] = silent_server
        async with asgi_client(app, "http://gateway") as client:
            response = await client.get("/v1/metrics/indicators")

    assert response.status_code == 504
    assert response.json()["title"] == "Upstream service timed out"


@pytest.mark.parametrize(
    ("upstream_status", "status", "retry_after"), [(500, 502, None), (503, 503, "5"), (504, 504, None)]
)
async def test_an_upstream_failure_is_a_problem_that_says_whether_to_retry(
    gateway_app: FastAPI, upstream_status: int, status: int, retry_after: str | None
) -> None:
    """A service that failed is a 502 (it answered wrongly), one in an outage a 503 to retry
    (with Retry-After even if it sent none), one whose own peer was slow a 504."""

    async def failing(request: Request) -> JSONResponse:
        return JSONResponse({"detail": "boom"}, status_code=upstream_status)

    async with served(Starlette(routes=[Route("/{path:path}", failing)])) as url:
        gateway_app.state.upstream_urls["metrics"] = url
        async with asgi_client(gateway_app, "http://gateway") as client:
            response = await client.get("/v1/metrics/indicators")

    assert response.status_code == status
    assert response.headers.get("retry-after") == retry_after
    if status == 502:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == "The metrics service answered 500."


async def test_exports_and_report_files_may_take_longer(env: Env, upstreams: dict[str, FastAPI]) -> None:
    """An answer 0.6 s away: too late for an ordinary route (0.3 s), in time for an export (5 s)."""

    async def slow(request: Request) -> JSONResponse:
        await asyncio.sleep(0.6)
        return JSONResponse({"path": request.url.path})

    slow_service = Starlette(routes=[Route("/{path:path}", slow)])
    async with (
        served(slow_service) as url,
        gateway(env, upstreams, upstream_timeout_seconds=0.3, upstream_long_timeout_seconds=5) as app,
    ):
        app.state.upstream_urls["metrics"] = url
        async with asgi_client(app, "http://gateway") as client:
            ordinary = await client.get("/v1/metrics/indicators")
            export = await client.get("/v1/metrics/exports/aggregates.csv")

    assert ordinary.status_code == 504
    assert (export.status_code, export.json()) == (200, {"path": "/v1/metrics/exports/aggregates.csv"})


async def test_readiness_reports_each_service(gateway_app: FastAPI) -> None:
    """A service that is down makes the gateway degraded, not unready: the other services are
    still served through it."""
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        ready = await gateway.get("/readyz")
        gateway_app.state.clients["reports"] = create_client("http://127.0.0.1:1", timeout=1)
        degraded = await gateway.get("/readyz")

    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert ready.json()["checks"] == {"redis": "ok", "directory": "ok", "metrics": "ok", "reports": "ok"}
    assert degraded.status_code == 200 and degraded.json()["status"] == "degraded"
    checks = degraded.json()["checks"]
    assert checks["reports"].startswith("unavailable") and checks["directory"] == "ok"


async def test_one_openapi_document_for_all_services(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        doc = (await gateway.get("/openapi.json")).json()
        docs_page = await gateway.get("/docs")

    assert {"/v1/directory/countries", "/v1/metrics/indicators", "/v1/reports/reports"} <= set(doc["paths"])
    refs = _refs(doc)
    assert refs and refs <= {f"#/components/schemas/{n}" for n in doc["components"]["schemas"]}
    assert docs_page.status_code == 200 and "/openapi.json" in docs_page.text


async def test_docs_load_swagger_ui_from_the_gateway_itself(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        page = await gateway.get("/docs")
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assets = {source: await gateway.get(source) for source in sources}

    assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
    assert all(a.status_code == 200 and len(a.content) > 100 for a in assets.values())
    assert (
        assets["/docs/assets/swagger-ui-bundle.js"]
        .headers["content-type"]
        .startswith(("text/javascript", "application/javascript"))
    )
    assert "https:" not in page.headers["content-security-policy"]  # nothing from elsewhere


async def test_production_hides_docs_and_metrics_unless_settings_allow(env: Env, upstreams: dict[str, FastAPI]) -> None:
    production = {"environment": "production", "secret_key": TEST_SECRET}
    async with gateway(env, upstreams, **production) as hidden, asgi_client(hidden, "http://gateway") as client:
        closed = [
            (await client.get(path)).status_code
            for path in ("/docs", "/docs/assets/swagger-ui.css", "/openapi.json", "/metrics")
        ]
        home = (await client.get("/")).text
    async with (
        gateway(env, upstreams, **production, expose_docs=True) as shown,
        asgi_client(shown, "http://gw") as client,
    ):
        opened = [(await client.get(path)).status_code for path in ("/docs", "/openapi.json")]

    assert closed == [404, 404, 404, 404]
    assert opened == [200, 200]
    assert 'href="/docs"' not in home and 'href="/v1/reports/public/index.html"' in home


async def test_the_root_shows_a_browser_the_way_in(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        home = await gateway.get("/")
        links = re.findall(r'href="([^"]+)"', home.text)
        followed = {link: (await gateway.get(link)).status_code for link in links}

    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    assert "/docs" in links and "/v1/reports/public/index.html" in links
    assert set(followed.values()) == {200}, followed


def _refs(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


async def test_health_needs_nothing(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        response = await gateway.get("/healthz")

    assert response.json() == {"status": "ok", "service": "gateway"}


async def test_prometheus_metrics_count_requests(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        await gateway.get("/v1/directory/action-groups")
        metrics = await gateway.get("/metrics")

    assert metrics.status_code == 200
    assert "http_requests_total" in metrics.text


async def test_large_answers_stream_through(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        async with gateway.stream("GET", "/v1/directory/countries", params={"limit": 500}) as response:
            body = b"".join([chunk async for chunk in response.aiter_raw()])

    assert response.status_code == 200
    assert body.count(b'"iso3"') == 249
    assert httpx.Response(200, content=body).json()["next_cursor"] is None


async def test_control_characters_in_the_path_are_a_422_problem(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        answers = [
            await gateway.get("/v1/directory/organisations/a%05"),
            await gateway.get("/v1/directory/organisations/%0d%0aX-Injected:%201"),
            await gateway.get("/v1/metrics/indicators/%7f"),
        ]

    for answer in answers:
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["errors"][0]["field"] == "path"


async def test_encoded_traversal_never_leaves_the_service_prefix(gateway_app: FastAPI) -> None:
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        escapes = [
            await gateway.get("/v1/directory/%2e%2e%2f%2e%2e%2fmetrics"),
            await gateway.get("/v1/directory/%2e%2e/%2e%2e/readyz"),
            await gateway.get("/v1/directory/..%2f..%2finternal/keys/verify"),
            await gateway.get("/v1/directory/%2e%2e%2fmetrics%2findicators"),
        ]
        inside = await gateway.get("/v1/directory/organisations/%2e%2e/countries/NPL")

    for answer in escapes:
        assert answer.status_code == 404, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert "process_" not in answer.text and "hub_http" not in answer.text
    assert inside.status_code == 200  # normalised, and still the directory's own public path
    assert inside.json()["iso3"] == "NPL"


async def test_a_trailing_slash_is_a_404_problem_not_a_redirect(gateway_app: FastAPI, world: World) -> None:
    # Starlette's redirect_slashes sent clients to the service's own address (and a POST, with
    # its Authorization, after them); no path is redirected now, anywhere.
    admin = world.people["platform_admin"].headers
    async with asgi_client(gateway_app, "http://gateway") as gateway:
        answers = {
            "GET /v1/metrics/indicators/": await gateway.get("/v1/metrics/indicators/"),
            "GET /v1/directory/organisations/": await gateway.get("/v1/directory/organisations/", headers=admin),
            "POST /v1/directory/organisations/": await gateway.post(
                "/v1/directory/organisations/", json={"name": "Slash Network"}, headers=admin
            ),
            "GET /v1/reports/public/": await gateway.get("/v1/reports/public/"),
            "GET /v1/metrics/indicators/x%2F": await gateway.get("/v1/metrics/indicators/x%2F"),
            "GET /healthz/": await gateway.get("/healthz/"),  # the gateway's own
        }
        listed = (await gateway.get("/v1/directory/organisations", params={"q": "Slash Network"}, headers=admin)).json()

    for request, answer in answers.items():
        assert answer.status_code == 404, (request, answer.status_code, answer.headers.get("location"))
        assert answer.headers["content-type"] == "application/problem+json", request
        assert "location" not in answer.headers, request
    assert listed["total"] == 0


async def test_head_is_answered_wherever_get_is(gateway_app: FastAPI, directory_app: FastAPI, world: World) -> None:
    member = world.people["member_a"].headers
    paths = ["/v1/directory/countries/NPL", f"/v1/directory/organisations/{world.org_a}", "/healthz"]
    async with asgi_client(gateway_app, "http://gateway") as client:
        pairs = [(await client.get(p, headers=member), await client.head(p, headers=member)) for p in paths]
    async with asgi_client(directory_app, "http://directory", signer=as_anonymous()) as client:
        direct = await client.head("/v1/directory/countries/NPL")

    for get, head in pairs:
        assert (head.status_code, get.status_code) == (200, 200), head.request.url
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers.get("etag") == get.headers.get("etag")
    assert direct.status_code == 200 and direct.content == b""


async def test_a_method_no_route_takes_is_a_405_listing_what_the_path_answers(gateway_app: FastAPI) -> None:
    # The gateway's forward takes the usual methods; any other (TRACE, a made-up one) was refused
    # by the gateway with its own methods in Allow, not those of the path.
    async with asgi_client(gateway_app, "http://gateway") as client:
        answers = {
            (method, path): await client.request(method, path)
            for method in ("TRACE", "PROPFIND", "DELETE")
            for path in ("/v1/directory/countries", "/v1/directory/coalitions", "/v1/directory/imports")
        }

    for (method, path), answer in answers.items():
        assert answer.status_code == 405, (method, path)
        assert answer.headers["content-type"] == "application/problem+json"
        expected = {
            "/v1/directory/countries": "GET, HEAD",
            "/v1/directory/coalitions": "GET, HEAD, POST",
            "/v1/directory/imports": "POST",
        }[path]
        assert answer.headers["allow"] == expected, (method, path)
        assert method in answer.json()["detail"] and expected in answer.json()["detail"]
