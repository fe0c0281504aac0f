from fastapi import FastAPI

from services.reports.accountability.routes import router as accountability
from services.reports.authoring.routes import router as authoring
from services.reports.clients import DirectoryClient
from services.reports.config import ReportsSettings
from services.reports.models import SCHEMA
from services.reports.publications.routes import router as publications
from services.reports.runs import regeneration
from services.reports.runs.artifacts import Artifacts
from services.reports.runs.routes import router as runs
from services.reports.signoff import service as signoffs
from services.reports.signoff.routes import router as signoff
from services.reports.testimonies.routes import router as testimonies
from services.reports.webhooks.routes import router as webhooks
from shared.app import create_service_app


def create_app(settings: ReportsSettings | None = None) -> FastAPI:
    settings = settings or ReportsSettings()
    return create_service_app(
        service="reports",
        settings=settings,
        routers=[accountability, testimonies, webhooks, authoring, signoff, publications, runs],
        schema=SCHEMA,
        peers={"directory": settings.directory_url, "metrics": settings.metrics_url},
        description="Shadow reports on governments' SDG 8.7 commitments, generated as jobs.",
        on_startup=_start,
    )


async def _start(app: FastAPI) -> None:
    app.state.artifacts = Artifacts(app.state.settings)
    # The directory's client as the app holds it when the step runs (it may be replaced).
    app.state.signoff_of = lambda session, run: signoffs.for_publication(
        session, DirectoryClient(app.state.clients["directory"]), run
    )
    app.state.retract_testimony = regeneration.retraction(app.state.sessionmaker, app.state.jobs, app.state.artifacts)
