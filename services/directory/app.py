from fastapi import FastAPI

from services.directory.config import DirectorySettings
from services.directory.models import SCHEMA
from services.directory.routes import routers
from services.directory.service.search import FacetCache
from shared.app import create_service_app


def create_app(settings: DirectorySettings | None = None) -> FastAPI:
    settings = settings or DirectorySettings()

    async def on_startup(app: FastAPI) -> None:
        app.state.facet_cache = FacetCache(settings.facet_cache_seconds)

    return create_service_app(
        service="directory",
        settings=settings,
        on_startup=on_startup,
        routers=routers,
        schema=SCHEMA,
        description="Organisations, coalitions and reference data (countries, Pathfinder status, "
        "Alliance 8.7 action groups).",
    )
