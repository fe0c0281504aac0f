from fastapi import FastAPI

from services.directory.accounts import routes as accounts
from services.directory.coalitions import routes as coalitions
from services.directory.config import DirectorySettings
from services.directory.coverage import routes as coverage
from services.directory.exports import routes as exports
from services.directory.hsds import routes as hsds
from services.directory.imports import routes as imports
from services.directory.memberships import routes as memberships
from services.directory.models import SCHEMA
from services.directory.onboarding import routes as onboarding
from services.directory.organisations import routes as organisations
from services.directory.reference import routes as reference
from services.directory.search import routes as search
from services.directory.search.service import FacetCache, GramFrequencies
from services.directory.shared_services import routes as shared_services
from shared.app import create_service_app

# In this order: the OpenAPI document lists the operations as they are included.
ROUTERS = [
    reference.router,
    search.router,
    coverage.router,
    organisations.router,
    coalitions.router,
    onboarding.router,
    memberships.router,
    shared_services.router,
    imports.router,
    exports.router,
    hsds.router,
    accounts.router,
    accounts.internal,
]


def create_app(settings: DirectorySettings | None = None) -> FastAPI:
    settings = settings or DirectorySettings()

    async def on_startup(app: FastAPI) -> None:
        app.state.facet_cache = FacetCache(settings.facet_cache_seconds)
        app.state.gram_frequencies = GramFrequencies()

    return create_service_app(
        service="directory",
        settings=settings,
        on_startup=on_startup,
        routers=ROUTERS,
        schema=SCHEMA,
        custom_plans=True,  # the search's generic plan is slow (docs/performance.md)
        description="Organisations, coalitions and reference data (countries, Pathfinder status, "
        "Alliance 8.7 action groups).",
    )
