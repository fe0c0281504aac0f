from fastapi import FastAPI

from services.reports.config import ReportsSettings
from services.reports.models import SCHEMA
from services.reports.routes import router
from shared.app import create_service_app


def create_app(settings: ReportsSettings | None = None) -> FastAPI:
    settings = settings or ReportsSettings()
    return create_service_app(
        service="reports",
        settings=settings,
        routers=[router],
        schema=SCHEMA,
        peers={"directory": settings.directory_url},
        description="Shadow reports on governments' SDG 8.7 commitments, generated as jobs.",
    )
