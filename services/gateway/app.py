from fastapi import FastAPI

from services.gateway.config import GatewaySettings
from services.gateway.openapi import OpenAPICache
from services.gateway.routes import SERVICES, router
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
        app.state.openapi = OpenAPICache(app.state.clients, settings.openapi_cache_seconds)

    return create_service_app(
        service="gateway",
        settings=settings,
        routers=[router],
        peers=settings.upstreams(),
        extra_checks={name: _upstream_ready(name) for name in SERVICES},
        on_startup=on_startup,
        description="The public entry of Coalition Hub.",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
