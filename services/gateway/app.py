from fastapi import FastAPI
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from services.gateway.cache import SharedCache
from services.gateway.config import GatewaySettings
from services.gateway.keys import KeyVerifier
from services.gateway.openapi import OpenAPICache
from services.gateway.ratelimit import Policy, RateLimiter
from services.gateway.routes import DOCS_ASSETS, SERVICES, docs_router, router
from services.gateway.security import (
    CORS_EXPOSED_HEADERS,
    CORS_REQUEST_HEADERS,
    ApiCORSMiddleware,
    SecurityHeadersMiddleware,
)
from services.gateway.timeouts import UpstreamTimeouts, upstream_session
from shared.app import Check, create_service_app
from shared.http import upstream_errors


def _upstream_ready(service: str) -> Check:
    async def check(app: FastAPI) -> None:
        with upstream_errors(f"The {service} service"):
            response = await app.state.clients[service].get("/readyz")
        if response.status_code != 200:
            raise RuntimeError(f"{service} is not ready")

    return check


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    settings = settings.model_copy(update={"http_timeout_seconds": settings.upstream_timeout_seconds})

    async def on_startup(app: FastAPI) -> None:
        app.state.secret = settings.secret_key.get_secret_value()
        app.state.openapi = OpenAPICache(app.state.clients, settings.openapi_cache_seconds)
        app.state.keys = KeyVerifier(app.state.clients, settings.key_cache_seconds, app.state.jobs.pool)
        app.state.upstream_timeouts = UpstreamTimeouts(settings)
        app.state.upstream_urls = {name: url.rstrip("/") for name, url in settings.upstreams().items()}
        app.state.upstream_session = upstream_session()
        app.state.shared_cache = SharedCache(settings.shared_cache_megabytes * 1_048_576, settings.shared_cache_seconds)
        app.state.limiter = RateLimiter(app.state.jobs.pool)
        app.state.rate_policies = {
            "key": Policy("key", settings.rate_limit_burst, settings.rate_limit_per_second),
            "anonymous": Policy("anonymous", settings.anonymous_burst, settings.anonymous_per_second),
            "key_creation": Policy("key_creation", settings.key_creation_burst, settings.key_creation_per_hour / 3600),
            "registration": Policy("registration", settings.registration_burst, settings.registration_per_hour / 3600),
            "auth_failure": Policy("auth_failure", settings.auth_failure_burst, settings.auth_failure_per_minute / 60),
        }

    app = create_service_app(
        service="gateway",
        settings=settings,
        routers=[router, docs_router] if settings.docs_exposed() else [router],
        peers=settings.upstreams(),
        extra_checks={name: _upstream_ready(name) for name in SERVICES},
        on_startup=on_startup,
        on_shutdown=lambda app: app.state.upstream_session.close(),
        verify_identity=False,  # the gateway is where identities come from
        description="The public entry of Coalition Hub.",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    if settings.docs_exposed():
        app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")
    app.add_middleware(
        ApiCORSMiddleware,
        allow_origins=settings.cors_origin_list(),
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=CORS_REQUEST_HEADERS,
        expose_headers=CORS_EXPOSED_HEADERS,
        max_age=600,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    return app
