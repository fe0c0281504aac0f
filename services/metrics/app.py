from fastapi import FastAPI

from services.metrics.clients import DirectoryClient
from services.metrics.config import MetricsSettings
from services.metrics.models import SCHEMA
from services.metrics.routes import routers
from shared.app import create_service_app


def create_app(settings: MetricsSettings | None = None) -> FastAPI:
    settings = settings or MetricsSettings()

    async def on_startup(app: FastAPI) -> None:
        app.state.directory = DirectoryClient(
            app.state.clients["directory"], coverage_seconds=settings.coverage_cache_seconds
        )

    return create_service_app(
        service="metrics",
        settings=settings,
        routers=routers,
        schema=SCHEMA,
        peers={"directory": settings.directory_url},
        on_startup=on_startup,
        description="Shared measurement: the indicator catalogue, observations and collective impact.",
    )
