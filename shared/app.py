"""The one way a service app is put together: lifespan resources, middleware, error handlers,
health, readiness and Prometheus metrics (on the service's port, or on a port of their own)."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.telemetry import TelemetryConfig

from shared.audit import audit_router
from shared.auth import IdentityMiddleware
from shared.db import create_engine, create_read_sessionmaker, create_sessionmaker, ping
from shared.errors import install_error_handlers, problem
from shared.http import IdentitySigner, create_client
from shared.idempotency import IdempotencyMiddleware, declare_header
from shared.jobs import JobQueue
from shared.logging import configure_logging
from shared.middleware import ConditionalGetMiddleware, HeadAsGetMiddleware, RequestContextMiddleware
from shared.observability import instrument_app, serve_metrics
from shared.openapi import describe, operation_id
from shared.query import known_query_parameters
from shared.settings import CommonSettings

Check = Callable[[FastAPI], Awaitable[None]]
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}
# Every app's, the gateway's included. FastAPI's OpenTelemetry hooks asked the tracer, meter and
# logger providers on every request (environment lookups included); the platform's metrics are
# Prometheus'. Starlette answers a path with one slash too many (or too few) with a redirect to
# its own idea of the URL: behind the gateway, a service's internal address, which a client
# follows (a POST with its Authorization included); such a path is a 404 problem instead. Every
# route refuses query parameters it does not take (shared.query).
APP_OPTIONS: dict[str, Any] = {
    "telemetry": NO_TELEMETRY,
    "redirect_slashes": False,
    "dependencies": [Depends(known_query_parameters)],
}
READY_TIMEOUT_SECONDS = 2.0
# Endpoints that take files, allowed MAX_IMPORT_BYTES instead of MAX_BODY_BYTES, as path patterns
# (the same public path on the gateway and the service).
LARGE_BODY_PATHS = (r"/v1/directory/imports", r"/v1/metrics/organisations/[^/]+/observations/batches")


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[FastAPI]:
    """`app` with its lifespan started (pools, clients, queue), for using it in process."""
    async with app.router.lifespan_context(app):
        yield app


async def _check_database(app: FastAPI) -> None:
    await ping(app.state.engine)


async def _check_redis(app: FastAPI) -> None:
    await app.state.jobs.ping()


async def readiness(app: FastAPI, checks: dict[str, Check]) -> dict[str, str]:
    async def run(check: Check) -> str:
        try:
            await asyncio.wait_for(check(app), READY_TIMEOUT_SECONDS)
            return "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            return f"unavailable: {type(exc).__name__}"

    results = await asyncio.gather(*(run(c) for c in checks.values()))
    return dict(zip(checks, results, strict=True))


def readiness_response(results: dict[str, str], required: Iterable[str]) -> JSONResponse:
    """Ready (200) while every `required` check passes; the others (Redis, the gateway's
    upstreams) only say "degraded": a balancer taking the process out of rotation for them would
    stop what still works (reads, the other services) along with what does not."""
    failing = [k for k, v in results.items() if v != "ok"]
    if blocking := [k for k in failing if k in set(required)]:
        detail = f"Unavailable: {', '.join(blocking)}."
        return problem(503, "Not ready", detail, slug="not-ready", extra={"checks": results})
    return JSONResponse({"status": "degraded" if failing else "ready", "checks": results})


Hook = Callable[[FastAPI], Awaitable[None]]


def _lifespan(
    service: str,
    settings: CommonSettings,
    schema: str | None,
    peers: dict[str, str],
    on_startup: Hook | None,
    on_shutdown: Hook | None,
    custom_plans: bool,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Opens the app's resources (Redis, the peers' clients, the database, the Prometheus port)
    before it serves, and closes them after."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.jobs = JobQueue.connect(settings.redis_url, settings.queue_name)
        signer = IdentitySigner.for_service(settings.secret_key.get_secret_value(), service)
        app.state.clients = {
            name: create_client(url, peer=name, timeout=settings.http_timeout_seconds, signer=signer)
            for name, url in peers.items()
        }
        if schema:
            app.state.schema = schema
            app.state.engine = create_engine(settings.database_url, schema, custom_plans=custom_plans)
            app.state.sessionmaker = create_sessionmaker(app.state.engine)
            app.state.read_sessionmaker = create_read_sessionmaker(app.state.engine)
        if on_startup:
            await on_startup(app)
        prometheus = serve_metrics(settings.host, settings.prometheus_port)
        try:
            yield
        finally:
            if prometheus is not None:
                await asyncio.to_thread(prometheus.shutdown)  # waits for its loop to stop
                prometheus.server_close()
            if on_shutdown:
                await on_shutdown(app)
            for client in app.state.clients.values():
                await client.aclose()
            await app.state.jobs.close()
            if schema:
                await app.state.engine.dispose()

    return lifespan


def _add_middleware(app: FastAPI, settings: CommonSettings, *, verify_identity: bool, idempotency: bool) -> None:
    app.add_middleware(ConditionalGetMiddleware)  # inside HEAD-as-GET: a HEAD gets its GET's ETag
    app.add_middleware(HeadAsGetMiddleware)  # inside the identity check, which sees HEAD as signed
    if verify_identity:
        if idempotency:  # a write's key or nonce is kept with the write (shared/idempotency.py)
            app.add_middleware(IdempotencyMiddleware, settings=settings)
            declare_header(app)
        app.add_middleware(
            IdentityMiddleware,
            secret=settings.secret_key.get_secret_value(),
            fallbacks=settings.fallback_secrets(),
            redis_nonces=not idempotency,
        )
    # Added last, so it wraps everything else: request id, body limit, 500 fallback.
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        larger_bodies=dict.fromkeys(LARGE_BODY_PATHS, settings.max_import_bytes),
    )


def create_service_app(
    *,
    service: str,
    settings: CommonSettings,
    routers: list[APIRouter],
    description: str,
    schema: str | None = None,
    peers: dict[str, str] | None = None,
    extra_checks: dict[str, Check] | None = None,
    on_startup: Hook | None = None,
    on_shutdown: Hook | None = None,
    verify_identity: bool = True,
    custom_plans: bool = False,
    **fastapi_options: Any,
) -> FastAPI:
    """`schema` gives the service a database (with an audit log and write keys; `custom_plans`:
    shared.db.create_engine), the one dependency readiness requires; `extra_checks` show on
    /readyz without making the process unready, as Redis. `peers` names the httpx clients it
    keeps (`app.state.clients[name]`), signing with the service's own identity. With
    `verify_identity`, every request must carry a valid gateway-signed identity."""
    configure_logging(service, settings.log_level)
    checks: dict[str, Check] = {}
    if schema:
        checks["database"] = _check_database
    checks["redis"] = _check_redis
    checks.update(extra_checks or {})
    required = {"database"} if schema else set()

    lifespan = _lifespan(service, settings, schema, peers or {}, on_startup, on_shutdown, custom_plans)
    app = FastAPI(
        title=f"Coalition Hub {service}",
        description=description,
        version="0.1.0",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        **APP_OPTIONS,
        **fastapi_options,
    )
    app.openapi = lambda: describe(app)  # type: ignore[method-assign]
    install_error_handlers(app)

    # First, so a probe is not matched against every route of the API before its own.
    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        return readiness_response(await readiness(request.app, checks), required)

    for router in routers:
        app.include_router(router)
    if schema:
        app.include_router(audit_router(service, schema))

    instrument_app(app, expose=settings.metrics_on_service_port())
    _add_middleware(app, settings, verify_identity=verify_identity, idempotency=bool(schema))
    return app
