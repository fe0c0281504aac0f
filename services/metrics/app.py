from fastapi import FastAPI

from services.metrics.aggregates import routes as aggregates
from services.metrics.batches import routes as batches
from services.metrics.catalogue import routes as catalogue
from services.metrics.clients import DirectoryClient
from services.metrics.config import MetricsSettings
from services.metrics.deserts import routes as deserts
from services.metrics.exports import routes as exports
from services.metrics.models import SCHEMA
from services.metrics.observations import routes as observations
from services.metrics.targets import routes as targets
from shared.app import create_service_app

# In this order in the OpenAPI document.
ROUTERS = [
    catalogue.router,
    observations.router,
    batches.router,
    aggregates.router,
    exports.router,
    deserts.router,
    targets.router,
]


def create_app(settings: MetricsSettings | None = None) -> FastAPI:
    settings = settings or MetricsSettings()

    async def on_startup(app: FastAPI) -> None:
        app.state.directory = DirectoryClient(
            app.state.clients["directory"], coverage_seconds=settings.coverage_cache_seconds
        )

    return create_service_app(
        service="metrics",
        settings=settings,
        routers=ROUTERS,
        schema=SCHEMA,
        peers={"directory": settings.directory_url},
        on_startup=on_startup,
        description="Shared measurement: the indicator catalogue, observations and collective impact.",
    )
