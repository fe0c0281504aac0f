from fastapi import FastAPI

from services.directory.config import DirectorySettings
from services.directory.models import SCHEMA
from services.directory.routes import routers
from shared.app import create_service_app


def create_app(settings: DirectorySettings | None = None) -> FastAPI:
    return create_service_app(
        service="directory",
        settings=settings or DirectorySettings(),
        routers=routers,
        schema=SCHEMA,
        description="Organisations, coalitions and reference data (countries, Pathfinder status, "
        "Alliance 8.7 action groups).",
    )
