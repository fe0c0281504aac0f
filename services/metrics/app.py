from fastapi import FastAPI

from services.metrics.config import MetricsSettings
from services.metrics.models import SCHEMA
from services.metrics.routes import router
from shared.app import create_service_app


def create_app(settings: MetricsSettings | None = None) -> FastAPI:
    return create_service_app(
        service="metrics",
        settings=settings or MetricsSettings(),
        routers=[router],
        schema=SCHEMA,
        description="Shared measurement: the indicator catalogue, observations and collective impact.",
    )
